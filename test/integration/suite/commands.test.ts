// The extension's commands inside a real extension host: open real files (command and custom
// editor), analyse a selection, capture from the demo Go service (and the failures: a refused port,
// and from small loopback servers a 404, an HTML page, a hung proto and near-limit bodies), open
// frames and creators through the path mapping and GOROOT, show a group in the webview, the
// decorations on blocking lines, and the tree's grouping, filter and runtime toggle. Each test
// opens what it looks at, so it stands alone.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import type { CaptureResult } from '../../../src/host/capture/captureCommand';
import type { OpenedLocation } from '../../../src/host/editor/openFrame';
import type { GoroutineInspectorApi } from '../../../src/host/extension';
import type { AnalysisSession } from '../../../src/host/model/analysisSession';
import { sendBytes, serve, together, trickle } from '../../support/loopbackServer';
import { pathSteps } from '../../../src/host/model/pathMarks';
import { activateApi, demoUrl, extensionId, itemOf, labelled, openFiles, repoFile, waitFor } from '../hostSupport';

let api: GoroutineInspectorApi;
let root: string;
let shopd: string;

function suspectGoroutines(s: AnalysisSession): number {
  return s.result.groups.filter((g) => g.verdict.suspect).reduce((n, g) => n + g.group.count, 0);
}

function groupOf(s: AnalysisSession, pred: (fn: string) => boolean) {
  const g = s.result.groups.find((x) => x.group.stack.frames.some((f) => pred(f.function)) && x.verdict.suspect);
  assert.ok(g, 'group not found');
  return g;
}

/** The four files of one shopd moment (go1.26, t2), analysed together. */
const SHOPD_FILES = ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'goroutineleak_debug1.txt', 'heap_debug0.pb.gz'];
/** Groups no rule decided either way: the tree lists them under Undecided, never under Healthy. */
const hasUndecided = (r: AnalysisResult) =>
  r.groups.some((g) => !g.verdict.suspect && !g.verdict.healthy && !g.verdict.runtime);
const openShopd = () => openFiles(...SHOPD_FILES.map((f) => path.join(shopd, f)));

