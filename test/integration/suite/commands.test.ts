// The extension's commands inside a real extension host: open real shopd files (command and
// custom editor), analyse a selection, capture from a loopback pprof server (and the refused and
// 404 failures), open frames through the path mapping and GOROOT, show a group in the webview,
// and the decorations on blocking lines.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CaptureResult } from '../../../src/host/capture/captureCommand';
import type { OpenedLocation } from '../../../src/host/editor/openFrame';
import type { GoroutineInspectorApi } from '../../../src/host/extension';
import type { AnalysisSession } from '../../../src/host/model/analysisSession';
import { sendBytes, serve, together, trickle } from '../../support/loopbackServer';

const extensionId = 'goroutine-inspector.goroutine-inspector';

let api: GoroutineInspectorApi;
let fixture: string;

function suspectGoroutines(s: AnalysisSession): number {
  return s.result.groups.filter((g) => g.verdict.suspect).reduce((n, g) => n + g.group.count, 0);
}

function groupOf(s: AnalysisSession, pred: (fn: string) => boolean) {
  const g = s.result.groups.find((x) => x.group.stack.frames.some((f) => pred(f.function)) && x.verdict.suspect);
  assert.ok(g, 'group not found');
  return g;
}

function servePprof(dir: string): Promise<{ url: string; close: () => void }> {
  const files: Record<string, string> = {
    '/debug/pprof/goroutine?debug=2': 'goroutine_debug2.txt',
    '/debug/pprof/goroutine': 'goroutine_debug0.pb.gz',
    '/debug/pprof/goroutineleak?debug=1': 'goroutineleak_debug1.txt',
    '/debug/pprof/heap': 'heap_debug0.pb.gz',
  };
  const server = http.createServer((req, res) => {
    const f = files[req.url ?? ''];
    if (!f) {
      res.writeHead(404);
      res.end('404 page not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': f.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    });
    res.end(readFileSync(path.join(dir, f)));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => server.close(),
      }),
    ),
  );
}

