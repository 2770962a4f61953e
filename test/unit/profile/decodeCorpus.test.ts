// Every protobuf profile of the shared corpus decodes, and one representative file's model is
// pinned by a golden file committed with its input. A missing golden fails; UPDATE_GOLDEN=1
// rewrites it (then review the diff).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { decodeProfile } from '../../../src/core/profile/decodeProfile';
import { parseHeapText } from '../../../src/core/profile/heapText';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { corpusProtos, sharedRoot } from './goPprof';
import { profileToJson } from './modelJson';

const golden = path.resolve(__dirname, '..', '..', 'golden', 'profile');
const update = process.env['UPDATE_GOLDEN'] === '1';

function expectedTypes(file: string): string[] {
  const base = path.basename(file);
  if (base.includes('_heap_') || base.includes('_allocs_'))
    return ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'];
  if (base.includes('_goroutineleak_')) return ['goroutineleak'];
  if (base.includes('_goroutine_')) return ['goroutine'];
  throw new Error(`unexpected corpus file ${file}`);
}

describe('decoding every protobuf profile of the shared corpus', () => {
  const files = corpusProtos();
  if (files.length === 0) {
    it('skipped: the shared corpus is absent', { skip: `${sharedRoot} not found` }, () => {});
    return;
  }
  it('finds the corpus files of all four Go versions', () => {
    for (const v of ['go1.19', 'go1.23', 'go1.26', 'go1.27']) {
      assert.ok(
        files.some((f) => f.includes(`${path.sep}${v}${path.sep}`)),
        `no ${v} protos`,
      );
    }
  });
  for (const file of files) {
    it(path.relative(path.join(sharedRoot, 'corpus'), file), async () => {
      const bytes = readFileSync(file);
      const p = await readProfile(bytesInput(file, bytes), { inflater: zlibInflater });
      assert.deepEqual(
        p.sampleTypes.map((t) => t.type),
        expectedTypes(file),
      );
      assert.ok(p.samples.length > 0);
      assert.ok(p.timeNanos > 1.7e18, 'time_nanos is a 2026 wall-clock time');
      for (const s of p.samples) {
        assert.equal(s.values.length, p.sampleTypes.length);
        for (const l of s.locations) assert.ok(p.locations.includes(l));
      }
      if (file.includes('goroutine')) {
        // Goroutine profiles carry the `route` pprof labels the corpus README promises.
        assert.ok(p.samples.some((s) => typeof s.labels['route'] === 'string'));
      }
    });
  }
});

describe('golden model', () => {
  it('go1.23 t1 goroutine profile decodes to the pinned model', () => {
    const raw = gunzipSync(readFileSync(path.join(golden, 'go1.23_t1_goroutine.pb.gz')));
    const model = profileToJson(decodeProfile(raw, { input: 'go1.23_t1_goroutine.pb.gz' }));
    const goldenFile = path.join(golden, 'go1.23_t1_goroutine.model.json');
    if (update) writeFileSync(goldenFile, JSON.stringify(model, null, 1) + '\n');
    assert.ok(existsSync(goldenFile), `${goldenFile} is missing; create it with UPDATE_GOLDEN=1 and review it`);
    assert.deepEqual(model, JSON.parse(readFileSync(goldenFile, 'utf8')));
    // Facts checked by hand against `go tool pprof -raw`, so the golden cannot drift unnoticed.
    const m = model as {
      samples: { values: number[]; labels: Record<string, string> }[];
      locations: { id: number; lines: unknown[] }[];
    };
    assert.equal(
      m.samples.reduce((n, s) => n + s.values[0]!, 0),
      248,
    );
    assert.deepEqual(m.samples[0], { ...m.samples[0], values: [60], labels: { route: 'spawn-send' } });
    assert.equal(m.locations.find((l) => l.id === 21)!.lines.length, 2, 'location 21 holds an inlined frame');
  });

  it('go1.23 t1 heap debug=1 text decodes to the totals of its header', () => {
    const text = gunzipSync(readFileSync(path.join(golden, 'go1.23_t1_heap_debug1.txt.gz')));
    const p = parseHeapText(text, { input: 'heap.txt' });
    // Header: heap profile: 6385: 17461496 [27619: 24794664] @ heap/2 (MemProfileRate 1: no scaling).
    const sum = (i: number) => p.samples.reduce((n, s) => n + s.values[i]!, 0);
    assert.deepEqual([sum(0), sum(1), sum(2), sum(3)], [27619, 24794664, 6385, 17461496]);
    assert.deepEqual(
      p.sampleTypes.map((t) => t.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    const spawn = p.samples.filter(
      (s) => s.locations[0]?.lines[0]?.function.name === 'main.(*shop).spawnSend.func1' && s.values[3]! >= 262144,
    );
    assert.equal(
      spawn.reduce((n, s) => n + s.values[3]!, 0),
      15728640,
      '60 retained 256 KiB buffers (GROUND_TRUTH heap)',
    );
  });
});
