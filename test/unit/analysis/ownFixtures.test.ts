// Our own leaky service (test/go/leakyapi, 15 leak shapes next to healthy waits) captured with
// several Go versions under test/fixtures/go1.*/leakyapi with a per-goroutine GROUND_TRUTH.json:
// with its source every leak is flagged and nothing healthy; without source nothing healthy is.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { load, repoRoot } from '../input/corpusFiles';
import {
  addScores,
  EMPTY_SCORE,
  formatScore,
  scoreCapture,
  type Score,
  type TruthGroupIds,
} from '../../support/groundTruthScore';

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const sourceRoot = path.join(repoRoot, 'test', 'go', 'leakyapi');
const versions = existsSync(fixtures)
  ? readdirSync(fixtures)
      .filter((d) => /^go1\.\d+$/.test(d) && existsSync(path.join(fixtures, d, 'leakyapi', 'GROUND_TRUTH.json')))
      .sort()
  : [];

interface Truth {
  captures: Record<string, { groups: TruthGroupIds[] }>;
}

const totals = { source: EMPTY_SCORE as Score, none: EMPTY_SCORE as Score, history: EMPTY_SCORE as Score };

describe(
  'leakyapi fixtures: per-goroutine verdicts',
  { skip: versions.length > 0 ? false : 'no test/fixtures/go1.*/leakyapi yet' },
  () => {
    for (const v of versions) {
      const dir = path.join(fixtures, v, 'leakyapi');
      const truth: Truth = JSON.parse(readFileSync(path.join(dir, 'GROUND_TRUTH.json'), 'utf8'));
      for (const [t, cap] of Object.entries(truth.captures)) {
        const dump = path.join(dir, `${t}_goroutine_debug2.txt`);
        if (!existsSync(dump)) continue;
        it(`${v} ${t}`, async (ctx) => {
          const snapshot = await load(dump);
          const withSource = scoreCapture(
            await analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([sourceRoot]) }),
            cap.groups,
          );
          const without = scoreCapture(await analyzeSnapshot(snapshot), cap.groups);
          totals.source = addScores(totals.source, withSource);
          totals.none = addScores(totals.none, without);
          ctx.diagnostic(formatScore(`${v} ${t} source`, withSource));
          ctx.diagnostic(formatScore(`${v} ${t} no source`, without));
          assert.equal(withSource.missing, 0);
          assert.equal(withSource.fp, 0, formatScore('with source', withSource));
          assert.equal(withSource.fn, 0, formatScore('with source', withSource));
          assert.equal(without.fp, 0, formatScore('without source', without));
        });
      }
    }

    for (const v of versions) {
      it(`${v}: without source, earlier captures as history make growth evidence`, async (ctx) => {
        const dir = path.join(fixtures, v, 'leakyapi');
        const truth: Truth = JSON.parse(readFileSync(path.join(dir, 'GROUND_TRUTH.json'), 'utf8'));
        const names = Object.keys(truth.captures)
          .filter((t) => existsSync(path.join(dir, `${t}_goroutine_debug2.txt`)))
          .sort();
        const snaps = await Promise.all(names.map((t) => load(path.join(dir, `${t}_goroutine_debug2.txt`))));
        const last = names[names.length - 1]!;
        const result = await analyzeSnapshot(snaps[snaps.length - 1]!, { history: snaps.slice(0, -1) });
        const s = scoreCapture(result, truth.captures[last]!.groups);
        totals.history = addScores(totals.history, s);
        ctx.diagnostic(formatScore(`${v} ${last} no source, history ${names.slice(0, -1).join(',')}`, s));
        assert.equal(s.fp, 0, formatScore('growth must not flag healthy goroutines', s));
        assert.ok(
          result.groups.some((g) => g.verdict.kind === 'growth'),
          'some group is flagged by growth alone',
        );
      });
    }

    it('reports precision and recall over all fixtures', (ctx) => {
      ctx.diagnostic(formatScore('leakyapi, all fixtures, with source', totals.source));
      ctx.diagnostic(formatScore('leakyapi, all fixtures, without source', totals.none));
      ctx.diagnostic(
        formatScore('leakyapi, last capture, without source, earlier captures as history', totals.history),
      );
      assert.ok(totals.source.tp > 0);
    });
  },
);
