// The pure parts of a watch: what each tick fetches, the backoff, restart recognition (on real
// captures of our own services), the series' caps and segments, and the loop that ties them
// together, run with a fake clock and captures that fail and recover.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { maxId, pointFromSnapshot, type HistoryPoint } from '../../../src/core/analysis/history/historyPoint';
import { restartReason } from '../../../src/core/watch/restart';
import { nextDelayMs, tickKind, tickProfiles } from '../../../src/core/watch/tickSchedule';
import { runWatchLoop, type TickCapture } from '../../../src/core/watch/watchLoop';
import {
  appendTick,
  historyOf,
  newSeries,
  parseSeries,
  segmentFor,
  type SeriesTick,
} from '../../../src/core/watch/watchSeries';
import { fixtureCorpus, loadDump, repoRoot } from '../../support/corpora';
import * as path from 'node:path';

const meteohub = fixtureCorpus('meteohub', path.join(repoRoot, 'test', 'go', 'meteohub'));
async function point(capture: string, version = 'go1.27', at: number | null = null): Promise<HistoryPoint> {
  const c = meteohub.captures.find((x) => x.version === version && x.capture === capture);
  if (!c) throw new Error(`meteohub ${version} ${capture} is missing from test/fixtures`);
  return pointFromSnapshot(await loadDump(c.dump), { at });
}

/** The same point without ids, as a proto-only tick has it. */
function countsOnly(p: HistoryPoint): HistoryPoint {
  return { ...p, hasIds: false, groups: p.groups.map((g) => ({ ...g, ids: [] })) };
}

function tick(over: Partial<SeriesTick>): SeriesTick {
  return {
    at: 0,
    kind: 'full',
    snapshotId: null,
    point: null,
    heapInUse: null,
    bytes: 0,
    segment: 0,
    reason: null,
    ...over,
  };
}

describe('tick schedule', () => {
  it('takes the debug=2 dump on the first tick, every Kth and after a failure; counts otherwise', () => {
    const kinds = Array.from({ length: 9 }, (_, index) => tickKind({ index, fullEvery: 4, afterFailure: false }));
    assert.deepEqual(kinds, ['full', 'counts', 'counts', 'counts', 'full', 'counts', 'counts', 'counts', 'full']);
    assert.equal(tickKind({ index: 2, fullEvery: 4, afterFailure: true }), 'full');
    assert.equal(tickKind({ index: 3, fullEvery: 1, afterFailure: false }), 'full');
  });

  it('fetches proto and heap every tick, debug=2 and goroutineleak only on full ticks where the server has it', () => {
    const names = (k: 'full' | 'counts', missing: boolean) =>
      tickProfiles(k, { leakProfileMissing: missing, includeHeap: true }).map((w) => w.name);
    assert.deepEqual(names('counts', false), ['goroutine_debug0.pb.gz', 'heap_debug0.pb.gz']);
    assert.deepEqual(names('full', false), [
      'goroutine_debug2.txt',
      'goroutine_debug0.pb.gz',
      'goroutineleak_debug1.txt',
      'heap_debug0.pb.gz',
    ]);
    assert.deepEqual(names('full', true), ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'heap_debug0.pb.gz']);
    assert.deepEqual(
      tickProfiles('counts', { leakProfileMissing: false, includeHeap: false }).map((w) => w.name),
      ['goroutine_debug0.pb.gz'],
    );
  });

  it('waits the interval, and after failures doubles it up to ten intervals or five minutes', () => {
    assert.equal(nextDelayMs(30, 0), 30_000);
    assert.equal(nextDelayMs(30, 1), 60_000);
    assert.equal(nextDelayMs(30, 3), 240_000);
    assert.equal(nextDelayMs(30, 10), 300_000);
    assert.equal(nextDelayMs(1, 10), 300_000);
    assert.equal(nextDelayMs(60, 10), 600_000);
  });
});

describe('restart recognition on meteohub captures', () => {
  it('reads later captures of one run as the same process, whatever their totals do', async () => {
    const [t1, t2, t3] = await Promise.all([point('t1'), point('t2'), point('t3')]);
    assert.equal(restartReason(t1, t2, { baseline: t1, gapBetween: false }), null);
    // t3 has fewer goroutines than t2 (clients left): not a restart, ids go on rising.
    assert.ok(t3.goroutineCount < t2.goroutineCount);
    assert.equal(restartReason(t2, t3, { baseline: t1, gapBetween: true }), null);
  });

  it('sees ids that start again low as a new process', async () => {
    const [t3, t0] = await Promise.all([point('t3'), point('t0')]);
    const why = restartReason(t3, t0, { baseline: null, gapBetween: false });
    assert.match(why ?? '', new RegExp(`highest ${maxId(t0)}, was ${maxId(t3)}`));
  });

  it('without ids, needs a gap and the total back at the baseline', async () => {
    const [t0, t2] = await Promise.all([point('t0'), point('t2')]);
    const [before, after] = [countsOnly(t2), countsOnly(t0)];
    assert.equal(restartReason(before, after, { baseline: after, gapBetween: false }), null);
    assert.match(
      restartReason(before, after, { baseline: after, gapBetween: true }) ?? '',
      new RegExp(`fell from ${t2.goroutineCount} to ${t0.goroutineCount}`),
    );
    // A total that fell but stays above the baseline is leaks that ended, not a restart.
    const higherBase = { ...after, goroutineCount: after.goroutineCount - 1 };
    assert.equal(restartReason(before, after, { baseline: higherBase, gapBetween: true }), null);
  });
});

