// Connects one webview (the detail panel or a profile editor) to what it shows: posts render
// messages once the app says `ready`, and turns the app's typed requests into host actions. A
// session's group, summary or heap page, a heap profile opened alone, or a comparison.
import type * as vscode from 'vscode';
import type { CompareView } from '../../core/present/compareView';
import { buildGroupView } from '../../core/present/groupView';
import { findGroup } from '../../core/present/groupLookup';
import { heapPageView, type HeapPageView } from '../../core/present/heapPageView';
import { buildSummaryView } from '../../core/present/summaryView';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/messages';
import type { AnalysisSession } from '../model/analysisSession';

/** A place in Go source: a flame graph frame's function, file and line. */
export interface SourceLocation {
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/** What the webview's clicks on frames and creators do. */
export interface WebviewActions {
  openFrame(session: AnalysisSession, groupKey: string, frameIndex: number): Promise<unknown>;
  openCreatedBy(session: AnalysisSession, groupKey: string, chainIndex: number): Promise<unknown>;
  /** "Apply fix" on a group's page. */
  applyFix?(session: AnalysisSession, groupKey: string): Promise<unknown>;
  /** A heap frame; the session (when the page has one) knows where its files are. */
  openSource(session: AnalysisSession | null, location: SourceLocation): Promise<unknown>;
}

export type ShownPage = { kind: 'group'; key: string } | { kind: 'summary' } | { kind: 'heap' } | { kind: 'compare' };

export class WebviewController implements vscode.Disposable {
  private ready = false;
  private pending: HostMessage | null = null;
  private readonly subs: vscode.Disposable[] = [];
  session: AnalysisSession | null = null;
  /** What is on screen, for tests and for re-rendering after the webview reloads. */
  current: ShownPage | null = null;
  /** The heap page or comparison on screen: its flame graph's frames are what the app names. */
  private page: HeapPageView | CompareView | null = null;

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
    this.page = null;
    this.post({
      type: 'render/group',
      group: buildGroupView(session.result, g, { held: session.held?.byGroup.get(key) ?? null }),
    });
    return true;
  }

  showSummary(session: AnalysisSession): void {
    this.session = session;
    this.current = { kind: 'summary' };
    this.page = null;
    this.post({ type: 'render/summary', summary: buildSummaryView(session) });
  }

  /** A heap page: the session's heap profile, or one opened alone (`session` null). */
  showHeap(heap: HeapPageView, session: AnalysisSession | null = null): void {
    this.session = session;
    this.current = { kind: 'heap' };
    this.page = heap;
    this.post({ type: 'render/heap', heap });
  }

  /** The heap page of a session with a heap profile; false without one. */
  showSessionHeap(session: AnalysisSession): boolean {
    if (!session.heap) return false;
    this.showHeap(
      heapPageView(session.heap, { title: `Heap · ${session.title}`, subtitle: 'captured with the goroutines' }),
      session,
    );
    return true;
  }

  /** A comparison; `after` is the session its groups and source files belong to. */
  showCompare(compare: CompareView, after: AnalysisSession): void {
    this.session = after;
    this.current = { kind: 'compare' };
    this.page = compare;
    this.post({ type: 'render/compare', compare });
  }

  showNotice(text: string): void {
    this.page = null;
    this.post({ type: 'render/notice', text });
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    const m: WebviewMessage = raw;
    if (m.type === 'ready') {
      this.ready = true;
      if (!this.pending) this.rerender();
      if (this.pending) {
        const p = this.pending;
        this.pending = null;
        void this.webview.postMessage(p);
      }
      return;
    }
    if (m.type === 'heap/openFrame') {
      const where = this.flameFrame(m.node);
      if (where) void this.actions.openSource(this.session, where);
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
      case 'heap/show':
        this.showSessionHeap(session);
        break;
    }
  }

  /** After a reload (the panel was hidden) render what was shown before. */
  private rerender(): void {
    const c = this.current;
    if (!c) return;
    if (c.kind === 'group' && this.session) this.showGroup(this.session, c.key);
    else if (c.kind === 'summary' && this.session) this.showSummary(this.session);
    else if (c.kind === 'heap' && this.page && 'tops' in this.page) this.showHeap(this.page, this.session);
    else if (c.kind === 'compare' && this.page && 'groups' in this.page && this.session)
      this.showCompare(this.page, this.session);
  }

  /** Function, file and line of node `i` of the flame graph on screen; null when unknown. */
  private flameFrame(i: number): SourceLocation | null {
    const page = this.page;
    const flame = page === null ? null : 'tops' in page ? page.flame : (page.heap?.flame ?? null);
    if (!flame || i <= 0 || i >= flame.name.length) return null;
    const file = flame.file[i]!;
    if (file < 0) return null;
    return { function: flame.names[flame.name[i]!]!, file: flame.files[file]!, line: flame.line[i]! };
  }

  /** The webview reloaded (hidden and shown again): wait for its next `ready`. */
  reset(): void {
    this.ready = false;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
