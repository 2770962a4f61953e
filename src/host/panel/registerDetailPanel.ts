// Registers the detail webview beside the source and Show Snapshot Summary; an open panel follows
// each new analysis to its summary.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { requireSession, type Services } from '../services';
import { DetailPanel } from './detailPanel';

export function registerDetailPanel(context: vscode.ExtensionContext, services: Services): DetailPanel {
  const panel = new DetailPanel(context.extensionUri, services.source);
  context.subscriptions.push(
    panel,
    services.sessions.onDidChange((s) => panel.sessionChanged(s)),
    vscode.commands.registerCommand(COMMANDS.showSummary, () => {
      const s = requireSession(services);
      if (s) panel.showSummary(s);
    }),
  );
  return panel;
}
