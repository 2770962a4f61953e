// Connects one webview (the detail panel or a profile editor) to a session: posts render messages
// once the app says `ready`, and turns the app's typed requests into host actions.
import type * as vscode from 'vscode';
import { buildGroupView } from '../../core/present/groupView';
import { findGroup } from '../../core/present/groupLookup';
import type { HeapView } from '../../core/present/heapTopView';
import { buildSummaryView } from '../../core/present/summaryView';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/messages';
import type { AnalysisSession } from '../model/analysisSession';

/** What the webview's clicks on frames and creators do. */
export interface WebviewActions {
  openFrame(session: AnalysisSession, groupKey: string, frameIndex: number): Promise<unknown>;
  openCreatedBy(session: AnalysisSession, groupKey: string, chainIndex: number): Promise<unknown>;
  /** "Apply fix" on a group's page. */
  applyFix?(session: AnalysisSession, groupKey: string): Promise<unknown>;
}

export class WebviewController implements vscode.Disposable {
  private ready = false;
  private pending: HostMessage | null = null;
  private readonly subs: vscode.Disposable[] = [];
  session: AnalysisSession | null = null;
  /** What is on screen, for tests and for re-rendering after the webview reloads. */
  current: { kind: 'group'; key: string } | { kind: 'summary' } | null = null;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly actions: WebviewActions,
  ) {
    this.subs.push(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
  }

  private post(msg: HostMessage): void {
    if (!this.ready) {
      this.pending = msg;
      return;
    }
    void this.webview.postMessage(msg);
  }

  showGroup(session: AnalysisSession, key: string): boolean {
    const g = findGroup(session.result, key);
    if (!g) return false;
    this.session = session;
    this.current = { kind: 'group', key };
    this.post({ type: 'render/group', group: buildGroupView(session.result, g) });
    return true;
  }

  showSummary(session: AnalysisSession): void {
    this.session = session;
    this.current = { kind: 'summary' };
    this.post({ type: 'render/summary', summary: buildSummaryView(session) });
  }

  showHeap(heap: HeapView): void {
    this.post({ type: 'render/heap', heap });
  }

  showNotice(text: string): void {
    this.post({ type: 'render/notice', text });
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    const m: WebviewMessage = raw;
    if (m.type === 'ready') {
      this.ready = true;
      // After a reload (the panel was hidden) render what was shown before.
      if (!this.pending && this.session && this.current) {
        if (this.current.kind === 'group') this.showGroup(this.session, this.current.key);
        else this.showSummary(this.session);
      }
      if (this.pending) {
        const p = this.pending;
        this.pending = null;
        void this.webview.postMessage(p);
      }
      return;
    }
    const session = this.session;
    if (!session) return;
    switch (m.type) {
      case 'frame/open':
        void this.actions.openFrame(session, m.groupKey, m.frameIndex);
        break;
      case 'createdBy/open':
        void this.actions.openCreatedBy(session, m.groupKey, m.chainIndex);
        break;
      case 'group/show':
        this.showGroup(session, m.groupKey);
        break;
      case 'fix/apply':
        void this.actions.applyFix?.(session, m.groupKey);
        break;
      case 'summary/show':
        this.showSummary(session);
        break;
    }
  }

  /** The webview reloaded (hidden and shown again): wait for its next `ready`. */
  reset(): void {
    this.ready = false;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
