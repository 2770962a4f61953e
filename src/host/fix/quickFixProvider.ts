// The light bulb on the lines where suspects block: each group's fixes as QuickFix code actions
// (the first one preferred), computed from the syntax tree by core/fix and applied as one
// WorkspaceEdit, so a single undo restores the file.
import * as vscode from 'vscode';
import { blockingLineMarks, type LineMarkView } from '../../core/present/editorMarks';
import { locateFrameFile } from '../editor/frameLocator';
import type { AnalysisSession } from '../model/analysisSession';
import type { SessionStore } from '../model/sessionStore';
import type { LineTracker } from './lineTracker';
import { workspaceEdit, type WorkspaceFixes } from './workspaceFixes';

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private marks: { session: string; byFile: Promise<Map<string, LineMarkView[]>> } | null = null;

  constructor(
    private readonly sessions: SessionStore,
    private readonly fixes: WorkspaceFixes,
    private readonly lines: LineTracker,
  ) {}

  /** The marks (suspect groups by blocking line) of a session, by local file. */
  private marksOf(session: AnalysisSession): Promise<Map<string, LineMarkView[]>> {
    if (this.marks?.session !== session.id) {
      const byFile = blockingLineMarks(
        session.result,
        async (file, fn) => (await locateFrameFile({ file, function: fn }, session.localFiles))?.fsPath ?? null,
      ).then((all) => {
        const m = new Map<string, LineMarkView[]>();
        for (const mark of all) m.set(mark.file, [...(m.get(mark.file) ?? []), mark]);
        return m;
      });
      this.marks = { session: session.id, byFile };
    }
    return this.marks.byFile;
  }

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const session = this.sessions.session;
    if (!session || (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only))) return [];
    const marks = (await this.marksOf(session)).get(document.uri.fsPath) ?? [];
    const here = marks.filter((m) => {
      const now = this.lines.map(document.uri.fsPath, m.line);
      return now !== null && now - 1 >= range.start.line && now - 1 <= range.end.line;
    });
    const actions: vscode.CodeAction[] = [];
    for (const mark of here) {
      for (const g of mark.groups) {
        if (token.isCancellationRequested) return [];
        for (const fix of await this.fixes.fixes(session, g.group.key)) {
          const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          a.edit = workspaceEdit(fix);
          a.isPreferred = actions.length === 0;
          actions.push(a);
        }
      }
    }
    return actions;
  }
}
