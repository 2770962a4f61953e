// A read-only custom editor for .pb.gz / .pprof / .pb files opened from the explorer: analyses the
// file and shows the snapshot summary (the same webview app as the detail panel), or, for a heap
// or allocs profile alone, the heap page: pprof's top for every sample type and the flame graph
// (decoded and ranked in the decode worker like everything else).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { heapPageView } from '../../core/present/heapPageView';
import { openInputs, reportDecodeFailure, type AnalysisDeps } from '../analysis/runAnalysis';
import type { WebviewActions } from '../webview/webviewController';
import { WebviewController } from '../webview/webviewController';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';

export class ProfileEditorProvider implements vscode.CustomReadonlyEditorProvider {
  static readonly viewType = 'goroutineInspector.profileEditor';

  constructor(
    private readonly deps: AnalysisDeps,
    private readonly actions: WebviewActions,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = webviewOptions(this.deps.extensionUri);
    const controller = new WebviewController(panel.webview, this.actions);
    panel.onDidDispose(() => controller.dispose());
    panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.visible) controller.reset();
    });
    panel.webview.html = webviewHtml(panel.webview, this.deps.extensionUri, path.basename(document.uri.fsPath));
    const name = path.basename(document.uri.fsPath);
    if (document.uri.scheme !== 'file') {
      controller.showNotice(
        `${name} is not a local file; Goroutine Inspector reads files on the machine running the extension.`,
      );
      return;
    }
    controller.showNotice(`Analysing ${name}…`);
    try {
      const opened = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Goroutine Inspector: analysing ${name}`,
          cancellable: true,
        },
        (progress, token) =>
          openInputs(
            this.deps,
            name,
            [{ name: document.uri.fsPath, path: document.uri.fsPath }],
            null,
            progress,
            token,
          ),
      );
      if (opened.kind === 'session') {
        controller.showSummary(opened.session);
        return;
      }
      // A heap profile alone has no goroutines: show what it holds.
      controller.showHeap(heapPageView(opened.heap, { title: name, subtitle: 'heap profile' }));
      if (opened.warnings.length > 0) void vscode.window.showWarningMessage(opened.warnings.join('; '));
    } catch (err) {
      reportDecodeFailure(err, name);
      controller.showNotice(`Cannot analyse ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
