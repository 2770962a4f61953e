// What a watch does after every tick, made linear in the new tick: the series file's text with
// each tick stringified once (seriesJson) is JSON.stringify's text exactly, tick after tick, and
// the count of a group by its key (countOf, indexed once per point) is the sum over the point's
// groups. On real meteohub captures (points with every goroutine id), gaps and the caps.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { countOf } from '../../../src/core/analysis/history/historyContext';
import { pointFromSnapshot, type HistoryPoint } from '../../../src/core/analysis/history/historyPoint';
import { seriesJson } from '../../../src/core/watch/seriesJson';
import { appendTick, newSeries, parseSeries, type WatchSeries } from '../../../src/core/watch/watchSeries';
import { fixtureCorpus, loadDump, repoRoot } from '../../support/corpora';

const meteohub = fixtureCorpus('meteohub', path.join(repoRoot, 'test', 'go', 'meteohub'));

describe('series file text and counts by key, on meteohub captures', () => {
  const points: HistoryPoint[] = [];

  before(async () => {
    for (const c of meteohub.captures.filter((x) => x.version === 'go1.27'))
      points.push(pointFromSnapshot(await loadDump(c.dump), { at: Date.UTC(2026, 0, 1) + points.length * 60_000 }));
  });

  it('has captures with ids to work on', () => {
    assert.ok(points.length >= 3, `${points.length} meteohub captures for go1.27`);
    assert.ok(points.every((p) => p.hasIds && p.groups.some((g) => g.ids.length > 0)));
  });

  it('writes the text JSON.stringify writes, after every tick, gaps and dropped ticks included', () => {
    let series: WatchSeries = newSeries('watch-x', 'http://127.0.0.1:6060/debug/pprof/', 1);
    assert.equal(seriesJson(series), JSON.stringify(series));
    const caps = { maxTicks: 5, maxBytes: 1 << 30 };
    for (let i = 0; i < 9; i++) {
      const gap = i % 4 === 3;
      const tick = {
        at: 1000 + i,
        kind: gap ? ('gap' as const) : i % 2 ? ('counts' as const) : ('full' as const),
        snapshotId: gap ? null : `s-${i}`,
        point: gap ? null : points[i % points.length]!,
        heapInUse: gap ? null : 1234.5 * i,
        bytes: 100 * i,
        segment: i > 6 ? 1 : 0,
        reason: gap ? 'connect ECONNREFUSED "127.0.0.1:6060" — refused\n' : null,
      };
      const next = appendTick(series, tick, caps).series;
      series = i === 4 ? { ...next, suspects: [{ key: 'a|b', label: 'handler (main.go:12)', kind: 'growth' }] } : next;
      const text = seriesJson(series);
      assert.equal(text, JSON.stringify(series), `after tick ${i}`);
      assert.deepEqual(parseSeries(text), JSON.parse(JSON.stringify(series)));
    }
    assert.equal(series.ticks.length, 5, 'the caps dropped the oldest');
  });

  it('counts a key as the sum over the point’s groups, for every key and one that is absent', () => {
    for (const p of points) {
      const keys = new Set(p.groups.map((g) => g.countKey));
      for (const k of keys)
        assert.equal(
          countOf(p, k),
          p.groups.filter((g) => g.countKey === k).reduce((n, g) => n + g.count, 0),
        );
      assert.equal(countOf(p, 'no such stack'), 0);
    }
  });
});
