// Acceptance of the leak analysis on the shared shopd corpus, per goroutine: for every Go version
// and capture, with the debug=2 dump and the service's source every leaked goroutine is flagged
// and no healthy one; without source nothing healthy is flagged and the structural leaks (those
// the stacks prove: orphaned senders, TimeoutHandler orphans, calls without deadline and their
// connections, lock waiters, and handlers whose client has gone) still are. Prints precision and
// recall per goroutine.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { corpusPresent, load, shopdRoot, SKIP_NOTE } from '../input/corpusFiles';
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

const VERSIONS = ['go1.19', 'go1.23', 'go1.26', 'go1.27'];
const CAPTURES = ['t1', 't2', 't3'];
/** Leaks the stacks alone prove (their kinds, as named in GROUND_TRUTH.json). */
const STRUCTURAL_KINDS = ['chan-send-orphan', 'timeout-handler-orphan', 'blocking-io-no-deadline', 'mutex'];

interface Capture {
  groups: (TruthGroupIds & { kind: string })[];
}

const truth = corpusPresent ? JSON.parse(readFileSync(path.join(shopdRoot, 'GROUND_TRUTH.json'), 'utf8')) : null;

type Mode = 'source' | 'none';
/**
 * Each capture is analysed once per mode, on first use, by whichever test asks first: a test run
 * alone (or the summary run alone) computes what it reads instead of finding totals that other
 * tests built up.
 */
const analyses = new Map<string, Promise<AnalysisResult>>();
function analysed(v: string, t: string, mode: Mode): Promise<AnalysisResult> {
  const key = `${v} ${t} ${mode}`;
  let p = analyses.get(key);
  if (p === undefined) {
    p = load(path.join(shopdRoot, v, `${t}_goroutine_debug2.txt`)).then((snapshot) =>
      analyzeSnapshot(snapshot, {
        sourceReader: mode === 'source' ? createFsSourceReader([path.join(shopdRoot, 'src')]) : null,
      }),
    );
    analyses.set(key, p);
  }
  return p;
}
const capture = (v: string, t: string): Capture => truth.versions[v].captures[t];

describe(
  'shopd acceptance: per-goroutine verdicts against GROUND_TRUTH.json',
  { skip: corpusPresent ? false : SKIP_NOTE },
  () => {
    for (const v of VERSIONS) {
      for (const t of CAPTURES) {
        it(`${v} ${t} with source: every leaked goroutine flagged, no healthy one`, async (ctx) => {
          const s = scoreCapture(await analysed(v, t, 'source'), capture(v, t).groups);
          ctx.diagnostic(formatScore(`${v} ${t} source`, s));
          assert.equal(s.missing, 0, 'every goroutine of the truth is in the result');
          assert.equal(s.fp, 0, formatScore('false positives', s));
          assert.equal(s.fn, 0, formatScore('missed leaks', s));
          assert.ok(s.tp > 0);
        });

        it(`${v} ${t} without source: nothing healthy flagged, structural leaks flagged`, async (ctx) => {
          const result = await analysed(v, t, 'none');
          const cap = capture(v, t);
          const s = scoreCapture(result, cap.groups);
          ctx.diagnostic(formatScore(`${v} ${t} no source`, s));
          assert.equal(s.fp, 0, formatScore('false positives', s));
          const structural = scoreCapture(
            result,
            cap.groups.filter((g) => STRUCTURAL_KINDS.includes(g.kind)),
          );
          assert.ok(structural.tp > 0, formatScore('structural leaks', structural));
          assert.equal(structural.fn, 0, formatScore('structural leaks missed', structural));
          // A select without ctx.Done has the shape of its healthy twin, the long poll: without source
          // only the client tells them apart. From Go 1.21 on, a handler whose connection's background
          // reader has ended has lost its client; before, only when no reader is left over (t3, after
          // the held clients left). Never a guess from the select's shape.
          const selectGroups = cap.groups.filter((g) => g.kind === 'select-no-ctx');
          const selects = scoreCapture(result, selectGroups);
          assert.ok(selects.tp + selects.fn > 0, 'the capture has selects without ctx.Done');
          if (v === 'go1.19' && t !== 't3') {
            assert.equal(selects.tp, 0, 'Go 1.19 ties no reader to its request');
          } else {
            assert.equal(selects.fn, 0, formatScore('selects whose client left', selects));
            const ids = new Set(selectGroups.flatMap((g) => g.goroutine_ids));
            const kinds = new Set(
              result.groups.filter((g) => g.group.ids.some((id) => ids.has(id))).map((g) => g.verdict.kind),
            );
            assert.deepEqual([...kinds], ['client-gone']);
          }
        });
      }
    }

    it('reports precision and recall over all captures', async (ctx) => {
      for (const mode of ['source', 'none'] as const) {
        let total: Score = EMPTY_SCORE;
        for (const v of VERSIONS) {
          for (const t of CAPTURES)
            total = addScores(total, scoreCapture(await analysed(v, t, mode), capture(v, t).groups));
        }
        ctx.diagnostic(
          formatScore(`shopd, all versions and captures, ${mode === 'source' ? 'with' : 'without'} source`, total),
        );
        assert.ok(total.tp > 0 && total.tn > 0, 'leaks and healthy goroutines were judged');
        assert.equal(precision(total), 1);
        if (mode === 'source') assert.equal(recall(total), 1);
      }
    });
  },
);
