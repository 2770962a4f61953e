// "Nothing captured is lost", inside a real extension host: every capture is kept in the workspace
// storage as the bytes received (streamed in, listed once committed; a failed one leaves nothing),
// listed newest first, opened again, saved as files byte for byte, found again by a new store over
// the same storage (what the next window does after a reload), pruned to
// goroutineInspector.snapshots.maxKept oldest first, and deleted with its files. The snapshots are
// our own leakyapi capture (test/fixtures/go1.23/leakyapi, t1: 105 goroutines).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GoroutineInspectorApi } from '../../../src/host/extension';
import type { AnalysisSession } from '../../../src/host/model/analysisSession';
import type { SnapshotMeta } from '../../../src/host/snapshots/snapshotStore';
import { activateApi, repoFile } from '../hostSupport';

type Store = GoroutineInspectorApi['snapshots'];

let api: GoroutineInspectorApi;
let capture: { name: string; source: string; bytes: Uint8Array }[];

const exists = (uri: vscode.Uri) =>
  vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
const folderOf = (store: Store, id: string) => vscode.Uri.joinPath(store.fileUri(id, 'meta.json'), '..');
/** Two snapshots are never taken in the same millisecond by a real capture (an HTTP round trip). */
const tick = () => new Promise((r) => setTimeout(r, 5));

/** What a capture does: begin, stream each profile into its sink in chunks, commit the files. */
async function add(title: string): Promise<SnapshotMeta> {
  await tick();
  const pending = await api.snapshots.begin(title, 'http://127.0.0.1:1/debug/pprof');
  for (const f of capture) {
    const sink = await pending.openSink(f.name);
    for (let i = 0; i < f.bytes.length; i += 4096) await sink.write(f.bytes.subarray(i, i + 4096));
    await sink.close();
  }
  return pending.commit(capture.map((f) => ({ name: f.name, source: f.source, size: f.bytes.length })));
}

async function setMaxKept(n: number | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration('goroutineInspector')
    .update('snapshots.maxKept', n, vscode.ConfigurationTarget.Global);
}