describe('Goroutine Inspector commands', function () {
  this.timeout(60_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<GoroutineInspectorApi>(extensionId);
    assert.ok(ext);
    api = await ext.activate();
    fixture = path.join(ext.extensionPath, 'test', 'fixtures', 'shopd-t2');
    // The fixture's source is outside the workspace: map its -trimpath module name to it.
    await vscode.workspace
      .getConfiguration('goroutineInspector')
      .update('pathMappings', { shopd: path.join(fixture, 'src') }, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('goroutineInspector')
      .update('pathMappings', undefined, vscode.ConfigurationTarget.Global);
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(extensionId)!;
    const contributed = ext.packageJSON.contributes.commands as { command: string; category: string }[];
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `${c.command} is contributed but not registered`);
      assert.equal(c.category, 'Goroutine Inspector');
    }
  });

  it('"Open Profile File…" analyses the four files of one moment together', async () => {
    const files = [
      'goroutine_debug2.txt',
      'goroutine_debug0.pb.gz',
      'goroutineleak_debug1.txt',
      'heap_debug0.pb.gz',
    ].map((f) => vscode.Uri.file(path.join(fixture, f)));
    const session = await vscode.commands.executeCommand<AnalysisSession | null>(
      'goroutineInspector.openProfileFile',
      files[0],
      files,
    );
    assert.ok(session);
    assert.equal(api.sessions.session, session);
    assert.equal(session.result.snapshot.goroutineCount, 292);
    assert.equal(session.result.snapshot.hasLeakProfile, true);
    assert.ok(session.heap, 'heap profile kept with the snapshot');
    // The leak profile flags the 75 /spawn-send orphans.
    assert.equal(groupOf(session, (f) => f === 'main.(*shop).spawnSend.func1').group.leakedCount, 75);
    assert.ok(suspectGoroutines(session) >= 175, `suspects: ${suspectGoroutines(session)}`);
  });

  it('opens a user frame at its line through pathMappings', async () => {
    const s = api.sessions.session!;
    const g = groupOf(s, (f) => f === 'main.(*shop).spawnSend.func1');
    const index = g.verdict.blockingFrame!;
    const frame = g.group.stack.frames[index];
    const opened = await vscode.commands.executeCommand<OpenedLocation | null>(
      'goroutineInspector.openFrame',
      g.group.key,
      index,
    );
    assert.ok(opened, 'frame opened');
    assert.equal(opened.uri.fsPath, path.join(fixture, 'src', 'main.go'));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, path.join(fixture, 'src', 'main.go'));
    assert.equal(editor.selection.active.line + 1, frame.line);
    assert.match(editor.document.lineAt(frame.line - 1).text, /<-/, 'the blocking line is a channel send');
  });

  it('opens a standard library frame from GOROOT', async () => {
    const s = api.sessions.session!;
    // -trimpath prints GOROOT files as `net/http/server.go`.
    const g = groupOf(s, (f) => f === 'main.(*shop).reserve');
    const index = g.group.stack.frames.findIndex((f) => f.file.startsWith('net/http/'));
    assert.ok(index >= 0, 'a net/http frame');
    const opened = await vscode.commands.executeCommand<OpenedLocation | null>(
      'goroutineInspector.openFrame',
      g.group.key,
      index,
    );
    assert.ok(opened, 'GOROOT frame opened (go env GOROOT)');
    assert.match(opened.uri.fsPath, /\/src\/net\/http\/[^/]+\.go$/);
  });

  it('marks blocking lines with the count and state, and clears them', async () => {
    const main = path.join(fixture, 'src', 'main.go');
    const marks = await api.decorations.marksFor(main);
    const send = marks.find((m) => /⏸ 75 goroutines · chan send/.test(m.text));
    assert.ok(send, `marks: ${marks.map((m) => `${m.line}: ${m.text}`).join(' | ')}`);
    await vscode.commands.executeCommand('goroutineInspector.clearDecorations');
    assert.deepEqual(await api.decorations.marksFor(main), []);
  });

  it('"Show Group" opens the blocking line and the detail webview beside it', async () => {
    const s = api.sessions.session!;
    const g = groupOf(s, (f) => f === 'main.(*shop).stockCheck');
    assert.equal(await vscode.commands.executeCommand('goroutineInspector.showGroup', g.group.key), true);
    assert.deepEqual(api.detailPanel.shown, { kind: 'group', key: g.group.key });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(fixture, 'src', 'main.go'));
    await vscode.commands.executeCommand('goroutineInspector.showSummary');
    assert.deepEqual(api.detailPanel.shown, { kind: 'summary' });
  });

  it('an open detail webview follows a new analysis to its summary', async () => {
    const s = api.sessions.session!;
    const g = groupOf(s, (f) => f === 'main.(*shop).stockCheck');
    await vscode.commands.executeCommand('goroutineInspector.showGroup', g.group.key);
    assert.deepEqual(api.detailPanel.shown, { kind: 'group', key: g.group.key });
    // The same four files again: a new session, whose group keys the old page must not be taken for.
    const files = [
      'goroutine_debug2.txt',
      'goroutine_debug0.pb.gz',
      'goroutineleak_debug1.txt',
      'heap_debug0.pb.gz',
    ].map((f) => vscode.Uri.file(path.join(fixture, f)));
    await vscode.commands.executeCommand('goroutineInspector.openProfileFile', files[0], files);
    assert.notEqual(api.sessions.session, s);
    assert.deepEqual(api.detailPanel.shown, { kind: 'summary' });
  });

  it('the tree lists suspects first, switches grouping, filters and shows runtime goroutines on demand', async () => {
    const tree = api.tree;
    const label = (n: { toTreeItem(): vscode.TreeItem }) => String(n.toTreeItem().label);
    const roots = () => tree.getChildren();
    assert.deepEqual(roots().map(label), ['Suspects', 'Healthy']);
    await vscode.commands.executeCommand('goroutineInspector.groupBy', 'kind');
    const kinds = roots()[0].children().map(label);
    assert.ok(kinds.includes('chan-send-orphan') && kinds.includes('lock-wait'), kinds.join(', '));
    await vscode.commands.executeCommand('goroutineInspector.groupBy', 'handler');
    await vscode.commands.executeCommand('goroutineInspector.filterGroups', 'spawnSend');
    const buckets = roots()[0].children();
    const groups = buckets.flatMap((b) => b.children());
    assert.equal(groups.length, 1);
    assert.match(label(groups[0]), /^75 × \(\*shop\)\.spawnSend\.func1$/);
    // Children are built on expansion: the stack innermost first, then the creator, then the ids.
    const kids = groups[0].children().map(label);
    assert.equal(kids[0], '(*shop).spawnSend.func1');
    assert.ok(
      kids.some((k) => k.startsWith('created by')),
      kids.join(' | '),
    );
    assert.ok(
      kids.some((k) => k === 'goroutine ids (75)'),
      kids.join(' | '),
    );
    await vscode.commands.executeCommand('goroutineInspector.clearFilter');
    assert.equal(
      roots().some((r) => label(r) === 'Runtime'),
      false,
      'runtime goroutines are hidden by default',
    );
    await vscode.commands.executeCommand('goroutineInspector.showRuntimeGoroutines');
    // (A runtime.Stack dump has none of the runtime's own goroutines; a crash dump would.)
    const hasRuntime = api.sessions.session!.result.groups.some((g) => g.verdict.runtime);
    assert.equal(
      roots().some((r) => label(r) === 'Runtime'),
      hasRuntime,
    );
    await vscode.commands.executeCommand('goroutineInspector.hideRuntimeGoroutines');
  });

  it('"Analyze Selection" reads a dump selected in an editor', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(fixture, 'goroutine_debug2.txt'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, doc.lineCount - 1, 0);
    const session = await vscode.commands.executeCommand<AnalysisSession | null>('goroutineInspector.analyzeSelection');
    assert.ok(session);
    assert.equal(session.title, 'Selection');
    assert.ok(session.result.snapshot.goroutineCount > 280);
  });

  it('the custom editor opens a goroutine proto read-only and analyses it', async () => {
    const uri = vscode.Uri.file(path.join(fixture, 'goroutine_debug0.pb.gz'));
    const changed = new Promise<AnalysisSession | null>((resolve) => {
      const sub = api.sessions.onDidChange((s) => {
        sub.dispose();
        resolve(s);
      });
    });
    await vscode.commands.executeCommand('vscode.openWith', uri, 'goroutineInspector.profileEditor');
    const s = await changed;
    assert.equal(s?.title, 'goroutine_debug0.pb.gz');
    assert.equal(s?.result.snapshot.source, 'proto');
    assert.equal(s?.result.snapshot.goroutineCount, 292);
  });

  describe('Capture from Endpoint', () => {
    let server: { url: string; close: () => void };
    before(async () => {
      server = await servePprof(fixture);
    });
    after(() => server.close());

    it('captures a pprof endpoint, keeps the snapshot and analyses it', async () => {
      const r = await vscode.commands.executeCommand<CaptureResult>(
        'goroutineInspector.captureFromEndpoint',
        server.url,
      );
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.session.result.snapshot.goroutineCount, 292);
      assert.equal(r.session.title, `${server.url}/debug/pprof`);
      assert.ok(r.session.snapshotId, 'stored as a snapshot');
      assert.ok(r.session.heap, 'heap captured at the same moment');
      const stored = (await api.snapshots.list()).find((m) => m.id === r.session.snapshotId);
      assert.ok(stored, 'listed in the Snapshots view');
      assert.deepEqual(stored.files.map((f) => f.name).sort(), [
        'goroutine_debug0.pb.gz',
        'goroutine_debug2.txt',
        'goroutineleak_debug1.txt',
        'heap_debug0.pb.gz',
      ]);
      assert.equal(stored.goroutines, 292);
      // Save as files: byte for byte what the endpoint sent.
      const target = vscode.Uri.file(path.join(os.tmpdir(), `gi-snapshot-${Date.now()}`));
      await vscode.workspace.fs.createDirectory(target);
      const written = await api.snapshots.saveTo(stored.id, target);
      assert.equal(written.length, 4);
      const debug2 = written.find((u) => u.path.endsWith('_goroutine_debug2.txt'))!;
      assert.ok(
        Buffer.from(await vscode.workspace.fs.readFile(debug2)).equals(
          readFileSync(path.join(fixture, 'goroutine_debug2.txt')),
        ),
      );
      await vscode.workspace.fs.delete(target, { recursive: true });
    });

    it('says "connection refused" with the URL for a closed port', async () => {
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
      const port = (closed.address() as AddressInfo).port;
      closed.close();
      const r = await vscode.commands.executeCommand<CaptureResult>(
        'goroutineInspector.captureFromEndpoint',
        `127.0.0.1:${port}`,
      );
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.failure, 'refused');
        assert.match(r.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      }
    });

    describe('from a server that misbehaves', () => {
      const capture = () => vscode.workspace.getConfiguration('goroutineInspector.capture');
      afterEach(async () => {
        for (const key of ['timeoutSeconds', 'maxBytes'])
          await capture().update(key, undefined, vscode.ConfigurationTarget.Global);
      });

      it('keeps and analyses the dump that arrived when the proto hangs, with a warning naming it', async () => {
        await capture().update('timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
        const files: Record<string, string> = {
          '/debug/pprof/goroutine?debug=2': 'goroutine_debug2.txt',
          '/debug/pprof/goroutineleak?debug=1': 'goroutineleak_debug1.txt',
          '/debug/pprof/heap': 'heap_debug0.pb.gz',
        };
        const hostile = await serve((req, res) => {
          if (req.url === '/debug/pprof/goroutine') trickle(res, 200);
          else res.end(readFileSync(path.join(fixture, files[req.url ?? '']!)));
        });
        try {
          const started = Date.now();
          const r = await vscode.commands.executeCommand<CaptureResult>(
            'goroutineInspector.captureFromEndpoint',
            hostile.origin,
          );
          assert.ok(r.ok, r.ok ? '' : r.message);
          assert.ok(Date.now() - started < 20_000, 'the hung request was stopped');
          assert.equal(r.session.result.snapshot.goroutineCount, 292);
          assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
          assert.match(r.warnings[0]!, /^goroutine_debug0\.pb\.gz \(goroutine labels\) was not captured/);
          assert.match(r.warnings[0]!, /raise goroutineInspector\.capture\.timeoutSeconds/);
          assert.ok(r.session.result.warnings.includes(r.warnings[0]!), 'shown with the analysis');
          const stored = (await api.snapshots.list()).find((m) => m.id === r.session.snapshotId);
          assert.ok(stored, 'the partial capture is kept');
          assert.deepEqual(stored.files.map((f) => f.name).sort(), [
            'goroutine_debug2.txt',
            'goroutineleak_debug1.txt',
            'heap_debug0.pb.gz',
          ]);
          const debug2 = stored.files.find((f) => f.name === 'goroutine_debug2.txt')!;
          assert.equal(debug2.size, readFileSync(path.join(fixture, 'goroutine_debug2.txt')).length);
        } finally {
          await hostile.close();
        }
      });

      it('stops at capture.maxBytes counted over all profiles, and keeps no half snapshot', async () => {
        await capture().update('maxBytes', 1 << 20, vscode.ConfigurationTarget.Global);
        // Four profiles (heap included), each just under the limit, sent together.
        const hostile = await serve(together(4, (_req, res) => sendBytes(res, (1 << 20) - 1)));
        try {
          const before = (await api.snapshots.list()).length;
          const r = await vscode.commands.executeCommand<CaptureResult>(
            'goroutineInspector.captureFromEndpoint',
            hostile.origin,
          );
          assert.equal(r.ok, false);
          if (!r.ok) {
            assert.equal(r.failure, 'too-large');
            assert.match(r.message, /passed its limit of 1 MiB \(all profiles together\)/);
            assert.match(r.message, /raise goroutineInspector\.capture\.maxBytes/);
          }
          assert.equal((await api.snapshots.list()).length, before);
        } finally {
          await hostile.close();
        }
      });
    });

    it('explains a 404 as a missing net/http/pprof', async () => {
      const r = await vscode.commands.executeCommand<CaptureResult>(
        'goroutineInspector.captureFromEndpoint',
        `${server.url}/not/pprof`,
      );
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.failure, 'not-found');
        assert.match(r.message, /net\/http\/pprof/);
      }
    });
  });
});
