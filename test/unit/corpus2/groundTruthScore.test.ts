// The per-goroutine score behind `npm run score` and the acceptance tests: it counts by goroutine
// id, tallies per truth kind, and never reports a vacuous 1.0 for an empty set.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import {
  addScores,
  emptyScore,
  formatRatio,
  formatScore,
  precision,
  recall,
  scoreCapture,
} from '../../support/groundTruthScore';

/** An analysis that flags exactly the given ids (only what scoreCapture reads). */
function flagging(flagged: number[], healthy: number[]): AnalysisResult {
  const g = (ids: number[], suspect: boolean) => ({ group: { ids }, verdict: { suspect } });
  return { groups: [g(flagged, true), g(healthy, false)] } as unknown as AnalysisResult;
}

const truth = [
  { id: 'orphans', kind: 'chan-send-orphan', is_leak: true, goroutine_ids: [1, 2, 3] },
  { id: 'longpoll', kind: 'healthy-ctx-wait', is_leak: false, goroutine_ids: [4, 5] },
];

describe('groundTruthScore', () => {
  it('counts per goroutine id and per truth kind', () => {
    const s = scoreCapture(flagging([1, 2, 4], [3, 5]), truth);
    assert.deepEqual([s.tp, s.fp, s.fn, s.tn, s.missing], [2, 1, 1, 1, 0]);
    assert.deepEqual(s.kinds.get('chan-send-orphan'), { leak: true, total: 3, flagged: 2 });
    assert.deepEqual(s.kinds.get('healthy-ctx-wait'), { leak: false, total: 2, flagged: 1 });
    assert.equal(precision(s), 2 / 3);
    assert.equal(recall(s), 2 / 3);
    assert.deepEqual(
      [...s.misses],
      [
        ['FN orphans', 1],
        ['FP longpoll', 1],
      ],
    );
  });

  it('a goroutine the analysis does not report is missing and unflagged', () => {
    const s = scoreCapture(flagging([1], [4]), truth);
    assert.equal(s.missing, 3);
    assert.deepEqual([s.tp, s.fn, s.tn], [1, 2, 2]);
  });

  it('an empty set scores n/a, not 1.0', () => {
    const nothingFlagged = scoreCapture(flagging([], [4, 5]), [truth[1]!]);
    assert.equal(precision(nothingFlagged), null);
    assert.equal(recall(nothingFlagged), null);
    assert.equal(formatRatio(precision(nothingFlagged)), 'n/a');
    assert.match(formatScore('t0', nothingFlagged), /precision n\/a recall n\/a/);
    assert.equal(precision(emptyScore()), null);
  });

  it('adds scores and their kind tallies without changing either', () => {
    const a = scoreCapture(flagging([1], [2, 3, 4, 5]), truth);
    const b = scoreCapture(flagging([1, 2, 3, 5], [4]), truth);
    const sum = addScores(a, b);
    assert.deepEqual([sum.tp, sum.fp, sum.fn, sum.tn], [4, 1, 2, 3]);
    assert.deepEqual(sum.kinds.get('chan-send-orphan'), { leak: true, total: 6, flagged: 4 });
    assert.deepEqual(a.kinds.get('chan-send-orphan'), { leak: true, total: 3, flagged: 1 });
  });
});