describe('Snapshots: nothing captured is lost', function () {
  this.timeout(60_000);

  before(async () => {
    const activated = await activateApi();
    api = activated.api;
    const dir = repoFile(activated.extensionPath, 'test', 'fixtures', 'go1.23', 'leakyapi');
    capture = ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'heap_debug0.pb.gz'].map((f) => ({
      name: f.replace(/^t1_/, ''),
      source: `file://${dir}/t1_${f}`,
      bytes: readFileSync(path.join(dir, `t1_${f}`)),
    }));
  });

  it('keeps a capture as the bytes received, newest first in the list', async () => {
    const older = await add('older');
    const meta = await add('newer');
    const list = await api.snapshots.list();
    assert.deepEqual(
      list.slice(0, 2).map((m) => m.id),
      [meta.id, older.id],
    );
    assert.deepEqual(
      meta.files.map((f) => [f.name, f.size]),
      capture.map((f) => [f.name, f.bytes.length]),
    );
    for (const f of capture) {
      const stored = await vscode.workspace.fs.readFile(api.snapshots.fileUri(meta.id, f.name));
      assert.ok(Buffer.from(stored).equals(f.bytes), `${f.name} stored byte for byte`);
    }
  });

  it('a capture is listed once committed, and one that failed leaves nothing behind', async () => {
    const pending = await api.snapshots.begin('in flight', 'http://127.0.0.1:1/debug/pprof');
    const sink = await pending.openSink('goroutine_debug2.txt');
    await sink.write(capture[0]!.bytes.subarray(0, 1000));
    assert.ok(!(await api.snapshots.list()).some((m) => m.id === pending.id), 'not listed while it arrives');
    await sink.discard();
    await pending.discard();
    assert.ok(!(await api.snapshots.list()).some((m) => m.id === pending.id), 'not listed after failing');
    assert.equal(await exists(folderOf(api.snapshots, pending.id)), false, 'its folder is gone');
  });

  it('"Open Snapshot" analyses the stored files again and records their counts', async () => {
    const meta = await add('to open');
    assert.equal(meta.goroutines, null, 'not analysed yet');
    // The Snapshots view's item runs the command with its SnapshotMeta.
    const session = await vscode.commands.executeCommand<AnalysisSession | null>(
      'goroutineInspector.openSnapshot',
      meta,
    );
    assert.ok(session);
    assert.equal(session.snapshotId, meta.id);
    assert.equal(session.result.snapshot.goroutineCount, 105);
    assert.match(session.title, /^to open \(/);
    const suspects = session.result.groups.filter((g) => g.verdict.suspect).reduce((n, g) => n + g.group.count, 0);
    assert.ok(suspects > 0);
    const recorded = await api.snapshots.get(meta.id);
    assert.deepEqual([recorded?.goroutines, recorded?.suspectGoroutines], [105, suspects]);
  });

  it('"Save Snapshot as Files" writes every file byte for byte, named by the capture time', async () => {
    const meta = await add('to save');
    const target = vscode.Uri.file(path.join(os.tmpdir(), `gi-save-${process.pid}-${Date.now()}`));
    await vscode.workspace.fs.createDirectory(target);
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri[]>(
        'goroutineInspector.saveSnapshot',
        meta,
        target,
      );
      const prefix = meta.createdAt.replace(/:/g, '').replace(/\..*$/, '');
      assert.deepEqual(
        written.map((u) => path.basename(u.fsPath)).sort(),
        capture.map((f) => `${prefix}_${f.name}`).sort(),
      );
      for (const f of capture) {
        const saved = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(target, `${prefix}_${f.name}`));
        assert.ok(Buffer.from(saved).equals(f.bytes), `${f.name} saved byte for byte`);
      }
    } finally {
      await vscode.workspace.fs.delete(target, { recursive: true });
    }
  });

  it('after a reload, a new store over the same storage finds every snapshot and opens it', async () => {
    const meta = await add('before the reload');
    const Reloaded = api.snapshots.constructor as new (root: vscode.Uri, maxKept: () => number) => Store;
    const reloaded = new Reloaded(api.snapshots.root, () => 30);
    try {
      assert.deepEqual(await reloaded.list(), await api.snapshots.list());
      const found = (await reloaded.list()).find((m) => m.id === meta.id);
      assert.ok(found, 'the snapshot is still listed');
      for (const f of capture) {
        const bytes = await vscode.workspace.fs.readFile(reloaded.fileUri(meta.id, f.name));
        assert.ok(Buffer.from(bytes).equals(f.bytes), `${f.name} still there`);
      }
      const session = await vscode.commands.executeCommand<AnalysisSession | null>(
        'goroutineInspector.openSnapshot',
        found,
      );
      assert.equal(session?.result.snapshot.goroutineCount, 105);
    } finally {
      reloaded.dispose();
    }
  });

  it('keeps goroutineInspector.snapshots.maxKept snapshots, deleting the oldest first', async () => {
    await setMaxKept(2);
    try {
      const a = await add('a');
      const b = await add('b');
      const c = await add('c');
      assert.deepEqual(
        (await api.snapshots.list()).map((m) => m.title),
        ['c', 'b'],
      );
      assert.equal(await exists(folderOf(api.snapshots, a.id)), false, "the oldest's files are gone");
      assert.equal(await exists(api.snapshots.fileUri(b.id, 'goroutine_debug2.txt')), true);
      assert.equal(await exists(api.snapshots.fileUri(c.id, 'goroutine_debug2.txt')), true);
    } finally {
      await setMaxKept(undefined);
    }
  });

  it('"Delete Snapshot" removes it from the list and its files from the storage', async () => {
    const keep = await add('kept');
    const meta = await add('to delete');
    assert.equal(
      await vscode.commands.executeCommand('goroutineInspector.deleteSnapshot', meta, { confirm: false }),
      true,
    );
    const ids = (await api.snapshots.list()).map((m) => m.id);
    assert.ok(!ids.includes(meta.id), 'not listed');
    assert.ok(ids.includes(keep.id), 'the others stay');
    assert.equal(await exists(folderOf(api.snapshots, meta.id)), false, 'its folder is gone');
    assert.equal(await api.snapshots.get(meta.id), null);
  });
});
