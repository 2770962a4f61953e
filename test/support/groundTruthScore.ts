// Scores an analysis per goroutine against a GROUND_TRUTH.json capture (the shared corpus, our own
// fixtures, the second corpus): every goroutine id is in one truth group with `is_leak` and a
// `kind`. Shared by the acceptance tests and `npm run score`; not a test itself.
import type { AnalysisResult, AnalyzedGroup } from '../../src/core/analysis/verdict';

export interface TruthGroupIds {
  readonly id: string;
  readonly is_leak: boolean;
  readonly goroutine_ids: readonly number[];
  /** The truth's leak class (`ctx-not-request`, `chan-send-orphan`, `healthy-background`, …). */
  readonly kind?: string;
}

/** Per truth kind: its goroutines and how many the analysis flagged. */
export interface KindTally {
  leak: boolean;
  total: number;
  flagged: number;
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
  /** Per truth kind (`(none)` when the truth has no kinds). */
  kinds: Map<string, KindTally>;
  /** Goroutines the analysis listed as Healthy (judged so on evidence, not merely unflagged). */
  listedHealthy: number;
  /** Of those, leaks of the truth: each is a leak shown under Healthy, the error that costs most trust. */
  healthyLeaks: number;
}

export function scoreCapture(result: AnalysisResult, truth: readonly TruthGroupIds[]): Score {
  const byId = new Map<number, AnalyzedGroup>();
  for (const g of result.groups) for (const id of g.group.ids) byId.set(id, g);
  const s = emptyScore();
  for (const group of truth) {
    const kind = tallyFor(s.kinds, group.kind ?? '(none)', group.is_leak);
    for (const id of group.goroutine_ids) {
      const a = byId.get(id);
      if (a === undefined) s.missing++;
      const flagged = a?.verdict.suspect ?? false;
      if (a !== undefined && a.verdict.healthy && !a.verdict.runtime) {
        s.listedHealthy++;
        if (group.is_leak) s.healthyLeaks++;
      }
      kind.total++;
      if (flagged) kind.flagged++;
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

function tallyFor(kinds: Map<string, KindTally>, kind: string, leak: boolean): KindTally {
  let t = kinds.get(kind);
  if (t === undefined) {
    t = { leak, total: 0, flagged: 0 };
    kinds.set(kind, t);
  }
  return t;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** Flagged leaks over all flagged goroutines; null when nothing was flagged (no evidence either way). */
export function precision(s: Score): number | null {
  return s.tp + s.fp === 0 ? null : s.tp / (s.tp + s.fp);
}

/** Flagged leaks over all leaks; null when the truth has no leak. */
export function recall(s: Score): number | null {
  return s.tp + s.fn === 0 ? null : s.tp / (s.tp + s.fn);
}

/** A ratio with three decimals, or `n/a` for an empty set: a score is never vacuously 1. */
export function formatRatio(r: number | null): string {
  return r === null ? 'n/a' : r.toFixed(3);
}

export function formatScore(label: string, s: Score): string {
  const misses = [...s.misses].map(([k, n]) => `${k}×${n}`).join(', ');
  return `${label}: precision ${formatRatio(precision(s))} recall ${formatRatio(recall(s))} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, tn ${s.tn})${misses ? ` misses: ${misses}` : ''}`;
}

export function addScores(a: Score, b: Score): Score {
  const misses = new Map(a.misses);
  for (const [k, n] of b.misses) misses.set(k, (misses.get(k) ?? 0) + n);
  const kinds = new Map<string, KindTally>();
  for (const src of [a.kinds, b.kinds]) {
    for (const [k, t] of src) {
      const into = tallyFor(kinds, k, t.leak);
      into.total += t.total;
      into.flagged += t.flagged;
    }
  }
  return {
    tp: a.tp + b.tp,
    fp: a.fp + b.fp,
    fn: a.fn + b.fn,
    tn: a.tn + b.tn,
    misses,
    missing: a.missing + b.missing,
    kinds,
    listedHealthy: a.listedHealthy + b.listedHealthy,
    healthyLeaks: a.healthyLeaks + b.healthyLeaks,
  };
}

export function emptyScore(): Score {
  return {
    tp: 0,
    fp: 0,
    fn: 0,
    tn: 0,
    misses: new Map(),
    missing: 0,
    kinds: new Map(),
    listedHealthy: 0,
    healthyLeaks: 0,
  };
}

export const EMPTY_SCORE: Score = emptyScore();
