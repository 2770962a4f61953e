// Test ties and verdicts (src/core/analysis/testTimeout.ts) on real `go test` output of Go 1.19,
// 1.23 and 1.27: the -timeout dump of test/go/crashers/hangingtests (parallel subtests, a helper
// goroutine chain), the older testtimeout fixture, and `go test -race` reports. What each
// goroutine is follows from the program (which function it runs) and from what the Go version
// prints: parent ids and the running tests list only since Go 1.21.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult, AnalyzedGroup } from '../../../src/core/analysis/verdict';
import { load } from '../input/corpusFiles';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');

async function analyze(file: string): Promise<AnalysisResult> {
  return analyzeSnapshot(await load(file));
}

/** The group whose stack holds `fn`. */
function groupWith(r: AnalysisResult, fn: string): AnalyzedGroup {
  const g = r.groups.find((x) => x.group.stack.frames.some((f) => f.function.endsWith(fn)));
  assert.ok(g, `no group runs ${fn}`);
  return g;
}

function tie(r: AnalysisResult, g: AnalyzedGroup) {
  return r.tests?.byGroup.get(g.group.key) ?? null;
}

for (const v of ['go1.19', 'go1.23', 'go1.27']) {
  const modern = v !== 'go1.19';
  describe(`go test output ${v}`, () => {
    it('a -timeout dump: each goroutine tied to its test, the blocked ones of running tests flagged', async () => {
      const r = await analyze(path.join(FIXTURES, v, 'pasted', 'hang.txt'));
      assert.equal(r.snapshot.testTimeout?.after, '2s');
      const expect = (fn: string, test: string | null, role: string | null, hang: boolean) => {
        const g = groupWith(r, fn);
        const t = tie(r, g);
        assert.deepEqual(t === null ? null : [t.test, t.role], role === null ? null : [test, role], `${v} ${fn}`);
        assert.equal(g.verdict.kind === 'test-hang', hang, `${v} ${fn}: ${g.verdict.kind}`);
        assert.equal(g.verdict.suspect, hang, `${v} ${fn}`);
      };
      expect('hangingtests.TestHandshake', 'TestHandshake', 'test', true);
      // The subtest's name is printed only in Go 1.21+'s running tests list.
      expect('hangingtests.TestDrain.func1', modern ? 'TestDrain/empty' : 'TestDrain/(func1)', 'test', true);
      // Parked in t.Parallel: not running, not flagged.
      expect('hangingtests.TestDrain.func2', 'TestDrain/(func2)', 'waiting-to-run', false);
      // Started by the tests through helpers: tied by parent ids, which Go 1.19 does not print.
      expect('(*server).loop', 'TestHandshake', modern ? 'started-by-test' : null, modern);
      expect('(*queue).work', 'TestDrain/empty', modern ? 'started-by-test' : null, modern);
      expect('testing.(*M).startAlarm.func1', null, 'harness', false);
      if (modern) {
        assert.deepEqual(
          r.tests!.tests.filter((t) => t.running).map((t) => [t.name, t.duration]),
          [
            ['TestDrain/empty', '2s'],
            ['TestHandshake', '2s'],
          ],
        );
      } else {
        assert.equal(r.snapshot.testTimeout?.running, null);
      }
      const flagged = r.groups.filter((g) => g.verdict.kind === 'test-hang');
      for (const g of flagged) assert.match(g.verdict.reason!, /blocked in .* when the test binary timed out after 2s/);
    });

    it('the testtimeout fixture: the stuck test and the goroutine it waits for', async () => {
      const r = await analyze(path.join(FIXTURES, v, 'tracebacks', 'test_timeout.txt'));
      const test = groupWith(r, 'testtimeout.TestAcquireAfterClose');
      const helper = groupWith(r, '(*pool).acquire');
      assert.equal(tie(r, test)?.test, 'TestAcquireAfterClose');
      assert.equal(test.verdict.kind, 'test-hang');
      // The helper's creator is the test function itself: tied in every version.
      assert.equal(tie(r, helper)?.test, 'TestAcquireAfterClose');
      assert.equal(helper.verdict.kind, 'test-hang');
    });

    it('go test -race: every access a data race of its test, paired within its report', async () => {
      const r = await analyze(path.join(FIXTURES, v, 'pasted', 'race.txt'));
      const races = r.groups.filter((g) => g.group.race);
      assert.equal(races.length, 6);
      for (const g of races) {
        assert.equal(g.verdict.kind, 'data-race');
        assert.equal(g.verdict.confidence, 'proven');
        const fns = [...g.group.stack.frames, ...(g.group.ancestors ?? []).flatMap((a) => a.stack.frames)].map(
          (f) => f.function,
        );
        const test = fns.some((f) => f.includes('TestHitCounter')) ? 'TestHitCounter' : 'TestTokenCache';
        assert.equal(tie(r, g)?.test, test, g.group.state ?? '');
        const pair = races.filter((x) => x.group.race!.report === g.group.race!.report);
        assert.deepEqual(
          pair.map((x) => x.group.race!.previous),
          [false, true],
        );
      }
      // Not a test binary's timeout: nothing is flagged as hanging.
      assert.equal(r.groups.filter((g) => g.verdict.kind === 'test-hang').length, 0);
    });
  });
}
