// The Goroutines view's model on real captures of the project's leaky service: what each section,
// bucket, group and frame row says, checked against the capture's ground truth.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { isStdlibFunction } from '../../../src/core/go/functionNames';
import { LEAK_KIND_ICONS } from '../../../src/core/present/icons';
import { statusBarView } from '../../../src/core/present/statusBarView';
import type { SummarySource } from '../../../src/core/present/summaryView';
import {
  createdByRow,
  groupChildren,
  groupRow,
  idPageRows,
  idsRow,
  type TreeRowView,
} from '../../../src/core/present/treeRows';
import { treeBuckets, treeSections, visibleGroups } from '../../../src/core/present/treeSections';
import { GO_VERSIONS, leakyapiSnapshot, leakyapiTruth } from './leakyapiSnapshot';

const all = { showRuntime: true, filter: '' };

for (const version of GO_VERSIONS) {
  describe(`tree of leakyapi ${version} t2`, () => {
    let src: SummarySource;
    const truth = leakyapiTruth(version, 't2');
    before(async () => {
      src = await leakyapiSnapshot(version, 't2');
    });

    it('opens on the suspects, with the counts of the ground truth', () => {
      const sections = treeSections(src.result, { groupBy: 'handler', ...all });
      assert.deepEqual(
        sections.map((s) => [s.label, s.expanded]),
        [
          ['Suspects', true],
          ['Healthy', false],
          ['Undecided', false],
        ],
      );
      // Healthy lists only what a rule judged healthy; the rest is Undecided, never Healthy.
      const healthyIds = new Set(sections[1]!.groups.flatMap((g) => g.group.ids));
      for (const g of truth.groups)
        if (g.is_leak) for (const id of g.goroutine_ids) assert.ok(!healthyIds.has(id), `${g.id} ${id}`);
      assert.ok(sections[1]!.groups.every((g) => g.verdict.healthy));
      assert.ok(sections[2]!.groups.every((g) => !g.verdict.healthy && !g.verdict.suspect));
      assert.equal(sections[2]!.icon?.id, 'question');
      const suspects = sections[0]!;
      assert.equal(suspects.description, `${truth.leaked} goroutines · ${suspects.groups.length} groups`);
      assert.equal(suspects.icon?.color, 'problemsWarningIcon.foreground');
      const v = statusBarView(src.title, src.result);
      assert.equal(v.text, `${truth.leaked} suspect goroutines`);
      assert.ok(v.warning);
    });

    it('buckets suspects by leak kind as the ground truth counts them, largest first', () => {
      const expected = new Map<string, number>();
      for (const g of truth.groups) if (g.is_leak) expected.set(g.kind, (expected.get(g.kind) ?? 0) + g.count);
      const suspects = treeSections(src.result, { groupBy: 'kind', ...all })[0]!;
      const buckets = treeBuckets(suspects, 'kind');
      assert.deepEqual(new Map(buckets.map((b) => [b.name, b.goroutines])), expected);
      for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i - 1]!.goroutines >= buckets[i]!.goroutines);
      for (const b of buckets) {
        assert.ok(b.expanded, 'suspect buckets open');
        assert.equal(
          b.description,
          `${b.goroutines} goroutine${b.goroutines === 1 ? '' : 's'}${b.groups.length > 1 ? ` in ${b.groups.length} groups` : ''}`,
        );
        for (const g of b.groups) assert.equal(groupRow(g).icon?.id, LEAK_KIND_ICONS[g.verdict.kind!]);
      }
      const healthy = treeSections(src.result, { groupBy: 'kind', ...all })[1]!;
      assert.ok(treeBuckets(healthy, 'kind').every((b) => !b.expanded));
    });

    it('filters by label: route=search keeps the search goroutines only', () => {
      const kept = visibleGroups(src.result, { showRuntime: true, filter: 'route=search' });
      const expected = truth.groups.filter((g) => g.route === 'search').reduce((n, g) => n + g.count, 0);
      assert.equal(
        kept.reduce((n, g) => n + g.group.count, 0),
        expected,
      );
      assert.ok(kept.every((g) => g.group.labels.route === 'search'));
      assert.deepEqual(treeSections(src.result, { groupBy: 'handler', showRuntime: true, filter: 'no-such-word' }), []);
    });

    it('names each group by count and function, and describes state, wait, route and runtime flags', () => {
      const g = src.result.groups.find((x) => x.verdict.kind === 'chan-send-orphan')!;
      const row = groupRow(g);
      assert.equal(row.label, `${g.group.count} × (*api).search.func1`);
      assert.match(row.description!, /^chan send · search/);
      assert.equal(row.verdict, `chan-send-orphan (${g.verdict.confidence})`);
      assert.equal(row.contextValue, 'group.suspect');
      assert.deepEqual(row.action, { command: 'showGroup', groupKey: g.group.key });
    });

    it('expands a group into its stack (standard library runs folded), creator and ids', () => {
      for (const g of src.result.groups) {
        const kids = groupChildren(src.result, g, { foldStdlib: true });
        const frames: TreeRowView[] = [];
        for (const c of kids) {
          if (c.kind === 'frame') frames.push(c.row);
          if (c.kind === 'folded') {
            assert.ok(c.frames.length >= 2);
            assert.equal(c.row.label, `${c.frames.length} standard library frames`);
            assert.ok(c.frames.every((f) => f.contextValue === 'frame.stdlib'));
            frames.push(...c.frames);
          }
        }
        // Every frame once, innermost first, each opening its own index.
        assert.deepEqual(
          frames.map((f) => (f.action?.command === 'openFrame' ? f.action.index : -1)),
          g.group.stack.frames.map((_, i) => i),
        );
        const blocking = frames.filter((f) => f.icon?.id === 'debug-stackframe-focused');
        assert.equal(blocking.length, g.verdict.blockingFrame === null ? 0 : 1);
        const unfolded = groupChildren(src.result, g, { foldStdlib: false });
        assert.ok(unfolded.every((c) => c.kind !== 'folded'));
        const creator = kids.find((c) => c.kind === 'createdBy');
        assert.equal(creator !== undefined, g.group.createdBy !== null);
        if (creator?.kind === 'createdBy') {
          const first = createdByRow(creator.groupKey, creator.chain, 0);
          assert.match(first.label, /^created by /);
          assert.deepEqual(first.action, { command: 'openCreatedBy', groupKey: g.group.key, index: 0 });
        }
        const ids = kids.find((c) => c.kind === 'ids');
        if (ids?.kind === 'ids') {
          assert.equal(idsRow(ids.ids, ids.parentIds).label, `goroutine ids (${g.group.ids.length})`);
          assert.deepEqual(
            idPageRows(ids.ids).flatMap((r) => r.label.split(', ').map(Number)),
            g.group.ids,
          );
        }
      }
    });

    it('dims standard library frames and marks the blocking one', () => {
      const g = src.result.groups.find((x) => x.verdict.kind === 'select-no-ctx')!;
      const rows = groupChildren(src.result, g, { foldStdlib: false }).flatMap((c) =>
        c.kind === 'frame' ? [c.row] : [],
      );
      g.group.stack.frames.forEach((f, i) => {
        const row = rows[i]!;
        if (i === g.verdict.blockingFrame) assert.match(row.tooltip!, /Blocks here \(user code\)$/);
        else if (isStdlibFunction(f.function)) assert.equal(row.icon?.color, 'disabledForeground');
        else assert.equal(row.icon?.id, 'debug-stackframe');
      });
    });
  });
}

describe('ids in pages', () => {
  it('pages a large group by 100 and says which goroutines each page holds', () => {
    const ids = Array.from({ length: 250 }, (_, i) => i + 1);
    const pages = idPageRows(ids);
    assert.deepEqual(
      pages.map((p) => p.tooltip),
      ['goroutines 1–100 of 250', 'goroutines 101–200 of 250', 'goroutines 201–250 of 250'],
    );
    assert.equal(
      idsRow(
        Array.from({ length: 24000 }, (_, i) => i),
        [1, 2, 3, 4, 5, 6],
      ).label,
      'goroutine ids (24,000)',
    );
    assert.equal(idsRow([1], [1, 2, 3, 4, 5, 6]).description, 'parents 1, 2, 3, 4, 5, …');
    assert.equal(idsRow([1], []).description, undefined);
  });
});
