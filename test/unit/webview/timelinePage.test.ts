// The watch's timeline: the view model built from a series of real meteohub captures (total, the
// suspect groups of the last full tick by their counts at every tick, heap, a gap, a restart), and
// the page the webview draws from it in a DOM (happy-dom): lines, hover/keys read the values, a
// click or Enter asks the host to open that tick's snapshot.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { pointFromResult } from '../../../src/core/analysis/history/historyPoint';
import { buildTimelineView, growingSuspects, watchStatusView } from '../../../src/core/present/timelineView';
import { tickSuspects } from '../../../src/core/watch/tickSuspects';
import { appendTick, newSeries, type WatchSeries } from '../../../src/core/watch/watchSeries';
import { fixtureCorpus, loadDump, repoRoot } from '../../support/corpora';
import { openApp } from './fakeDom';

const meteohub = fixtureCorpus('meteohub', path.join(repoRoot, 'test', 'go', 'meteohub'));
const caps = { maxTicks: 100, maxBytes: 1e12 };

async function meteohubSeries(): Promise<WatchSeries> {
  const run = meteohub.captures.filter((c) => c.version === 'go1.27');
  let s = newSeries('watch-test', 'http://127.0.0.1:6060/debug/pprof', 0);
  for (const [i, c] of run.entries()) {
    const at = 60_000 * (i + 1);
    const result = await analyzeSnapshot(await loadDump(c.dump), {
      history: s.ticks.flatMap((t) => (t.point ? [t.point] : [])),
      capturedAt: at,
    });
    const tick = {
      at,
      kind: 'full' as const,
      snapshotId: `snap-${c.capture}`,
      point: pointFromResult(result, at),
      heapInUse: 1_000_000 * (i + 1),
      bytes: 1,
      segment: 0,
      reason: null,
    };
    s = { ...appendTick(s, tick, caps).series, suspects: tickSuspects(result) };
    if (i === 1)
      s = appendTick(
        s,
        {
          ...tick,
          at: at + 30_000,
          kind: 'gap',
          snapshotId: null,
          point: null,
          heapInUse: null,
          reason: 'connection refused',
        },
        caps,
      ).series;
  }
  return s;
}

describe('watch timeline', () => {
  let series: WatchSeries;
  let app: ReturnType<typeof openApp> | null = null;
  before(async () => {
    series = await meteohubSeries();
  });
  after(async () => app?.teardown());

  it('has the total, the top suspect groups, the rest summed and the heap, one value per capture', () => {
    const v = buildTimelineView(series, true);
    assert.equal(v.points.length, 4);
    assert.deepEqual(
      v.lines[0]!.values,
      series.ticks.filter((t) => t.point).map((t) => t.point!.goroutineCount),
    );
    const suspects = v.lines.filter((l) => l.id.startsWith('suspect-'));
    assert.equal(suspects.length, 5);
    const rest = v.lines.find((l) => l.id === 'other-suspects')!;
    assert.match(rest.label, new RegExp(`^${series.suspects.length - 5} other suspect groups$`));
    // Each suspect line is its group's count at every tick, read by count key from the tick's point.
    const key = series.suspects.find((s) => s.label === suspects[0]!.label)!.key;
    assert.deepEqual(
      suspects[0]!.values,
      series.ticks
        .filter((t) => t.point)
        .map((t) => t.point!.groups.filter((g) => g.countKey === key).reduce((n, g) => n + g.count, 0)),
    );
    const last = (l: (typeof v.lines)[number]) => l.values[l.values.length - 1]!;
    const sum = v.lines
      .filter((l) => l.id.startsWith('suspect') || l.id === 'other-suspects')
      .reduce((n, l) => n + last(l), 0);
    const lastPoint = series.ticks.filter((t) => t.point).at(-1)!.point!;
    const suspectKeys = new Set(series.suspects.map((s) => s.key));
    assert.equal(
      sum,
      lastPoint.groups.filter((g) => suspectKeys.has(g.countKey)).reduce((n, g) => n + g.count, 0),
    );
    assert.deepEqual(v.lines.find((l) => l.id === 'heap')!.values, [1e6, 2e6, 3e6, 4e6]);
    assert.deepEqual(v.gaps, [{ at: 150_000, reason: 'connection refused' }]);
  });

  it('counts growing suspect groups for the status bar', () => {
    const n = growingSuspects(series);
    assert.ok(n > 0 && n <= series.suspects.length);
    const status = watchStatusView(series);
    assert.equal(
      status.text,
      `${series.ticks.filter((t) => t.point).at(-1)!.point!.goroutineCount} goroutines · ${n} growing`,
    );
    assert.equal(status.warning, true);
  });

  it('draws the chart, reads values on hover and keys, and opens the tick on click and Enter', () => {
    app = openApp();
    const v = buildTimelineView(series, true);
    app.bridge.send({ type: 'render/timeline', timeline: v });
    const { root, bridge } = app;
    assert.equal(root.querySelector('h1')?.textContent, 'Watch of http://127.0.0.1:6060/debug/pprof');
    const lines = root.querySelectorAll('polyline.series');
    assert.equal(lines.length, v.lines.length);
    const totals = lines[0]!.getAttribute('points')!.split(' ');
    assert.equal(totals.length, 4);
    // A higher count is drawn higher (smaller y).
    const ys = totals.map((p) => Number(p.split(',')[1]));
    const values = v.lines[0]!.values as number[];
    for (let i = 1; i < 4; i++) assert.equal(Math.sign(ys[i - 1]! - ys[i]!), Math.sign(values[i]! - values[i - 1]!));
    assert.equal(root.querySelectorAll('.gap-mark').length, 1);
    const chart = root.querySelector('.timeline') as HTMLElement;
    const readout = () => root.querySelector('.readout')!.textContent ?? '';
    assert.match(readout(), new RegExp(`Goroutines: ${values[3]!.toLocaleString('en-US')}`));
    chart.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Home' }) as unknown as Event);
    assert.match(readout(), new RegExp(`Goroutines: ${values[0]!.toLocaleString('en-US')}`));
    chart.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'ArrowRight' }) as unknown as Event);
    chart.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter' }) as unknown as Event);
    assert.deepEqual(bridge.posted.at(-1), { type: 'timeline/open', snapshotId: 'snap-t1' });
    // happy-dom does not lay out: the chart is given the box a 720 px wide webview would.
    const svg = root.querySelector('svg')!;
    svg.getBoundingClientRect = () => ({ left: 0, top: 0, width: 720, height: 260 }) as DOMRect;
    chart.dispatchEvent(new window.MouseEvent('click', { clientX: 700 }) as unknown as Event);
    assert.deepEqual(bridge.posted.at(-1), { type: 'timeline/open', snapshotId: 'snap-t3' });
    assert.match(root.querySelector('svg')!.getAttribute('aria-label')!, /^4 capture\(s\), 1 gap\(s\)\. Goroutines: /);
    assert.equal(root.querySelectorAll('table.visually-hidden tbody tr').length, 4);
  });
});
