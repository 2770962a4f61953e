// "Analyze Dump from Clipboard" and "Analyze Selection": a goroutine dump pasted in an editor, a
// terminal or a log (a panic, a SIGQUIT dump, debug=2 or debug=1 text).
import * as vscode from 'vscode';
import { analyzeWithProgress, type AnalysisDeps } from '../analysis/runAnalysis';
import type { AnalysisSession } from '../model/analysisSession';

const NO_DUMP = 'contains no goroutine dump (expected lines like "goroutine 1 [running]:" or "goroutine profile: total N")';

function looksLikeDump(text: string): boolean {
  return /^\s*goroutine \d+ (?:gp=\S+ m=\S+(?: mp=\S+)? )?\[/m.test(text) || /goroutine(?:leak)? profile: total \d+/.test(text);
}

async function analyzeText(deps: AnalysisDeps, text: string, title: string): Promise<AnalysisSession | null> {
  if (!looksLikeDump(text)) {
    void vscode.window.showWarningMessage(`The ${title.toLowerCase()} ${NO_DUMP}.`);
    return null;
  }
  return analyzeWithProgress(deps, title, [{ name: title, bytes: new TextEncoder().encode(text) }], null);
}

export function analyzeClipboardCommand(deps: AnalysisDeps) {
  return async (): Promise<AnalysisSession | null> => analyzeText(deps, await vscode.env.clipboard.readText(), 'Clipboard');
}

export function analyzeSelectionCommand(deps: AnalysisDeps) {
  return async (): Promise<AnalysisSession | null> => {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const sel = editor.selection;
      const text = sel.isEmpty ? editor.document.getText() : editor.document.getText(sel);
      return analyzeText(deps, text, sel.isEmpty ? 'Editor' : 'Selection');
    }
    if (vscode.window.activeTerminal) {
      // The terminal's selection has no API: copy it and read the clipboard.
      await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
      return analyzeText(deps, await vscode.env.clipboard.readText(), 'Terminal selection');
    }
    void vscode.window.showInformationMessage('Select a goroutine dump in an editor or a terminal first.');
    return null;
  };
}
