// "Open Profile File…": one or more files of one moment (a debug=2 dump, its proto for labels, a
// goroutineleak profile, a heap profile) analysed together.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyzeWithProgress, type AnalysisDeps } from '../analysis/runAnalysis';
import type { AnalysisSession } from '../model/analysisSession';

export function openProfileFileCommand(deps: AnalysisDeps) {
  return async (arg?: unknown, selected?: unknown): Promise<AnalysisSession | null> => {
    // From the explorer's context menu: the clicked file and the multi-selection.
    let uris: vscode.Uri[] | undefined =
      Array.isArray(selected) && selected.every((u) => u instanceof vscode.Uri)
        ? (selected as vscode.Uri[])
        : arg instanceof vscode.Uri
          ? [arg]
          : typeof arg === 'string'
            ? [vscode.Uri.file(arg)]
            : undefined;
    uris ??= await vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: 'Analyze',
      title: 'Open goroutine profiles or dumps of one moment',
      filters: { 'Go profiles and dumps': ['gz', 'pb', 'pprof', 'txt', 'log', 'out', 'dump'], 'All files': ['*'] },
    });
    if (!uris?.length) return null;
    const local = uris.filter((u) => u.scheme === 'file');
    if (local.length !== uris.length) {
      void vscode.window.showErrorMessage(
        'Goroutine Inspector can only open files on the machine running the extension.',
      );
      return null;
    }
    const title = local.map((u) => path.basename(u.fsPath)).join(' + ');
    return analyzeWithProgress(
      deps,
      title,
      local.map((u) => ({ name: u.fsPath, path: u.fsPath })),
      null,
    );
  };
}
