// classifyInputs, the one way in: what each input holds is a typed outcome (goroutines with the
// leak profile and a heap beside them, or a heap profile alone), not an error message to match;
// and what the decode worker hands the extension for each: the analysis, or the heap page's
// pprof-exact top. Real profiles of the project's own fixtures and goldens.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { topEntries } from '../../../src/core/analysis/top';
import { classifyInputs } from '../../../src/core/input/classifyInputs';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { InputError } from '../../../src/core/inputError';
import { decodeInputs } from '../../../src/node/decodeWorker';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { message } from '../profile/protoWriter';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const shopd = path.join(repoRoot, 'test', 'fixtures', 'shopd-t2');
const golden = path.join(repoRoot, 'test', 'golden', 'top');
const heapGz = path.join(golden, 'go1.19_t1_heap.pb.gz');
const allocsGz = path.join(golden, 'go1.23_t2_allocs.pb.gz');
const classify = (...files: string[]) => classifyInputs(files.map(readInput), { inflater: zlibInflater });

const HEAP_TEXT =
  'heap profile: 1: 16 [2: 32] @ heap/2\n' +
  '1: 16 [2: 32] @ 0x401001\n' +
  '#\t0x401000\tmain.grow+0x10\t/src/main.go:10\n';

describe('classifyInputs', () => {
  it('a capture of one moment: goroutines merged with the leak profile, the heap beside them', async () => {
    const o = await classify(
      ...['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'goroutineleak_debug1.txt', 'heap_debug0.pb.gz'].map((f) =>
        path.join(shopd, f),
      ),
    );
    assert.equal(o.kind, 'goroutines');
    if (o.kind !== 'goroutines') return;
    assert.equal(o.snapshot.source, 'debug2');
    assert.equal(o.snapshot.goroutineCount, 292);
    assert.ok(o.snapshot.hasLeakProfile);
    assert.equal(o.heap?.kind, 'heap');
    assert.equal(o.heap?.format, 'protobuf');
    assert.equal(o.snapshot.inputs.length, 3, 'the heap is not a goroutine input');
  });

  it('a heap profile alone is an outcome of its own, gzipped protobuf or debug=1 text', async () => {
    const proto = await classify(heapGz);
    assert.equal(proto.kind, 'heap-only');
    assert.equal(proto.heap.kind, 'heap');
    assert.ok(proto.heap.profile.samples.length > 0);
    const text = await classifyInputs([bytesInput('heap.txt', new TextEncoder().encode(HEAP_TEXT))], {
      inflater: zlibInflater,
    });
    assert.equal(text.kind, 'heap-only');
    assert.equal(text.heap.format, 'heap-text');
    assert.deepEqual(text.heap.profile.samples[0]!.values, [2, 32, 1, 16]);
  });

  it('tells the allocs profile from the heap profile by its default sample type', async () => {
    const o = await classify(allocsGz);
    assert.equal(o.heap?.kind, 'allocs');
    assert.equal((await classify(heapGz)).heap?.kind, 'heap');
  });

  it('uses the first of two heap profiles and says the second was not used', async () => {
    const o = await classify(heapGz, path.join(shopd, 'heap_debug0.pb.gz'));
    assert.equal(o.kind, 'heap-only');
    if (o.kind !== 'heap-only') return;
    assert.equal(o.heap.name, heapGz);
    assert.equal(o.warnings.length, 1);
    assert.match(o.warnings[0]!.message, /second heap profile .* not used/);
    const g = await classify(path.join(shopd, 'goroutine_debug2.txt'), heapGz, path.join(shopd, 'heap_debug0.pb.gz'));
    assert.equal(g.kind, 'goroutines');
    if (g.kind !== 'goroutines') return;
    assert.ok(g.snapshot.warnings.some((w) => /second heap profile/.test(w.message)));
  });

  it('refuses profiles of other kinds with their sample types named', async () => {
    // A CPU profile's sample types and nothing else: samples/count, cpu/nanoseconds.
    const cpu = message([
      [
        1,
        message([
          [1, 1],
          [2, 2],
        ]),
      ],
      [
        1,
        message([
          [1, 3],
          [2, 4],
        ]),
      ],
      ...['', 'samples', 'count', 'cpu', 'nanoseconds'].map((s): [number, string] => [6, s]),
    ]);
    await assert.rejects(
      classifyInputs([bytesInput('cpu.pb', cpu)], { inflater: zlibInflater }),
      (e: unknown) =>
        e instanceof InputError &&
        /^cpu\.pb: detecting format: a samples\/cpu profile, not a goroutine profile/.test(e.message),
    );
  });

  it('loadSnapshot, for callers with no place for a heap (analyze, diff), names the heap input', async () => {
    const goroutines = readInput(path.join(shopd, 'goroutine_debug2.txt'));
    await assert.rejects(
      loadSnapshot([goroutines, readInput(heapGz)], { inflater: zlibInflater }),
      (e: unknown) =>
        e instanceof InputError &&
        e.message ===
          `${heapGz}: detecting format: a heap profile, not a goroutine profile. Use \`goroutine-inspector top\` for it`,
    );
    await assert.rejects(
      loadSnapshot([bytesInput('heap.txt', new TextEncoder().encode(HEAP_TEXT))], { inflater: zlibInflater }),
      /heap\.txt: detecting format: a heap profile \(debug=1 text\), not a goroutine profile/,
    );
  });
});

