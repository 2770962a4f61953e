// The host's side of the webview seam, without VS Code: the controller holds what it renders until
// the app says `ready`, renders again after a reload, and turns the app's typed requests into
// actions on the session it shows. A fake webview stands in for VS Code's (the controller only
// posts and listens).
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import type { HostMessage } from '../../../src/shared/messages';
import type { AnalysisSession } from '../../../src/host/model/analysisSession';
import { WebviewController, type WebviewActions } from '../../../src/host/webview/webviewController';
import { heapProfileData } from '../../../src/core/present/heapData';
import { leakyapiSnapshot } from '../present/leakyapiSnapshot';

class FakeWebview {
  readonly posted: HostMessage[] = [];
  private listener: ((m: unknown) => void) | null = null;
  postMessage(m: HostMessage): Thenable<boolean> {
    this.posted.push(m);
    return Promise.resolve(true);
  }
  onDidReceiveMessage(listener: (m: unknown) => void): vscode.Disposable {
    this.listener = listener;
    return { dispose: () => (this.listener = null) };
  }
  /** What the app posts. */
  receive(m: unknown): void {
    this.listener?.(m);
  }
}

describe('WebviewController', () => {
  let session: AnalysisSession;
  before(async () => {
    const src = await leakyapiSnapshot('go1.27', 't2');
    session = { id: 's', localFiles: new Map(), snapshotId: null, ...src, heap: null, held: null };
  });

  function open() {
    const webview = new FakeWebview();
    const calls: string[] = [];
    const actions: WebviewActions = {
      openFrame: async (s, key, i) => calls.push(`frame ${s.id} ${key} ${i}`),
      openCreatedBy: async (s, key, i) => calls.push(`creator ${s.id} ${key} ${i}`),
      openSource: async (s, where) =>
        calls.push(`source ${s?.id ?? '-'} ${where.function} ${where.file}:${where.line}`),
    };
    const controller = new WebviewController(webview as unknown as vscode.Webview, actions);
    return { webview, controller, calls };
  }

  it('holds the page until the app is ready, then posts the latest only', () => {
    const { webview, controller } = open();
    controller.showNotice('Analysing…');
    controller.showSummary(session);
    assert.equal(webview.posted.length, 0);
    webview.receive({ type: 'ready' });
    assert.deepEqual(
      webview.posted.map((m) => m.type),
      ['render/summary'],
    );
    assert.deepEqual(controller.current, { kind: 'summary' });
  });

  it('renders what was shown again after the webview reloads', () => {
    const { webview, controller } = open();
    webview.receive({ type: 'ready' });
    const g = session.result.groups.find((x) => x.verdict.suspect)!;
    assert.equal(controller.showGroup(session, g.group.key), true);
    controller.reset();
    webview.receive({ type: 'ready' });
    const last = webview.posted.at(-1)!;
    assert.ok(last.type === 'render/group', last.type);
    assert.equal(last.group.key, g.group.key);
  });

  it("turns the app's requests into actions on the session shown, and ignores anything else", () => {
    const { webview, controller, calls } = open();
    webview.receive({ type: 'ready' });
    webview.receive({ type: 'frame/open', groupKey: 'k', frameIndex: 0 });
    assert.deepEqual(calls, [], 'no session shown yet');
    controller.showSummary(session);
    const g = session.result.groups[0]!;
    webview.receive({ type: 'frame/open', groupKey: g.group.key, frameIndex: 2 });
    webview.receive({ type: 'createdBy/open', groupKey: g.group.key, chainIndex: 0 });
    webview.receive({ type: 'file/open', path: '/etc/passwd' });
    webview.receive({ type: 'frame/open', groupKey: g.group.key, frameIndex: -1 });
    assert.deepEqual(calls, [`frame s ${g.group.key} 2`, `creator s ${g.group.key} 0`]);
    webview.receive({ type: 'group/show', groupKey: g.group.key });
    assert.deepEqual(controller.current, { kind: 'group', key: g.group.key });
    webview.receive({ type: 'summary/show' });
    assert.deepEqual(controller.current, { kind: 'summary' });
  });

  it('shows no group the session does not have', () => {
    const { webview, controller } = open();
    webview.receive({ type: 'ready' });
    assert.equal(controller.showGroup(session, 'no such key'), false);
    assert.equal(webview.posted.length, 0);
  });

  it("shows the session's heap page from its summary, and opens the source of the frame the app names", async () => {
    const src = await leakyapiSnapshot('go1.27', 't2');
    const withHeap: AnalysisSession = { ...session, heap: heapProfileData(src.heap as never) };
    const { webview, controller, calls } = open();
    webview.receive({ type: 'ready' });
    controller.showSummary(withHeap);
    webview.receive({ type: 'heap/show' });
    assert.deepEqual(controller.current, { kind: 'heap' });
    const last = webview.posted.at(-1)!;
    assert.ok(last.type === 'render/heap');
    const flame = last.heap.flame;
    const node = flame.file.findIndex((f, i) => i > 0 && f >= 0);
    webview.receive({ type: 'heap/openFrame', node });
    webview.receive({ type: 'heap/openFrame', node: 0 });
    webview.receive({ type: 'heap/openFrame', node: 1e7 });
    assert.deepEqual(calls, [
      `source s ${flame.names[flame.name[node]!]} ${flame.files[flame.file[node]!]}:${flame.line[node]}`,
    ]);
    // Without a heap profile there is no heap page.
    assert.equal(controller.showSessionHeap(session), false);
  });
});