/** Answers every request with one fixed response: the failures a real service is not made to give. */
function replayServer(status: number, contentType: string, body: Buffer | string): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const urlOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe('Goroutine Inspector commands', function () {
  this.timeout(60_000);

  before(async () => {
    const activated = await activateApi();
    api = activated.api;
    root = activated.extensionPath;
    shopd = repoFile(root, 'test', 'fixtures', 'shopd-t2');
    // The fixture's source is outside the workspace: map its -trimpath module name to it.
    await vscode.workspace
      .getConfiguration('goroutineInspector')
      .update('pathMappings', { shopd: path.join(shopd, 'src') }, vscode.ConfigurationTarget.Global);
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
    const session = await openShopd();
    assert.equal(api.sessions.session, session);
    assert.equal(session.result.snapshot.goroutineCount, 292);
    assert.equal(session.result.snapshot.hasLeakProfile, true);
    assert.ok(session.heap, 'heap profile kept with the snapshot');
    // The leak profile flags the 75 /spawn-send orphans.
    assert.equal(groupOf(session, (f) => f === 'main.(*shop).spawnSend.func1').group.leakedCount, 75);
    assert.ok(suspectGoroutines(session) >= 175, `suspects: ${suspectGoroutines(session)}`);
  });

  it('records when each step from the bytes to the views happened, in order (the path marks)', async () => {
    const session = await openShopd();
    const m = session.marks;
    assert.ok(m, 'a decoded session carries its marks');
    // VS Code asks the view for its items, and the decorations finish, after the command returns.
    await waitFor('the tree and the decorations', () => (m.treeRoots !== null && m.decorated !== null ? m : undefined));
    const w = m.worker;
    const order: [string, number][] = [
      ['requested', m.requested],
      ['posted', m.posted],
      ['worker started', w.started],
      ['decoded', w.decoded],
      ['analysed', w.analysed],
      ['heap', w.heap],
      ['mapped', w.mapped],
      ['received', m.received],
      ['session set', m.sessionSet!],
      ['tree roots', m.treeRoots!],
    ];
    // The worker's clock is the same clock (timeOrigin + now); 1 ms for rounding between threads.
    for (let i = 1; i < order.length; i++)
      assert.ok(order[i]![1] >= order[i - 1]![1] - 1, `${order[i]![0]} before ${order[i - 1]![0]}`);
    assert.ok(m.decorated! >= m.sessionSet!, 'decorations after the session');
    const steps = pathSteps(m);
    assert.ok(steps.treeTotal !== null && steps.treeTotal > 0 && steps.treeTotal < 60_000, `${steps.treeTotal} ms`);
    assert.ok(w.analysed > w.decoded, 'the analysis took time');
  });

  it('opens a user frame at its line through pathMappings', async () => {
    const s = await openShopd();
    const g = groupOf(s, (f) => f === 'main.(*shop).spawnSend.func1');
    const index = g.verdict.blockingFrame!;
    const frame = g.group.stack.frames[index];
    const opened = await vscode.commands.executeCommand<OpenedLocation | null>(
      'goroutineInspector.openFrame',
      g.group.key,
      index,
    );
    assert.ok(opened, 'frame opened');
    assert.equal(opened.uri.fsPath, path.join(shopd, 'src', 'main.go'));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, path.join(shopd, 'src', 'main.go'));
    assert.equal(editor.selection.active.line + 1, frame.line);
    assert.match(editor.document.lineAt(frame.line - 1).text, /<-/, 'the blocking line is a channel send');
  });

  it('opens a standard library frame from GOROOT', async () => {
    const s = await openShopd();
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
    await openShopd();
    const main = path.join(shopd, 'src', 'main.go');
    const marks = await api.decorations.marksFor(main);
    const send = marks.find((m) => /⏸ 75 goroutines · chan send/.test(m.text));
    assert.ok(send, `marks: ${marks.map((m) => `${m.line}: ${m.text}`).join(' | ')}`);
    await vscode.commands.executeCommand('goroutineInspector.clearDecorations');
    assert.deepEqual(await api.decorations.marksFor(main), []);
  });

  it('"Show Group" opens the blocking line and the detail webview beside it', async () => {
    const s = await openShopd();
    const g = groupOf(s, (f) => f === 'main.(*shop).stockCheck');
    assert.equal(await vscode.commands.executeCommand('goroutineInspector.showGroup', g.group.key), true);
    assert.deepEqual(api.detailPanel.shown, { kind: 'group', key: g.group.key });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(shopd, 'src', 'main.go'));
    await vscode.commands.executeCommand('goroutineInspector.showSummary');
    assert.deepEqual(api.detailPanel.shown, { kind: 'summary' });
  });

  it('an open detail webview follows a new analysis to its summary', async () => {
    const s = await openShopd();
    const g = groupOf(s, (f) => f === 'main.(*shop).stockCheck');
    await vscode.commands.executeCommand('goroutineInspector.showGroup', g.group.key);
    assert.deepEqual(api.detailPanel.shown, { kind: 'group', key: g.group.key });
    // The same four files again: a new session, whose group keys the old page must not be taken for.
    await openShopd();
    assert.notEqual(api.sessions.session, s);
    assert.deepEqual(api.detailPanel.shown, { kind: 'summary' });
  });

  it('the tree lists suspects first, switches grouping and filters', async () => {
    const session = await openShopd();
    const tree = api.tree;
    const roots = await labelled(tree);
    assert.deepEqual(
      roots.map((r) => r.label),
      ['Suspects', 'Healthy', ...(hasUndecided(session.result) ? ['Undecided'] : [])],
    );
    await vscode.commands.executeCommand('goroutineInspector.groupBy', 'kind');
    const kinds = (await labelled(tree, (await labelled(tree))[0]!.node)).map((k) => k.label);
    assert.ok(kinds.includes('chan-send-orphan') && kinds.includes('lock-wait'), kinds.join(', '));
    await vscode.commands.executeCommand('goroutineInspector.groupBy', 'handler');
    const handlers = (await labelled(tree, (await labelled(tree))[0]!.node)).map((k) => k.label);
    assert.ok(!handlers.includes('chan-send-orphan'), `by handler again: ${handlers.join(', ')}`);
    await vscode.commands.executeCommand('goroutineInspector.filterGroups', 'spawnSend');
    const buckets = await labelled(tree, (await labelled(tree))[0]!.node);
    const groups = (await Promise.all(buckets.map((b) => labelled(tree, b.node)))).flat();
    assert.equal(groups.length, 1);
    assert.match(groups[0]!.label, /^75 × \(\*shop\)\.spawnSend\.func1$/);
    // Children are built on expansion: the stack innermost first, then the creator, then the ids.
    const kids = (await labelled(tree, groups[0]!.node)).map((k) => k.label);
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
    const unfiltered = await labelled(tree, (await labelled(tree))[0]!.node);
    assert.ok(unfiltered.length > buckets.length, 'Clear Filter brings the other handlers back');
  });

  it('Show/Hide Runtime Goroutines add and remove the runtime section of a GOTRACEBACK=system crash', async () => {
    // A crash printed with GOTRACEBACK=system lists the runtime's own goroutines: force gc (idle),
    // GC sweep wait, GC scavenge wait, finalizer wait (test/fixtures/README.md).
    const config = vscode.workspace.getConfiguration('goroutineInspector').inspect<boolean>('tree.showRuntime');
    assert.equal(config?.defaultValue, false, 'hidden unless asked for');
    const s = await openFiles(repoFile(root, 'test', 'fixtures', 'go1.23', 'tracebacks', 'gotraceback_system.txt'));
    assert.equal(s.result.snapshot.goroutineCount, 11);
    const tree = api.tree;
    const sections = async () => (await labelled(tree)).map((r) => r.label);
    const plain = ['Healthy', ...(hasUndecided(s.result) ? ['Undecided'] : [])];
    assert.deepEqual(await sections(), plain, 'runtime goroutines are hidden by default');

    await vscode.commands.executeCommand('goroutineInspector.showRuntimeGoroutines');
    const shown = await labelled(tree);
    assert.deepEqual(
      shown.map((r) => r.label),
      [...plain, 'Runtime'],
    );
    const runtime = shown[plain.length]!;
    assert.equal((await itemOf(tree, runtime.node)).description, '4 goroutines · 4 groups');
    // Its rows are the session's runtime groups (row ids end in the group key), parked where the
    // runtime parks its own goroutines.
    const rows = await Promise.all((await labelled(tree, runtime.node)).map((r) => itemOf(tree, r.node)));
    const runtimeGroups = s.result.groups.filter((g) => g.verdict.runtime);
    assert.deepEqual(
      rows.map((r) => r.id!.slice(r.id!.indexOf('/g/') + 3)).sort(),
      runtimeGroups.map((g) => g.group.key).sort(),
    );
    for (const fn of ['runtime.forcegchelper', 'runtime.bgsweep', 'runtime.bgscavenge', 'runtime.runfinq']) {
      assert.ok(
        runtimeGroups.some((g) => g.group.stack.frames.some((f) => f.function === fn)),
        `${fn} is a runtime group`,
      );
    }
    const healthy = await itemOf(tree, shown[0]!.node);

    await vscode.commands.executeCommand('goroutineInspector.hideRuntimeGoroutines');
    const hidden = await labelled(tree);
    assert.deepEqual(
      hidden.map((r) => r.label),
      plain,
    );
    assert.equal((await itemOf(tree, hidden[0]!.node)).description, healthy.description, 'Healthy is unchanged');
  });

  it('"Analyze Selection" reads a dump selected in an editor', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(shopd, 'goroutine_debug2.txt'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, doc.lineCount - 1, 0);
    const session = await vscode.commands.executeCommand<AnalysisSession | null>('goroutineInspector.analyzeSelection');
    assert.ok(session);
    assert.equal(session.title, 'Selection');
    assert.equal(session.result.snapshot.goroutineCount, 292);
  });

  it('the custom editor opens a goroutine proto read-only and analyses it', async () => {
    const uri = vscode.Uri.file(path.join(shopd, 'goroutine_debug0.pb.gz'));
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

  describe('Capture from Endpoint (the demo Go service)', () => {
    const capture = async () => {
      const r = await vscode.commands.executeCommand<CaptureResult>(
        'goroutineInspector.captureFromEndpoint',
        demoUrl(),
      );
      assert.ok(r.ok, r.ok ? '' : r.message);
      return r.session;
    };

    it('captures the running service, keeps the snapshot as files and analyses it', async () => {
      const session = await capture();
      const n = session.result.snapshot.goroutineCount;
      assert.ok(n > 30, `${n} goroutines`);
      assert.equal(session.title, `${demoUrl()}/debug/pprof`);
      assert.ok(session.heap, 'heap captured at the same moment');
      // The demo's impatient clients leave the CSV export's senders behind (chan-send-orphan).
      const export_ = groupOf(session, (f) => f === 'main.(*store).exportOrders.func1');
      assert.equal(export_.verdict.kind, 'chan-send-orphan');
      assert.ok(session.snapshotId, 'stored as a snapshot');
      const stored = (await api.snapshots.list()).find((m) => m.id === session.snapshotId);
      assert.ok(stored, 'listed in the Snapshots view');
      const names = stored.files.map((f) => f.name).sort();
      for (const f of ['goroutine_debug0.pb.gz', 'goroutine_debug2.txt', 'heap_debug0.pb.gz'])
        assert.ok(names.includes(f), `${f} in ${names.join(', ')}`);
      assert.equal(stored.goroutines, n, 'the counts are recorded once analysed');
      assert.equal(stored.suspectGoroutines, suspectGoroutines(session));
      // Save as files: byte for byte what is stored, as many bytes as the endpoint sent.
      const target = vscode.Uri.file(path.join(os.tmpdir(), `gi-snapshot-${Date.now()}`));
      await vscode.workspace.fs.createDirectory(target);
      try {
        const written = await vscode.commands.executeCommand<vscode.Uri[]>(
          'goroutineInspector.saveSnapshot',
          stored,
          target,
        );
        assert.equal(written.length, stored.files.length);
        for (const f of stored.files) {
          const saved = written.find((u) => u.path.endsWith(`_${f.name}`));
          assert.ok(saved, `${f.name} saved`);
          const bytes = Buffer.from(await vscode.workspace.fs.readFile(saved));
          assert.equal(bytes.length, f.size, `${f.name}: as many bytes as received`);
          assert.ok(bytes.equals(await vscode.workspace.fs.readFile(api.snapshots.fileUri(stored.id, f.name))));
        }
      } finally {
        await vscode.workspace.fs.delete(target, { recursive: true });
      }
    });

    it('"Open Creator" from the tree opens the line that started the goroutines', async () => {
      const session = await capture();
      const g = groupOf(session, (f) => f === 'main.(*store).exportOrders.func1');
      const creator = g.group.createdBy!;
      assert.equal(creator.function, 'main.(*store).exportOrders');
      // The group's row under its handler bucket, then its created-by row, as the user expands them.
      const tree = api.tree;
      await vscode.commands.executeCommand('goroutineInspector.filterGroups', 'exportOrders.func1');
      try {
        const buckets = await labelled(tree, (await labelled(tree))[0]!.node);
        const rows = (await Promise.all(buckets.map((b) => labelled(tree, b.node)))).flat();
        assert.equal(rows.length, 1, rows.map((r) => r.label).join(' | '));
        const createdBy = (await labelled(tree, rows[0]!.node)).find((k) => k.label.startsWith('created by'));
        assert.ok(createdBy, 'a created-by row');
        const command = (await itemOf(tree, createdBy.node)).command!;
        assert.equal(command.command, 'goroutineInspector.openCreatedBy');
        await vscode.window.showTextDocument(
          await vscode.workspace.openTextDocument(repoFile(root, 'test', 'integration', 'workspace', 'main.go')),
        );
        await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
        const editor = vscode.window.activeTextEditor!;
        assert.equal(editor.document.uri.fsPath, repoFile(root, 'demo', 'service', 'store.go'));
        assert.equal(editor.selection.active.line + 1, creator.line);
        assert.match(editor.document.lineAt(creator.line - 1).text, /go func\(\)/);
      } finally {
        await vscode.commands.executeCommand('goroutineInspector.clearFilter');
      }
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
          else res.end(readFileSync(path.join(shopd, files[req.url ?? '']!)));
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
          assert.equal(debug2.size, readFileSync(path.join(shopd, 'goroutine_debug2.txt')).length);
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
      const server = await replayServer(404, 'text/plain; charset=utf-8', '404 page not found\n');
      try {
        const r = await vscode.commands.executeCommand<CaptureResult>(
          'goroutineInspector.captureFromEndpoint',
          urlOf(server),
        );
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.failure, 'not-found');
          assert.match(r.message, /net\/http\/pprof/);
        }
      } finally {
        server.close();
      }
    });

    it('refuses an HTML page (a proxy or login page) instead of analysing it', async () => {
      const page = readFileSync(repoFile(root, 'test', 'fixtures', 'malformed', 'text', 'html-error-page.html'));
      const server = await replayServer(200, 'text/html; charset=utf-8', page);
      const before = (await api.snapshots.list()).length;
      try {
        const r = await vscode.commands.executeCommand<CaptureResult>(
          'goroutineInspector.captureFromEndpoint',
          urlOf(server),
        );
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.failure, 'html');
          assert.match(r.message, /HTML page instead of a profile/);
        }
        assert.equal((await api.snapshots.list()).length, before, 'nothing stored');
      } finally {
        server.close();
      }
    });
  });
});
