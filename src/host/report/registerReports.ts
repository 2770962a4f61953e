// Sharing what was found: "Copy Report as Markdown" (the whole snapshot, or one group from its
// context menu) and "Export Stacks for speedscope…". A stored snapshot that is not the current one
// is opened first, so the report is of the analysis the views show.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { markdownReport } from '../../core/report/markdownReport';
import { speedscopeProfile } from '../../core/report/speedscopeProfile';
import { COMMANDS } from '../commandIds';
import type { AnalysisSession } from '../model/analysisSession';
import { requireSession, type Services } from '../services';

/** What a context menu hands a command: a group row (its key) or a stored snapshot (its id). */
function target(arg: unknown): { groupKey?: string; snapshotId?: string } {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as { groupKey?: unknown; id?: unknown; files?: unknown };
  if (typeof o.groupKey === 'string') return { groupKey: o.groupKey };
  if (typeof o.id === 'string' && Array.isArray(o.files)) return { snapshotId: o.id };
  return {};
}

async function sessionFor(services: Services, arg: unknown): Promise<AnalysisSession | null> {
  const { snapshotId } = target(arg);
  const current = services.sessions.session;
  if (snapshotId && current?.snapshotId !== snapshotId)
    return ((await vscode.commands.executeCommand(COMMANDS.openSnapshot, arg)) as AnalysisSession | null) ?? null;
  return requireSession(services);
}

export function registerReports(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.copyReportMarkdown, async (arg?: unknown) => {
      const session = await sessionFor(services, arg);
      if (!session) return null;
      const { groupKey } = target(arg);
      const md = markdownReport(session.result, {
        title: session.title,
        ...(groupKey ? { groupKeys: [groupKey] } : {}),
      });
      await vscode.env.clipboard.writeText(md);
      void vscode.window.showInformationMessage(
        groupKey
          ? 'Copied the group as Markdown.'
          : `Copied the report of ${session.result.suspectCount} suspect group(s) as Markdown.`,
      );
      return md;
    }),
    // `to` (scripts, tests) skips the save dialog.
    vscode.commands.registerCommand(COMMANDS.exportSpeedscope, async (arg?: unknown, to?: unknown) => {
      const session = await sessionFor(services, arg);
      if (!session) return null;
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const uri =
        to instanceof vscode.Uri
          ? to
          : await vscode.window.showSaveDialog({
              title: 'Export stacks for speedscope',
              defaultUri: vscode.Uri.joinPath(
                vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()),
                `goroutines-${stamp}.speedscope.json`,
              ),
              filters: { speedscope: ['json'] },
            });
      if (!uri) return null;
      const version = (context.extension.packageJSON as { version?: string }).version ?? '';
      const file = speedscopeProfile(session.result.snapshot, session.title, `goroutine-inspector@${version}`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(file)));
      void vscode.window.showInformationMessage(`Saved ${uri.fsPath}: open it in speedscope or the Firefox Profiler.`);
      return uri;
    }),
  );
}