describe('watch series', () => {
  it('drops the oldest ticks past the count and byte caps, never the newest', () => {
    let s = newSeries('w', 'http://x/debug/pprof', 0);
    const dropped: SeriesTick[] = [];
    for (let i = 0; i < 6; i++) {
      const r = appendTick(s, tick({ at: i, bytes: 100, snapshotId: `s${i}` }), { maxTicks: 4, maxBytes: 1e9 });
      s = r.series;
      dropped.push(...r.dropped);
    }
    assert.deepEqual(
      s.ticks.map((t) => t.snapshotId),
      ['s2', 's3', 's4', 's5'],
    );
    assert.deepEqual(
      dropped.map((t) => t.snapshotId),
      ['s0', 's1'],
    );
    const r = appendTick(s, tick({ at: 9, bytes: 250, snapshotId: 'big' }), { maxTicks: 10, maxBytes: 350 });
    assert.deepEqual(
      r.series.ticks.map((t) => t.snapshotId),
      ['s5', 'big'],
    );
    const alone = appendTick(r.series, tick({ at: 10, bytes: 500, snapshotId: 'huge' }), {
      maxTicks: 10,
      maxBytes: 300,
    });
    assert.deepEqual(
      alone.series.ticks.map((t) => t.snapshotId),
      ['huge'],
    );
  });

  it('starts a new segment at a restart and gives the history of the current one', async () => {
    const [t1, t2, t0] = await Promise.all([point('t1'), point('t2'), point('t0')]);
    let s = newSeries('w', 'e', 0);
    s = appendTick(s, tick({ at: 1, point: t1 }), { maxTicks: 9, maxBytes: 1e9 }).series;
    s = appendTick(s, tick({ at: 2, point: t2 }), { maxTicks: 9, maxBytes: 1e9 }).series;
    assert.deepEqual(segmentFor(s, t2), { segment: 0, restart: null });
    const next = segmentFor(s, t0);
    assert.equal(next.segment, 1);
    assert.match(next.restart ?? '', /started again low/);
    s = appendTick(s, tick({ at: 3, point: t0, segment: 1, reason: next.restart }), {
      maxTicks: 9,
      maxBytes: 1e9,
    }).series;
    assert.deepEqual(historyOf(s, 1), [t0]);
    assert.equal(historyOf(s, 0).length, 2);
    assert.deepEqual(parseSeries(JSON.stringify(s)), s);
    assert.equal(parseSeries('{"version":99}'), null);
    assert.equal(parseSeries('not json'), null);
  });
});

describe('watch loop', () => {
  interface FakeTick extends TickCapture {
    readonly n: number;
  }

  it('captures per plan, shows failures as gaps with their reason, backs off, and stops at the end time', async () => {
    const points = await Promise.all(['t0', 't1', 't2', 't3'].map((c) => point(c)));
    let clock = 1_000_000;
    const slept: number[] = [];
    const kinds: string[] = [];
    const histories: number[] = [];
    let calls = 0;
    const series = await runWatchLoop<FakeTick>(newSeries('w', 'http://127.0.0.1:1/debug/pprof', clock), {
      intervalSeconds: 10,
      fullEvery: 3,
      caps: { maxTicks: 100, maxBytes: 1e9 },
      signal: new AbortController().signal,
      until: clock + 95_000,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      capture: async (kind) => {
        kinds.push(kind);
        calls++;
        if (calls === 3 || calls === 4) throw new Error('connection refused');
        return { n: calls, snapshotId: `s${calls}`, bytes: 10, leakProfileMissing: true };
      },
      analyze: async (c, kind, history, at) => {
        histories.push(history.length);
        const p = points[Math.min(c.n - 1, 3)]!;
        return {
          point: kind === 'full' ? { ...p, at } : countsOnly({ ...p, at }),
          heapInUse: 1000 * c.n,
          suspects: [{ key: `k${c.n}`, label: `from tick ${c.n}`, kind: 'growth' }],
        };
      },
      onTick: async () => undefined,
      describeFailure: (e) => (e as Error).message,
    });
    assert.deepEqual(
      series.ticks.map((t) => t.kind),
      ['full', 'counts', 'gap', 'gap', 'full', 'counts'],
    );
    // The tick after a failure takes the dump (ids tell a restart); the plan goes on from there.
    assert.deepEqual(kinds, ['full', 'counts', 'counts', 'full', 'full', 'counts']);
    assert.deepEqual(
      series.ticks.filter((t) => t.kind === 'gap').map((t) => t.reason),
      ['connection refused', 'connection refused'],
    );
    // Backoff: 10 s, 10 s, then 20 s and 40 s after one and two failures, then 10 s again, and
    // the last wait ends at the end time.
    assert.deepEqual(slept, [10_000, 10_000, 20_000, 40_000, 10_000, 5_000]);
    assert.ok(clock <= 1_000_000 + 95_000, 'ends at the end time');
    // Only full ticks replace the suspects: the last full one was the 5th capture.
    assert.deepEqual(
      series.suspects.map((s) => s.label),
      ['from tick 5'],
    );
    assert.deepEqual(histories, [0, 1, 2, 3]);
    assert.equal(series.ticks[4]!.heapInUse, 5000, 'the heap of the 5th capture');
  });

  it('ends without a gap when stopped during a capture', async () => {
    const stop = new AbortController();
    const series = await runWatchLoop<FakeTick>(newSeries('w', 'e', 0), {
      intervalSeconds: 1,
      fullEvery: 4,
      caps: { maxTicks: 10, maxBytes: 1e9 },
      signal: stop.signal,
      now: () => 0,
      sleep: async () => undefined,
      capture: async () => {
        stop.abort();
        throw new Error('aborted');
      },
      analyze: async () => assert.fail('nothing to analyse'),
      onTick: async () => assert.fail('no tick'),
      describeFailure: (_e, signal) => (signal.aborted ? null : 'failed'),
    });
    assert.equal(series.ticks.length, 0);
  });
});
