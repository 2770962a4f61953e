// The views of what the pasted fixtures hold beyond plain dumps (test/fixtures/go1.*/pasted): a
// `go test -race` run's reports as a "Data races" section (one row per report, its two accesses
// under it), a race access's page with both accesses and their created-at stacks, the
// tracebackancestors chain under "created by", and the tree grouped by test for a -timeout dump.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import { createdByChain, creationLocation } from '../../../src/core/present/createdByChain';
import { buildGroupView } from '../../../src/core/present/groupView';
import { raceReportRows } from '../../../src/core/present/raceView';
import { BLOCKS_TEST, createdByRow, creationFrameRow, groupRow } from '../../../src/core/present/treeRows';
import { HARNESS_BUCKET, UNTIED_BUCKET, treeBuckets, treeSections } from '../../../src/core/present/treeSections';
import { load } from '../input/corpusFiles';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
const tree = { groupBy: 'handler' as const, showRuntime: false, filter: '' };

async function analyzed(v: string, file: string): Promise<AnalysisResult> {
  return analyzeSnapshot(await load(path.join(FIXTURES, v, 'pasted', file)));
}

for (const v of ['go1.19', 'go1.23', 'go1.27']) {
  describe(`views of go test output and ancestors ${v}`, () => {
    it('race reports: a Data races section first, a row per report with its two accesses', async () => {
      const r = await analyzed(v, 'race.txt');
      const sections = treeSections(r, tree);
      assert.equal(sections[0]!.key, 'races');
      assert.equal(sections[0]!.label, 'Data races');
      assert.equal(sections[0]!.description, '3 race reports · 6 accesses');
      // Race accesses are not suspects of a leak: nowhere else in the tree.
      for (const s of sections.slice(1))
        assert.ok(
          s.groups.every((g) => !g.group.race),
          s.key,
        );
      const rows = raceReportRows(sections[0]!.groups, r);
      assert.equal(rows.length, 3);
      for (const row of rows) {
        assert.equal(row.groups.length, 2);
        assert.deepEqual(
          row.groups.map((g) => g.group.race!.previous),
          [false, true],
        );
        assert.match(row.row.label, /^race on 0x[0-9a-f]+$/);
        assert.match(
          row.row.description!,
          /^(read|write) by goroutine \d+ ↔ previous (read|write) by goroutine \d+ · Test(HitCounter|TokenCache)$/,
        );
        assert.deepEqual(row.row.action, { command: 'showGroup', groupKey: row.groups[0]!.group.key });
      }
    });

    it("a race access's page: both accesses side by side, every frame and creator addressable", async () => {
      const r = await analyzed(v, 'race.txt');
      const access = r.groups.find((g) => g.group.race?.previous === true && g.group.ancestors)!;
      const view = buildGroupView(r, access);
      assert.ok(view.race);
      assert.equal(view.race.accesses.length, 2);
      assert.deepEqual(
        view.race.accesses.map((a) => a.current),
        [false, true],
      );
      for (const a of view.race.accesses) {
        const g = r.groups.find((x) => x.group.key === a.groupKey)!;
        assert.deepEqual(
          a.frames.map((f) => [f.index, f.function]),
          g.group.stack.frames.map((f, i) => [i, f.function]),
        );
        // The created-at stack is the creator and, under it, the rest of that stack; each opens.
        for (const c of a.createdBy) {
          assert.deepEqual(creationLocation(r, g, c.index), { function: c.function, file: c.file, line: c.line });
          for (const f of c.stack)
            assert.deepEqual(
              [creationLocation(r, g, f.index)!.function, creationLocation(r, g, f.index)!.line],
              [f.function, f.line],
            );
        }
      }
      const created = view.race.accesses[1]!.createdBy[0]!;
      const ancestor = access.group.ancestors![0]!.stack.frames;
      assert.deepEqual(
        [created.function, ...created.stack.map((f) => f.function)],
        ancestor.map((f) => f.function),
      );
      assert.equal(view.test, view.race.test);
      assert.match(view.test ?? '', /^Test(HitCounter|TokenCache)$/);
    });

    it('tracebackancestors: the chain of creators, each with its goroutine and its stack at the go statement', async () => {
      const r = await analyzed(v, 'ancestors.txt');
      const fetch = r.groups.find((g) => g.group.stack.frames[0]?.function === 'main.fetch')!;
      const chain = createdByChain(r, fetch);
      assert.deepEqual(
        chain.map((c) => c.function),
        ['main.worker', 'main.dispatch', 'main.ancestorsDump'],
      );
      // Each ancestor's stack at its `go` statement, past the frame its creator line names: worker's
      // and dispatch's held only that frame, main's goroutine was further down in main.main.
      assert.deepEqual(
        chain.map((c) => c.stack.map((f) => f.function)),
        [[], [], ['main.main']],
      );
      const workers = r.groups.find((g) => g.group.stack.frames[0]?.function === 'main.worker')!;
      assert.deepEqual(chain[0]!.goroutineIds, workers.group.ids);
      assert.equal(chain[0]!.groupKey, workers.group.key);
      // The tree: each link's row opens its location; its frames are rows under it.
      const row = createdByRow(fetch.group.key, chain, 1);
      assert.equal(row.label, 'which was created by dispatch');
      assert.deepEqual(row.action, { command: 'openCreatedBy', groupKey: fetch.group.key, index: chain[1]!.index });
      const frameRow = creationFrameRow(fetch.group.key, chain[2]!.stack[0]!);
      assert.equal(frameRow.label, 'main');
      assert.deepEqual(frameRow.action, {
        command: 'openCreatedBy',
        groupKey: fetch.group.key,
        index: chain[2]!.stack[0]!.index,
      });
      assert.deepEqual(creationLocation(r, fetch, chain[2]!.stack[0]!.index), {
        function: 'main.main',
        file: chain[2]!.stack[0]!.file,
        line: chain[2]!.stack[0]!.line,
      });
    });

    it('a -timeout dump grouped by test: running tests first and flagged, then the others, go test itself, the untied', async () => {
      const r = await analyzed(v, 'hang.txt');
      const sections = treeSections(r, { ...tree, groupBy: 'test', showRuntime: true });
      const suspects = sections.find((s) => s.key === 'suspects')!;
      const buckets = treeBuckets(suspects, 'test', r.tests);
      const modern = v !== 'go1.19';
      assert.deepEqual(
        buckets.map((b) => [b.name, b.description]),
        modern
          ? [
              ['TestDrain/empty', '3 goroutines in 2 groups · running 2s'],
              ['TestHandshake', '2 goroutines in 2 groups · running 2s'],
            ]
          : [
              ['TestDrain/(func1)', '1 goroutine · running'],
              ['TestHandshake', '1 goroutine · running'],
            ],
      );
      // Every group of a running test's bucket is flagged: blocked, kind test-hang, said first.
      for (const b of buckets)
        for (const g of b.groups) {
          assert.equal(g.verdict.kind, 'test-hang', b.name);
          assert.notEqual(g.group.state, 'running');
          assert.ok(groupRow(g).description!.startsWith(`${BLOCKS_TEST} · `), groupRow(g).description);
          assert.equal(groupRow(g).icon!.id, 'beaker');
        }
      // The rest (Healthy and Undecided: go test's own goroutines, tests not running or waiting for
      // their subtests) is bucketed by test too, and nothing there is flagged.
      const rest = sections.filter((s) => s.key === 'healthy' || s.key === 'undecided');
      assert.ok(rest.length > 0);
      for (const g of rest.flatMap((s) => s.groups)) assert.ok(!groupRow(g).description!.includes(BLOCKS_TEST));
      const names = rest.flatMap((s) => treeBuckets(s, 'test', r.tests).map((b) => b.name));
      assert.ok(names.includes(HARNESS_BUCKET), names.join(', '));
      assert.ok(names.includes('TestDrain/(func2)'), names.join(', '));
      // Go 1.19 prints no parent ids: the helpers' goroutines cannot be tied to a test.
      assert.equal(names.includes(UNTIED_BUCKET), !modern, names.join(', '));
    });
  });
}
