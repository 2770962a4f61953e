// A watch tick's summary is built in the decode worker (src/core/watch/tickSummary.ts): on a real
// shopd capture with a heap profile, a counts tick's summary alone (no analysis sent back) equals
// what the extension host used to compute from the whole session: the history point, the
// suspects, heap in use (pprof's inuse_space total) and the Snapshots view's counts.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { pointFromResult } from '../../../src/core/analysis/history/historyPoint';
import { heapInUseOfData } from '../../../src/core/watch/heapInUse';
import { tickSuspects } from '../../../src/core/watch/tickSuspects';
import { decodeInputs, type DecodeJob, type WorkerOutcome } from '../../../src/node/decodeWorker';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'shopd-t2');
const at = Date.UTC(2026, 0, 2, 3, 4, 5);

function job(tick: DecodeJob['tick']): DecodeJob {
  return {
    inputs: ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'heap_debug0.pb.gz'].map((f) => ({
      name: f,
      path: path.join(dir, f),
    })),
    maxDecompressedBytes: 1 << 30,
    sourceRoots: [path.join(dir, 'src')],
    capturedAt: at,
    ...(tick ? { tick } : {}),
  };
}

describe('tick summary from the decode worker (shopd t2 with its heap)', () => {
  let counts: WorkerOutcome;
  let full: WorkerOutcome;
  let plain: WorkerOutcome;

  before(async () => {
    counts = await decodeInputs(job({ at, session: false }), () => undefined);
    full = await decodeInputs(job({ at, session: true }), () => undefined);
    plain = await decodeInputs(job(undefined), () => undefined);
  });

  it('a counts tick sends back its summary and no analysis', () => {
    assert.equal(counts.kind, 'tick-counts');
    assert.ok(!('result' in counts), 'no analysis in a counts tick');
  });

  it('equals the summary computed from the whole session', () => {
    assert.equal(plain.kind, 'goroutines');
    assert.equal(counts.kind, 'tick-counts');
    if (plain.kind !== 'goroutines' || counts.kind !== 'tick-counts') return;
    assert.equal(plain.tick, null, 'no summary without a tick');
    const s = counts.tick;
    assert.deepEqual(s.point, pointFromResult(plain.result, at));
    assert.deepEqual(s.suspects, tickSuspects(plain.result));
    assert.ok(s.suspects.length > 0);
    assert.equal(s.goroutines, plain.result.snapshot.goroutineCount);
    const suspectGoroutines = plain.result.groups
      .filter((g) => g.verdict.suspect)
      .reduce((n, g) => n + g.group.count, 0);
    assert.equal(s.suspectGoroutines, suspectGoroutines);
    assert.ok(suspectGoroutines > 0 && suspectGoroutines < s.goroutines);
    assert.ok(plain.heap);
    const inUse = heapInUseOfData(plain.heap);
    assert.ok(inUse !== null && inUse > 0);
    assert.equal(s.heapInUse, inUse, 'the heap profile summed here is the heap page total');
  });

  it('a full tick carries the session and the same summary', () => {
    assert.equal(full.kind, 'goroutines');
    assert.equal(counts.kind, 'tick-counts');
    if (full.kind !== 'goroutines' || counts.kind !== 'tick-counts') return;
    assert.deepEqual(full.tick, counts.tick);
    assert.ok(full.heap && full.result.groups.length > 0);
  });
});
