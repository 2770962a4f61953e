// The heap page and the compare page rendered in a DOM (happy-dom) through the HostBridge seam,
// from real profiles: the table reads pprof's numbers (the goldens `go tool pprof -top` and
// `-diff_base` printed) for every sample type, sorts and filters; the flame graph lays out,
// answers clicks and keys with the frame a click opens; the compare page lists every group with
// its new ids and the heap difference.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TopEntry } from '../../../src/core/analysis/top';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { buildCompareView } from '../../../src/core/present/compareView';
import { sampleValueText } from '../../../src/core/present/format';
import { heapProfileData, type HeapProfileData } from '../../../src/core/present/heapData';
import { heapDiffPageView, heapPageView, type HeapPageView } from '../../../src/core/present/heapPageView';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { leakyapiSnapshot, repoRoot } from '../present/leakyapiSnapshot';
import { flameColumns, hitTest, layoutFlame } from '../../../webview/flameLayout';
import { openApp, type FakeBridge } from './fakeDom';

const goldenHeap = path.join(repoRoot, 'test', 'golden', 'top', 'go1.19_t1_heap.pb.gz');
const golden = JSON.parse(readFileSync(goldenHeap.replace(/\.pb\.gz$/, '.top.json'), 'utf8')) as Record<
  string,
  TopEntry[]
>;
const diffGolden = JSON.parse(
  readFileSync(path.join(repoRoot, 'test', 'golden', 'topDiff', 'go1.23-meteohub-t1-t2.json'), 'utf8'),
) as { sampleTypes: Record<string, TopEntry[]> };
const meteohub = (t: string) => path.join(repoRoot, 'test', 'fixtures', 'go1.23', 'meteohub', `${t}_heap_debug0.pb.gz`);
const data = async (file: string): Promise<HeapProfileData> =>
  heapProfileData(await readProfile(bytesInput(file, readFileSync(file)), { inflater: zlibInflater }));

