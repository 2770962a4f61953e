// The watch's timeline in a webview panel beside the editor (the same app as the detail panel,
// `render/timeline`): one panel, showing one watch, redrawn after each of its ticks. A click on a
// point asks the host to open that tick's snapshot in the tree.
import * as vscode from 'vscode';
import { buildTimelineView } from '../../core/present/timelineView';
import type { WatchSeries } from '../../core/watch/watchSeries';
import { isWebviewMessage, type HostMessage } from '../../shared/messages';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';

export class TimelinePanel implements vscode.Disposable {
  static readonly viewType = 'goroutineInspector.timeline';
  private panel: vscode.WebviewPanel | null = null;
  private ready = false;
  private last: HostMessage | null = null;
  /** The watch shown, or null when the panel is closed. */
  watchId: string | null = null;
  /** What the chart last showed (tests read it). */
  shownPoints = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly openTick: (watchId: string, snapshotId: string) => Promise<unknown>,
  ) {}

  show(series: WatchSeries, running: boolean): void {
    if (!this.panel) this.create();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.update(series, running);
  }

  /** Redraws if this watch is the one shown. */
  update(series: WatchSeries, running: boolean): void {
    if (!this.panel || (this.watchId !== null && this.watchId !== series.id)) return;
    this.watchId = series.id;
    this.panel.title = `Watch: ${series.endpoint}`;
    const timeline = buildTimelineView(series, running);
    this.shownPoints = timeline.points.length;
    this.post({ type: 'render/timeline', timeline });
  }

  private post(m: HostMessage): void {
    this.last = m;
    if (this.ready) void this.panel?.webview.postMessage(m);
  }

  private create(): void {
    const panel = vscode.window.createWebviewPanel(
      TimelinePanel.viewType,
      'Watch',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.extensionUri),
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'goroutine.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'Watch');
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      if (!isWebviewMessage(raw)) return;
      if (raw.type === 'ready') {
        this.ready = true;
        if (this.last) void panel.webview.postMessage(this.last);
      } else if (raw.type === 'timeline/open' && this.watchId !== null)
        void this.openTick(this.watchId, raw.snapshotId);
    });
    panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.visible) this.ready = false;
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = null;
        this.ready = false;
        this.watchId = null;
      }
    });
    this.panel = panel;
    this.ready = false;
    this.watchId = null;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
