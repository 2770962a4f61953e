// The summary page (and a notice) rendered in a DOM (happy-dom) through the HostBridge seam, from the
// view models of a real capture and of a heap pprof's goldens describe (the heap page: heapPage.test.ts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TopEntry } from '../../../src/core/analysis/top';
import { bytesText } from '../../../src/core/present/format';
import { findGroup } from '../../../src/core/present/groupLookup';
import { buildSummaryView, type SummarySource, type SummaryView } from '../../../src/core/present/summaryView';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { leakyapiSnapshot, repoRoot } from '../present/leakyapiSnapshot';
import { openApp, type FakeBridge } from './fakeDom';

const goldenHeap = path.join(repoRoot, 'test', 'golden', 'top', 'go1.19_t1_heap.pb.gz');
const load = (file: string) => readProfile(bytesInput(file, readFileSync(file)), { inflater: zlibInflater });

describe('summary and heap pages', () => {
  let app: ReturnType<typeof openApp> | null = null;
  let src: SummarySource;
  let summary: SummaryView;
  let root: HTMLElement;
  let bridge: FakeBridge;

  before(async () => {
    src = await leakyapiSnapshot('go1.27', 't2');
    summary = buildSummaryView({ ...src, heap: await load(goldenHeap) });
  });
  beforeEach(async () => {
    await app?.teardown();
    app = openApp();
    ({ root, bridge } = app);
  });
  after(async () => app?.teardown());

  const tableRows = (caption: string) => {
    const table = [...root.querySelectorAll('table')].find((t) => t.querySelector('caption')?.textContent === caption);
    assert.ok(table, `a table "${caption}"`);
    return [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
  };

  it('shows the totals and the counts by kind, handler and state', () => {
    bridge.send({ type: 'render/summary', summary });
    assert.equal(root.querySelector('h1')?.textContent, src.title);
    const stats = root.querySelector('.stats')!.textContent!;
    assert.ok(stats.includes(`${summary.suspectGoroutines} suspect goroutines in ${summary.suspectGroups} groups`));
    assert.ok(stats.includes(`${summary.goroutineCount} goroutines in ${summary.groupCount} groups`));
    const byKind = tableRows('By leak kind');
    assert.deepEqual(
      byKind.map((r) => [r[0]!.trim(), r[1]]),
      summary.byKind.map((r) => [r.name, String(r.goroutines)]),
    );
    assert.equal(tableRows('By handler').length, summary.byHandler.length);
    assert.equal(tableRows('By wait state').length, summary.byState.length);
  });

  it("lists the heap's pprof top beside the goroutines", async () => {
    bridge.send({ type: 'render/summary', summary });
    const rows = tableRows('Heap in use at the same moment (by allocating function)');
    const golden = (
      JSON.parse(readFileSync(goldenHeap.replace(/\.pb\.gz$/, '.top.json'), 'utf8')) as Record<string, TopEntry[]>
    )['inuse_space']!;
    assert.deepEqual(
      rows,
      golden.slice(0, 10).map((r) => [r.function, bytesText(r.flat)]),
    );
  });

  it('leaves the heap table out when no heap was captured', () => {
    bridge.send({ type: 'render/summary', summary: { ...summary, heapTop: null } });
    assert.ok(!root.textContent!.includes('Heap in use'));
  });

  it('opens the group a cell of the icicle ends, and keeps small and non-group cells out of the way', () => {
    bridge.send({ type: 'render/summary', summary });
    const cells = [...root.querySelectorAll<HTMLButtonElement>('.icicle button.cell')];
    assert.ok(cells.length > 5);
    const groupCells = cells.filter((c) => c.classList.contains('group'));
    assert.ok(groupCells.length > 0);
    groupCells[0]!.click();
    const posted = bridge.posted.at(-1)!;
    assert.equal(posted.type, 'group/show');
    assert.ok(posted.type === 'group/show' && findGroup(src.result, posted.groupKey), 'a group of the capture');
    for (const c of cells) {
      if (!c.classList.contains('group')) assert.equal(c.getAttribute('aria-disabled'), 'true');
      assert.match(c.getAttribute('aria-label')!, /: \d+ goroutines, \d+ suspect$/);
    }
    const root0 = cells[0]!;
    assert.ok(root0.tabIndex >= 0, 'the widest cell is in the tab order');
    const posts = bridge.posted.length;
    cells.find((c) => !c.classList.contains('group'))!.click();
    assert.equal(bridge.posted.length, posts, 'a cell that is no group posts nothing');
  });

  it('shows a notice as text', () => {
    bridge.send({ type: 'render/notice', text: 'Analysing <b>x</b>…' });
    assert.equal(root.querySelector('p.notice')?.textContent, 'Analysing <b>x</b>…');
    assert.equal(root.querySelectorAll('b').length, 0);
  });
});