describe('heap page', () => {
  let app: ReturnType<typeof openApp> | null = null;
  let root: HTMLElement;
  let bridge: FakeBridge;
  let page: HeapPageView;

  before(async () => {
    page = heapPageView(await data(goldenHeap), { title: 'heap.pb.gz', subtitle: 'heap profile' });
  });
  beforeEach(async () => {
    await app?.teardown();
    app = openApp();
    ({ root, bridge } = app);
  });
  after(async () => app?.teardown());

  const show = (v: HeapPageView) => bridge.send({ type: 'render/heap', heap: v });
  const rows = () =>
    [...root.querySelectorAll('table.top-table tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
    );
  const expectRows = (entries: readonly TopEntry[], unit: string, total: number, sign = false) =>
    entries.slice(0, 200).map((e) => {
      const v = (x: number) => `${sign && x > 0 ? '+' : ''}${sampleValueText(x, unit)}`;
      const pct = (x: number) => `${((100 * x) / total).toFixed(2)}%`;
      return [e.function, v(e.flat), pct(e.flat), v(e.cum), pct(e.cum)];
    });
  const select = () => root.querySelector<HTMLSelectElement>('select.sample-type')!;
  const choose = (type: string) => {
    const s = select();
    s.value = String(page.sampleTypes.findIndex((t) => t.type === type));
    s.dispatchEvent(new window.Event('change') as unknown as Event);
  };

  it("opens on inuse_space with pprof's rows, flat% and cum% of its total", () => {
    show(page);
    assert.equal(root.querySelector('h1')?.textContent, 'heap.pb.gz');
    assert.deepEqual(
      [...select().options].map((o) => o.textContent),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    assert.equal(select().options[select().selectedIndex]!.textContent, 'inuse_space');
    const total = golden['inuse_space']!.reduce((n, e) => n + e.flat, 0);
    assert.deepEqual(rows(), expectRows(golden['inuse_space']!, 'bytes', total));
  });

  it('switches the table to another sample type', () => {
    show(page);
    choose('alloc_objects');
    const total = golden['alloc_objects']!.reduce((n, e) => n + e.flat, 0);
    assert.deepEqual(rows(), expectRows(golden['alloc_objects']!, 'count', total));
    assert.match(root.querySelector('.heap-total')!.textContent!, /alloc_objects/);
  });

  it('sorts by a column and says so, and filters by text', () => {
    show(page);
    const cum = root.querySelector<HTMLButtonElement>('th[data-key="cum"] button')!;
    cum.click();
    assert.equal(cum.parentElement!.getAttribute('aria-sort'), 'descending');
    const byCum = [...golden['inuse_space']!].sort((a, b) => b.cum - a.cum).slice(0, 200);
    assert.deepEqual(
      rows().map((r) => r[3]),
      byCum.map((e) => sampleValueText(e.cum, 'bytes')),
    );
    cum.click();
    assert.equal(cum.parentElement!.getAttribute('aria-sort'), 'ascending');
    const search = root.querySelector<HTMLInputElement>('input.heap-search')!;
    search.value = 'bufio';
    search.dispatchEvent(new window.Event('input') as unknown as Event);
    const names = rows().map((r) => r[0]!);
    assert.ok(names.length > 0 && names.every((n) => n.toLowerCase().includes('bufio')));
    assert.equal(names.length, golden['inuse_space']!.filter((e) => e.function.toLowerCase().includes('bufio')).length);
    assert.match(root.querySelector('table.top-table caption')!.textContent!, /matching "bufio"/);
  });

  it('opens the source of the flame graph frame a click lands on, and of the one Enter chooses', async () => {
    show(page);
    await Promise.resolve();
    const canvas = root.querySelector<HTMLCanvasElement>('canvas.flame-canvas')!;
    assert.ok(canvas, 'a canvas');
    // Row 1 (just below the root), at the left edge: the first child of the root.
    canvas.dispatchEvent(new window.MouseEvent('click', { clientX: 1, clientY: 20 }) as unknown as Event);
    const posted = bridge.posted.at(-1)!;
    assert.equal(posted.type, 'heap/openFrame');
    const node = posted.type === 'heap/openFrame' ? posted.node : -1;
    const laid = layoutFlame(page.flame, flameColumns(page.flame, page.selected), 0, 800);
    assert.equal(node, hitTest(laid, 1, 1), 'the frame laid out under the point');
    assert.equal(page.flame.depth[node], 1);
    // The keyboard: Escape zooms out to the root, ArrowDown goes to its widest child, Enter opens it.
    canvas.focus();
    const key = (k: string) =>
      canvas.dispatchEvent(new window.KeyboardEvent('keydown', { key: k, bubbles: true }) as unknown as Event);
    key('Escape');
    key('ArrowDown');
    const status = root.querySelector('.flame-status')!.textContent!;
    const types = page.sampleTypes.length;
    const inuse = page.selected;
    let widest = -1;
    for (let c = 1; c < page.flame.end[0]!; c = page.flame.end[c]!) {
      if (widest < 0 || page.flame.values[c * types + inuse]! > page.flame.values[widest * types + inuse]!) widest = c;
    }
    assert.ok(status.startsWith(`${page.flame.names[page.flame.name[widest]!]}:`), status);
    key('Enter');
    assert.deepEqual(bridge.posted.at(-1), { type: 'heap/openFrame', node: widest });
  });

  it('shows function names from the profile as text', () => {
    const hostile = {
      ...page,
      tops: page.tops.map((t) => ({ ...t, rows: [{ function: '<img src=x onerror=alert(1)>', flat: 1, cum: 1 }] })),
    };
    show(hostile);
    assert.equal(root.querySelectorAll('img').length, 0);
    assert.equal(rows()[0]![0], '<img src=x onerror=alert(1)>');
  });

  it("reads pprof's -diff_base numbers in a comparison, signed, as percentages of the earlier total", async () => {
    const diff = heapDiffPageView(await data(meteohub('t2')), await data(meteohub('t1')), {
      title: 'Heap difference',
      subtitle: 't2 minus t1',
      before: 't1',
      after: 't2',
    });
    page = diff;
    show(diff);
    choose('alloc_space');
    const t = diff.sampleTypes.findIndex((x) => x.type === 'alloc_space');
    assert.deepEqual(rows(), expectRows(diffGolden.sampleTypes['alloc_space']!, 'bytes', diff.tops[t]!.total, true));
    assert.match(root.querySelector('.heap-total')!.textContent!, /earlier profile's total/);
    assert.ok(diff.flame.base, 'the flame graph has both sides');
  });
});

describe('compare page', () => {
  let app: ReturnType<typeof openApp> | null = null;
  after(async () => app?.teardown());

  it('lists every group as before → after, growing first, with new ids, and the heap difference', async () => {
    const [t1, t2] = await Promise.all([leakyapiSnapshot('go1.27', 't1'), leakyapiSnapshot('go1.27', 't2')]);
    const view = buildCompareView(
      { title: 't1', result: t1.result, heap: heapProfileData(t1.heap as never) },
      { title: 't2', result: t2.result, heap: heapProfileData(t2.heap as never) },
    );
    app = openApp();
    const { root, bridge } = app;
    bridge.send({ type: 'render/compare', compare: view });
    const trs = [...root.querySelectorAll('table.compare-table tbody tr')];
    assert.equal(trs.length, view.groups.length);
    const changes = trs.map((tr) => /change-(\w+)/.exec(tr.className)![1]);
    const rank = { grown: 0, new: 1, same: 2, shrunk: 3, gone: 4 } as Record<string, number>;
    assert.deepEqual(
      changes,
      [...changes].sort((a, b) => rank[a!]! - rank[b!]!),
      'growing groups first',
    );
    const grown = view.groups.find((g) => g.change === 'grown' && g.newIdsTotal > 0)!;
    assert.ok(grown, 'a group grew by new goroutines');
    const before = new Set(t1.result.groups.flatMap((g) => g.group.ids));
    assert.ok(
      grown.newIds.every((id) => !before.has(id)),
      'new ids are not in the earlier moment',
    );
    assert.ok(grown.newIdsTotal >= grown.delta, 'at least the growth is new');
    const row = trs[view.groups.indexOf(grown)]!;
    assert.match(row.textContent!, new RegExp(`${grown.newIdsTotal} new goroutine id`));
    assert.ok(row.textContent!.includes(`${grown.before} → ${grown.after}`));
    row.querySelector<HTMLButtonElement>('button.link')!.click();
    assert.deepEqual(bridge.posted.at(-1), { type: 'group/show', groupKey: grown.afterKey });
    assert.ok(root.querySelector('section[aria-label="Heap difference"] table.top-table'));
  });
});