describe('decodeInputs (the decode worker) on what classifyInputs found', () => {
  const job = (files: string[]) => ({
    inputs: files.map((f) => ({ name: path.basename(f), path: f })),
    maxDecompressedBytes: 1 << 30,
    sourceRoots: [],
  });

  it('a heap profile alone: the heap page gets pprof -top by inuse_space, number for number', async () => {
    let progress = 0;
    const o = await decodeInputs(job([heapGz]), (read, total) => {
      assert.ok(read <= total);
      progress = read;
    });
    assert.equal(o.kind, 'heap-only');
    if (o.kind !== 'heap-only') return;
    // Made by `go tool pprof -top -nodefraction=0 -sample_index=inuse_space` (test/golden/top).
    const expected = JSON.parse(readFileSync(path.join(golden, 'go1.19_t1_heap.top.json'), 'utf8'));
    const inuse = o.heap.sampleTypes.findIndex((t) => t.type === 'inuse_space');
    assert.deepEqual(topEntries(o.heap.top, inuse), expected['inuse_space']);
    assert.equal(
      o.heap.top.totals[inuse],
      expected['inuse_space'].reduce((n: number, e: { flat: number }) => n + e.flat, 0),
    );
    assert.ok(o.heap.flame.name.length > 1, 'with its flame graph');
    assert.equal(progress, readFileSync(heapGz).length, 'progress reached the end of the file');
  });

  it('goroutines: the analysis, with the frame files mapped by the lookup the analysis used', async () => {
    const o = await decodeInputs(
      { ...job([path.join(shopd, 'goroutine_debug2.txt')]), sourceRoots: [path.join(shopd, 'src')] },
      () => undefined,
    );
    assert.equal(o.kind, 'goroutines');
    if (o.kind !== 'goroutines') return;
    assert.equal(o.heap, null);
    assert.equal(o.localFiles.get('shopd/main.go'), path.join(shopd, 'src', 'main.go'));
    // Source facts were read: a suspect's reason names the line it read in main.go.
    assert.ok(o.result.groups.some((g) => g.verdict.suspect && /main\.go:\d+/.test(g.verdict.reason ?? '')));
    assert.deepEqual(o.result.warnings, []);
  });

  it('a file that cannot be read fails with its name and the reason', async () => {
    await assert.rejects(
      decodeInputs(job(['/nonexistent/goroutines.txt']), () => undefined),
      /goroutines\.txt: reading: no such file/,
    );
  });
});
