// "Apply Fix" for one group (the hover's link, the group page's button): its fixes, picked from a
// list when there are several, applied and shown.
import * as vscode from 'vscode';
import { findGroup } from '../../core/present/groupLookup';
import { groupShortTitle } from '../../core/present/titles';
import type { Services } from '../services';
import { requireSession } from '../services';
import { workspaceEdit, type WorkspaceFixes } from './workspaceFixes';

export function applyFixCommand(services: Services, fixes: WorkspaceFixes) {
  return async (key?: unknown): Promise<boolean> => {
    const session = requireSession(services);
    // A string from the hover and the webview; the row itself from the tree's context menu.
    const k = typeof key === 'string' ? key : (key as { groupKey?: unknown } | undefined)?.groupKey;
    const g = session && typeof k === 'string' ? findGroup(session.result, k) : null;
    if (!session || !g) return false;
    const all = await fixes.fixes(session, g.group.key);
    if (all.length === 0) {
      void vscode.window.showInformationMessage(
        `No quick fix applies to ${groupShortTitle(g)} as its source reads now${g.verdict.fix ? `; suggested: ${g.verdict.fix}` : ''}.`,
      );
      return false;
    }
    const fix =
      all.length === 1
        ? all[0]
        : (
            await vscode.window.showQuickPick(
              all.map((f) => ({ label: f.title, fix: f })),
              { title: `Fix ${groupShortTitle(g)}`, placeHolder: g.verdict.reason ?? undefined },
            )
          )?.fix;
    if (!fix) return false;
    const applied = await vscode.workspace.applyEdit(workspaceEdit(fix));
    const first = fix.edits[0];
    if (applied && first) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(first.file));
      const at = new vscode.Position(first.start.line, 0);
      await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.One,
        selection: new vscode.Range(at, at),
      });
    }
    return applied;
  };
}
