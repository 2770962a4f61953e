// Our own leaky service (test/go/leakyapi, 15 leak shapes next to healthy waits) captured with
// several Go versions under test/fixtures/go1.*/leakyapi with a per-goroutine GROUND_TRUTH.json:
// with its source every leak is flagged and nothing healthy; without source nothing healthy is.
// The fixtures are committed: a missing capture fails rather than shrinking the run.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import type { GoroutineSnapshot } from '../../../src/core/model/goroutine';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { load, repoRoot } from '../input/corpusFiles';
import {
  addScores,
  EMPTY_SCORE,
  formatScore,
  precision,
  recall,
  scoreCapture,
  type Score,
  type TruthGroupIds,
} from '../../support/groundTruthScore';

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const sourceRoot = path.join(repoRoot, 'test', 'go', 'leakyapi');
const VERSIONS = ['go1.19', 'go1.23', 'go1.27'];
const CAPTURES = ['t0', 't1', 't2'];

interface Truth {
  captures: Record<string, { groups: TruthGroupIds[] }>;
}

const truthOf = (v: string): Truth =>
  JSON.parse(readFileSync(path.join(fixtures, v, 'leakyapi', 'GROUND_TRUTH.json'), 'utf8'));
const dumpOf = (v: string, t: string) => path.join(fixtures, v, 'leakyapi', `${t}_goroutine_debug2.txt`);

/**
 * Loads and analyses are done once, on first use, by whichever test asks first: each test (the
 * summary included) computes what it reads, so it means the same when run alone.
 */
const memo = new Map<string, Promise<unknown>>();
function once<T>(key: string, make: () => Promise<T>): Promise<T> {
  let p = memo.get(key) as Promise<T> | undefined;
  if (p === undefined) {
    p = make();
    memo.set(key, p);
  }
  return p;
}
const snapshot = (v: string, t: string) => once(`load ${v} ${t}`, () => load(dumpOf(v, t)));
const withSource = (v: string, t: string) =>
  once(`source ${v} ${t}`, async () =>
    analyzeSnapshot(await snapshot(v, t), { sourceReader: createFsSourceReader([sourceRoot]) }),
  );
const withoutSource = (v: string, t: string) =>
  once(`none ${v} ${t}`, async () => analyzeSnapshot(await snapshot(v, t)));
/** The last capture without source, the earlier ones as history. */
const withHistory = (v: string): Promise<AnalysisResult> =>
  once(`history ${v}`, async () => {
    const snaps: GoroutineSnapshot[] = [];
    for (const t of CAPTURES) snaps.push(await snapshot(v, t));
    return analyzeSnapshot(snaps[snaps.length - 1]!, { history: snaps.slice(0, -1) });
  });

describe('leakyapi fixtures: per-goroutine verdicts', () => {
  it('every version has the three captures its ground truth describes', () => {
    for (const v of VERSIONS) assert.deepEqual(Object.keys(truthOf(v).captures).sort(), CAPTURES, v);
  });

  for (const v of VERSIONS) {
    for (const t of CAPTURES) {
      it(`${v} ${t}`, async (ctx) => {
        const groups = truthOf(v).captures[t]!.groups;
        const source = scoreCapture(await withSource(v, t), groups);
        const without = scoreCapture(await withoutSource(v, t), groups);
        ctx.diagnostic(formatScore(`${v} ${t} source`, source));
        ctx.diagnostic(formatScore(`${v} ${t} no source`, without));
        assert.equal(source.missing, 0);
        assert.equal(source.fp, 0, formatScore('with source', source));
        assert.equal(source.fn, 0, formatScore('with source', source));
        assert.equal(without.fp, 0, formatScore('without source', without));
        // t0 is the baseline before any leaking request: healthy goroutines only.
        if (t === 't0') assert.ok(source.tp === 0 && source.tn > 0, formatScore('baseline', source));
        else assert.ok(source.tp > 0, formatScore('with source', source));
      });
    }
  }

  for (const v of VERSIONS) {
    it(`${v}: without source, earlier captures as history make growth evidence`, async (ctx) => {
      const last = CAPTURES[CAPTURES.length - 1]!;
      const result = await withHistory(v);
      const s = scoreCapture(result, truthOf(v).captures[last]!.groups);
      ctx.diagnostic(formatScore(`${v} ${last} no source, history ${CAPTURES.slice(0, -1).join(',')}`, s));
      assert.equal(s.fp, 0, formatScore('growth must not flag healthy goroutines', s));
      assert.ok(
        result.groups.some((g) => g.verdict.kind === 'growth'),
        'some group is flagged by growth alone',
      );
    });
  }

  it('reports precision and recall over all fixtures', async (ctx) => {
    let source: Score = EMPTY_SCORE;
    let none: Score = EMPTY_SCORE;
    let history: Score = EMPTY_SCORE;
    for (const v of VERSIONS) {
      const truth = truthOf(v);
      for (const t of CAPTURES) {
        source = addScores(source, scoreCapture(await withSource(v, t), truth.captures[t]!.groups));
        none = addScores(none, scoreCapture(await withoutSource(v, t), truth.captures[t]!.groups));
      }
      history = addScores(history, scoreCapture(await withHistory(v), truth.captures['t2']!.groups));
    }
    ctx.diagnostic(formatScore('leakyapi, all fixtures, with source', source));
    ctx.diagnostic(formatScore('leakyapi, all fixtures, without source', none));
    ctx.diagnostic(formatScore('leakyapi, last capture, without source, earlier captures as history', history));
    assert.ok(source.tp > 0 && source.tn > 0, 'leaks and healthy goroutines were judged');
    assert.equal(precision(source), 1);
    assert.equal(recall(source), 1);
    assert.equal(precision(none), 1);
    assert.equal(precision(history), 1);
  });
});
