// The detail webview beside the source (ViewColumn.Beside): one panel, reused; shows a group or the
// snapshot summary.
import * as vscode from 'vscode';
import type { Comparison } from '../compare/comparisonStore';
import type { GroupPresenter } from '../editor/groupNavigation';
import type { AnalysisSession } from '../model/analysisSession';
import { WebviewController, type WebviewActions } from '../webview/webviewController';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';

export class DetailPanel implements GroupPresenter, vscode.Disposable {
  static readonly viewType = 'goroutineInspector.detail';
  private panel: vscode.WebviewPanel | null = null;
  private controller: WebviewController | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: WebviewActions,
  ) {}

  private ensure(): WebviewController {
    if (this.panel && this.controller) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return this.controller;
    }
    const panel = vscode.window.createWebviewPanel(
      DetailPanel.viewType,
      'Goroutines',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.extensionUri),
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'goroutine.svg');
    const controller = new WebviewController(panel.webview, this.actions);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'Goroutines');
    panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.visible) controller.reset();
    });
    panel.onDidDispose(() => {
      controller.dispose();
      if (this.panel === panel) {
        this.panel = null;
        this.controller = null;
      }
    });
    this.panel = panel;
    this.controller = controller;
    return controller;
  }

  showGroup(session: AnalysisSession, key: string, title: string): boolean {
    const c = this.ensure();
    this.panel!.title = `Goroutines: ${title}`;
    return c.showGroup(session, key);
  }

  showSummary(session: AnalysisSession): void {
    const c = this.ensure();
    this.panel!.title = 'Goroutines: Summary';
    c.showSummary(session);
  }

  /** The session's heap page; false when it has no heap profile (nothing is opened). */
  showHeap(session: AnalysisSession): boolean {
    if (!session.heap) return false;
    const c = this.ensure();
    this.panel!.title = 'Goroutines: Heap';
    return c.showSessionHeap(session);
  }

  showCompare(comparison: Comparison): void {
    const c = this.ensure();
    this.panel!.title = 'Goroutines: Comparison';
    c.showCompare(comparison.view, comparison.after);
  }

  /**
   * A new snapshot was analysed (or the last one went away): an open panel shows the new one's
   * summary instead of a group of the old one, and closes when there is none. A closed panel
   * stays closed.
   */
  sessionChanged(session: AnalysisSession | null): void {
    if (!this.panel) return;
    if (session) this.showSummary(session);
    else this.panel.dispose();
  }

  /** What the panel shows (for tests and commands). */
  get shown(): WebviewController['current'] {
    return this.controller?.current ?? null;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
