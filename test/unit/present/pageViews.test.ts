// The webview's pages on real captures of the project's leaky service: a group's page (frames,
// created-by chain, labels) and the snapshot summary (counts by kind against the ground truth,
// the icicle), and the title a group goes by everywhere.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { isStdlibFunction } from '../../../src/core/go/functionNames';
import { createdByChain } from '../../../src/core/present/createdByChain';
import { focusFrameIndex } from '../../../src/core/present/focusFrame';
import { findGroup, groupOfGoroutine } from '../../../src/core/present/groupLookup';
import { buildGroupView } from '../../../src/core/present/groupView';
import type { IcicleNode } from '../../../src/core/present/icicleView';
import { buildSummaryView, type SummarySource } from '../../../src/core/present/summaryView';
import { groupLabel, groupShortTitle, groupTitle } from '../../../src/core/present/titles';
import { GO_VERSIONS, leakyapiSnapshot, leakyapiTruth } from './leakyapiSnapshot';

function cells(n: IcicleNode): IcicleNode[] {
  return [n, ...n.children.flatMap(cells)];
}

for (const version of GO_VERSIONS) {
  describe(`webview pages of leakyapi ${version} t2`, () => {
    let src: SummarySource;
    const truth = leakyapiTruth(version, 't2');
    before(async () => {
      src = await leakyapiSnapshot(version, 't2');
    });

    it('summarises the capture with the ground truth counts', () => {
      const s = buildSummaryView(src);
      assert.equal(s.goroutineCount, truth.total);
      assert.equal(s.suspectGoroutines, truth.leaked);
      assert.equal(s.groupCount, src.result.groups.length);
      const expected = new Map<string, number>();
      for (const g of truth.groups) if (g.is_leak) expected.set(g.kind, (expected.get(g.kind) ?? 0) + g.count);
      assert.deepEqual(new Map(s.byKind.filter((r) => r.suspect).map((r) => [r.name, r.goroutines])), expected);
      for (const rows of [s.byKind, s.byState])
        assert.equal(
          rows.reduce((n, r) => n + r.goroutines, 0),
          truth.total,
        );
      // Suspect rows first, then by goroutines.
      const firstHealthy = s.byKind.findIndex((r) => !r.suspect);
      assert.ok(s.byKind.slice(firstHealthy).every((r) => !r.suspect));
    });

    it('draws the icicle of every visible goroutine, its group cells opening real groups', () => {
      const s = buildSummaryView(src);
      const visible = src.result.groups.filter((g) => !g.verdict.runtime);
      assert.equal(
        s.icicle.value,
        visible.reduce((n, g) => n + g.group.count, 0),
      );
      assert.equal(s.icicle.suspect, truth.leaked);
      const ends = cells(s.icicle).filter((c) => c.groupKey !== null);
      assert.ok(ends.length > 0);
      for (const c of ends) assert.ok(findGroup(src.result, c.groupKey!), c.name);
      for (const c of cells(s.icicle)) {
        const below = c.children.reduce((n, k) => n + k.value, 0);
        assert.ok(below <= c.value, `${c.name}: children hold ${below} of ${c.value}`);
      }
    });

    it("builds each group's page: every frame, one blocking frame, the creator and the labels", () => {
      for (const g of src.result.groups) {
        const v = buildGroupView(src.result, g);
        assert.equal(v.title, groupTitle(g));
        assert.equal(v.frames.length, g.group.stack.frames.length);
        assert.deepEqual(
          v.frames.map((f) => f.stdlib),
          g.group.stack.frames.map((f) => isStdlibFunction(f.function)),
        );
        assert.equal(v.frames.filter((f) => f.blocking).length, g.verdict.blockingFrame === null ? 0 : 1);
        assert.equal(v.createdBy[0]?.function, g.group.createdBy?.function);
        assert.equal(v.idsTotal, g.group.ids.length);
        assert.deepEqual(v.labels, Object.entries(g.group.labels));
        // No goroutine of leakyapi waited a minute: no histogram bin past "< 1 min".
        assert.ok(v.waitHistogram.every((b) => b.label === '< 1 min'));
      }
    });

    it('follows created-by chains through parent ids where the dump has them (Go 1.21+)', () => {
      let links = 0;
      for (const g of src.result.groups) {
        const chain = createdByChain(src.result, g);
        let cur = g;
        for (const c of chain) {
          if (c.groupKey === null) break;
          const parent = findGroup(src.result, c.groupKey)!;
          assert.equal(groupOfGoroutine(src.result, cur.group.parentIds[0]!), parent);
          links++;
          cur = parent;
        }
      }
      if (version === 'go1.19') assert.equal(links, 0, 'Go 1.19 prints no parent ids');
      else assert.ok(links > 0, 'some creators are still running');
    });

    it('names a group by where it blocks in user code, and opens that frame', () => {
      const g = src.result.groups.find((x) => x.verdict.kind === 'lock-wait')!;
      const bf = g.verdict.blockingFrame!;
      assert.equal(groupTitle(g), g.group.stack.frames[bf]!.function);
      assert.equal(focusFrameIndex(g), bf);
      assert.equal(groupShortTitle(g), groupTitle(g).slice(groupTitle(g).lastIndexOf('/') + 1));
      assert.match(groupLabel(g), new RegExp(`^${g.group.count} × \\(\\*api\\)\\.`));
      const labelled = src.result.groups.filter((x) => x.verdict.suspect && x.group.labels.route);
      assert.ok(labelled.length > 0, 'the proto gave suspects their route label');
    });
  });
}
