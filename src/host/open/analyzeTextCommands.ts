// "Analyze Dump from Clipboard", "Analyze Selection" and "Analyze Terminal Selection": a goroutine
// dump pasted in an editor, printed in a terminal or found in a log (a panic, a SIGQUIT dump,
// debug=2 or debug=1 text).
import * as vscode from 'vscode';
import { analyzeWithProgress, type AnalysisDeps } from '../analysis/runAnalysis';
import type { AnalysisSession } from '../model/analysisSession';

const NO_DUMP =
  'contains no goroutine dump (expected lines like "goroutine 1 [running]:" or "goroutine profile: total N")';

function looksLikeDump(text: string): boolean {
  return (
    /^\s*goroutine \d+ (?:gp=\S+ m=\S+(?: mp=\S+)? )?\[/m.test(text) ||
    /goroutine(?:leak)? profile: total \d+/.test(text)
  );
}

async function analyzeText(deps: AnalysisDeps, text: string, title: string): Promise<AnalysisSession | null> {
  if (!looksLikeDump(text)) {
    void vscode.window.showWarningMessage(`The ${title.toLowerCase()} ${NO_DUMP}.`);
    return null;
  }
  return analyzeWithProgress(deps, title, [{ name: title, bytes: new TextEncoder().encode(text) }], null);
}

export function analyzeClipboardCommand(deps: AnalysisDeps) {
  return async (): Promise<AnalysisSession | null> =>
    analyzeText(deps, await vscode.env.clipboard.readText(), 'Clipboard');
}

export function analyzeSelectionCommand(deps: AnalysisDeps) {
  return async (): Promise<AnalysisSession | null> => {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const sel = editor.selection;
      const text = sel.isEmpty ? editor.document.getText() : editor.document.getText(sel);
      return analyzeText(deps, text, sel.isEmpty ? 'Editor' : 'Selection');
    }
    if (vscode.window.activeTerminal) return analyzeTerminalSelection(deps);
    void vscode.window.showInformationMessage('Select a goroutine dump in an editor or a terminal first.');
    return null;
  };
}

/**
 * The active terminal's selection. Its own command (the terminal's context menu, the palette):
 * "Analyze Selection" cannot tell a focused terminal from the editor last used, which stays the
 * active text editor.
 */
export function analyzeTerminalSelectionCommand(deps: AnalysisDeps) {
  return async (): Promise<AnalysisSession | null> => {
    if (!vscode.window.activeTerminal) {
      void vscode.window.showInformationMessage('Open a terminal and select a goroutine dump in it first.');
      return null;
    }
    return analyzeTerminalSelection(deps);
  };
}

async function analyzeTerminalSelection(deps: AnalysisDeps): Promise<AnalysisSession | null> {
  // The terminal's selection has no API: copy it and read the clipboard.
  await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
  return analyzeText(deps, await vscode.env.clipboard.readText(), 'Terminal selection');
}
