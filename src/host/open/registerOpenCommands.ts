// Registers the ways to open what was captured elsewhere: Open Profile File…, Analyze Dump from
// Clipboard, Analyze Selection, Analyze Terminal Selection, and the read-only profile editor.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { Services } from '../services';
import {
  analyzeClipboardCommand,
  analyzeSelectionCommand,
  analyzeTerminalSelectionCommand,
} from './analyzeTextCommands';
import { openProfileFileCommand } from './openProfileFileCommand';
import { ProfileEditorProvider } from './profileEditorProvider';

export function registerOpenCommands(context: vscode.ExtensionContext, { analysis, source }: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openProfileFile, openProfileFileCommand(analysis)),
    vscode.commands.registerCommand(COMMANDS.analyzeClipboard, analyzeClipboardCommand(analysis)),
    vscode.commands.registerCommand(COMMANDS.analyzeSelection, analyzeSelectionCommand(analysis)),
    vscode.commands.registerCommand(COMMANDS.analyzeTerminalSelection, analyzeTerminalSelectionCommand(analysis)),
    vscode.window.registerCustomEditorProvider(
      ProfileEditorProvider.viewType,
      new ProfileEditorProvider(analysis, source),
      {
        supportsMultipleEditorsPerDocument: false,
      },
    ),
  );
}
