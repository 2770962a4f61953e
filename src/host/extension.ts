// Extension entry point: builds the services and calls each feature's register function.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('goroutineInspector.focusView', () =>
      vscode.commands.executeCommand('goroutineInspector.goroutines.focus'),
    ),
  );
}

export function deactivate(): void {}
