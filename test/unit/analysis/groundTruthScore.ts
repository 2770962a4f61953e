// Scores an analysis per goroutine against a GROUND_TRUTH.json capture (shared corpus or our own
// fixtures): every goroutine id is in one truth group with `is_leak`. Test helper, not a test.
import type { AnalysisResult, AnalyzedGroup } from '../../../src/core/analysis/verdict';

export interface TruthGroupIds {
  readonly id: string;
  readonly is_leak: boolean;
  readonly goroutine_ids: readonly number[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Truth group ids with wrongly judged goroutines: `FN slow-select`, `FP longpoll`. */
  misses: Map<string, number>;
  /** Goroutine ids of the truth that the analysis did not report at all. */
  missing: number;
}

export function scoreCapture(result: AnalysisResult, truth: readonly TruthGroupIds[]): Score {
  const byId = new Map<number, AnalyzedGroup>();
  for (const g of result.groups) for (const id of g.group.ids) byId.set(id, g);
  const s: Score = { tp: 0, fp: 0, fn: 0, tn: 0, misses: new Map(), missing: 0 };
  for (const group of truth) {
    for (const id of group.goroutine_ids) {
      const a = byId.get(id);
      if (a === undefined) s.missing++;
      const flagged = a?.verdict.suspect ?? false;
      if (group.is_leak && flagged) s.tp++;
      else if (group.is_leak) {
        s.fn++;
        bump(s.misses, `FN ${group.id}`);
      } else if (flagged) {
        s.fp++;
        bump(s.misses, `FP ${group.id}`);
      } else s.tn++;
    }
  }
  return s;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export function precision(s: Score): number {
  return s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
}

export function recall(s: Score): number {
  return s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
}

export function formatScore(label: string, s: Score): string {
  const misses = [...s.misses].map(([k, n]) => `${k}×${n}`).join(', ');
  return `${label}: precision ${precision(s).toFixed(3)} recall ${recall(s).toFixed(3)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, tn ${s.tn})${misses ? ` misses: ${misses}` : ''}`;
}

export function addScores(a: Score, b: Score): Score {
  const misses = new Map(a.misses);
  for (const [k, n] of b.misses) misses.set(k, (misses.get(k) ?? 0) + n);
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn, misses, missing: a.missing + b.missing };
}

export const EMPTY_SCORE: Score = { tp: 0, fp: 0, fn: 0, tn: 0, misses: new Map(), missing: 0 };
