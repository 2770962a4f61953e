// Registers the quick fixes: the code action provider on Go files, "Apply Fix" (hover link, group
// page button), and the line tracking that keeps stack lines valid while fixes are applied.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { Services } from '../services';
import { applyFixCommand } from './applyFixCommand';
import { LineTracker } from './lineTracker';
import { QuickFixProvider } from './quickFixProvider';
import { WorkspaceFixes } from './workspaceFixes';

export function registerFixes(context: vscode.ExtensionContext, services: Services): void {
  const lines = new LineTracker();
  const fixes = new WorkspaceFixes(lines);
  context.subscriptions.push(
    lines,
    services.sessions.onDidChange(() => lines.reset()),
    vscode.languages.registerCodeActionsProvider(
      { language: 'go', scheme: 'file' },
      new QuickFixProvider(services.sessions, fixes, lines),
      { providedCodeActionKinds: QuickFixProvider.kinds },
    ),
    vscode.commands.registerCommand(COMMANDS.applyFix, applyFixCommand(services, fixes)),
  );
}
