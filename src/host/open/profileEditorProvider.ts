// A read-only custom editor for .pb.gz / .pprof / .pb files opened from the explorer: analyses the
// file and shows the snapshot summary (the same webview app as the detail panel).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readProfile } from '../../core/profile/readProfile';
import { zlibInflater } from '../../node/zlibInflater';
import { analyzeInputs, reportDecodeFailure, type AnalysisDeps } from '../analysis/runAnalysis';
import { heapTopView } from '../../core/present/heapTopView';
import { settings } from '../settings';
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
      const session = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Goroutine Inspector: analysing ${name}`,
          cancellable: true,
        },
        (progress, token) =>
          analyzeInputs(
            this.deps,
            name,
            [{ name: document.uri.fsPath, path: document.uri.fsPath }],
            null,
            progress,
            token,
          ),
      );
      controller.showSummary(session);
    } catch (err) {
      // A heap profile alone has no goroutines: show what it holds instead of an error.
      if (
        err instanceof Error &&
        /only a heap profile/.test(err.message) &&
        (await this.showHeap(controller, document.uri.fsPath, name))
      )
        return;
      reportDecodeFailure(err, name);
      controller.showNotice(`Cannot analyse ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async showHeap(controller: WebviewController, file: string, name: string): Promise<boolean> {
    try {
      const profile = await readProfile(await readFile(file), {
        input: file,
        inflater: zlibInflater,
        maxDecompressedBytes: settings.maxDecompressedBytes(),
      });
      controller.showHeap({ title: name, top: heapTopView(profile, { limit: 25 }) });
      return true;
    } catch {
      return false;
    }
  }
}
