// One earlier moment of a service, as the history signals read it: per group, its stack's
// identity, its count and its goroutine ids, with when it was captured. Small and plain (JSON),
// so a watch keeps hundreds of them in memory and in its series file instead of whole snapshots,
// and the decode worker receives them with a job. Built from a snapshot (the CLI's --history
// files, the score) or from an analysis result (a watch tick).
import type { GoroutineGroup, GoroutineSnapshot } from '../../model/goroutine';
import type { AnalysisResult } from '../verdict';
import { attributeHandlers } from '../creatorAttribution';
import { createHandlerMatcher, DEFAULT_HANDLER_PATTERNS } from '../handlerAttribution';
import { SnapshotIndex } from '../snapshotIndex';
import { stackSignature } from '../stackSignature';

export interface HistoryGroup {
  /** stackSignature: frames, creator and labels (ids-bearing inputs only compare on this). */
  readonly signature: string;
  /** countKey: frames outside package runtime, comparable between a debug=2 dump and a proto profile. */
  readonly countKey: string;
  readonly count: number;
  /** Goroutine ids; empty for inputs without ids (the proto profile, debug=1). */
  readonly ids: readonly number[];
  /** The request handler the group was attributed to, or null. */
  readonly handler: string | null;
}

export interface HistoryPoint {
  /** Capture time in ms since the epoch; null when not known (files given without times). */
  readonly at: number | null;
  readonly goroutineCount: number;
  /** The input had goroutine ids (debug=2): persistence and restarts can be read from it. */
  readonly hasIds: boolean;
  readonly groups: readonly HistoryGroup[];
}

/**
 * A group's identity across inputs of different formats: the proto profile has no `created by`
 * line and records the runtime's own frames (`runtime.gopark`, `runtime.chansend`…) that a
 * debug=2 dump hides; labels do not compare either (a capture leaves a dump's goroutines
 * unlabelled where the proto's labels for their stack disagree, while the proto alone has them).
 * So counts compare on the frames outside package runtime: one count per stack.
 */
export function countKey(g: GoroutineGroup): string {
  return g.stack.frames
    .filter((f) => !f.function.startsWith('runtime.'))
    .map((f) => `${f.function}@${f.line}`)
    .join('|');
}

export interface PointOptions {
  readonly at?: number | null;
  /** As AnalyzeOptions.handlerPatterns. */
  readonly handlerPatterns?: string[];
}

/** The history point of a snapshot that was not analysed (handlers attributed here). */
export function pointFromSnapshot(snapshot: GoroutineSnapshot, options: PointOptions = {}): HistoryPoint {
  const matcher = createHandlerMatcher(options.handlerPatterns ?? DEFAULT_HANDLER_PATTERNS);
  const attribution = attributeHandlers(new SnapshotIndex(snapshot), matcher);
  return {
    at: options.at ?? null,
    goroutineCount: snapshot.goroutineCount,
    hasIds: snapshot.hasIds,
    groups: snapshot.groups.map((g) => historyGroup(g, attribution.get(g)?.handler ?? null)),
  };
}

/** The history point of an analysed snapshot (a watch tick): handlers come from its verdicts. */
export function pointFromResult(result: AnalysisResult, at: number | null): HistoryPoint {
  const s = result.snapshot;
  return {
    at,
    goroutineCount: s.goroutineCount,
    hasIds: s.hasIds,
    groups: result.groups.map(({ group, verdict }) => historyGroup(group, verdict.handler)),
  };
}

function historyGroup(g: GoroutineGroup, handler: string | null): HistoryGroup {
  return { signature: stackSignature(g), countKey: countKey(g), count: g.count, ids: g.ids, handler };
}

/** The highest goroutine id of a point, or null without ids. */
export function maxId(p: HistoryPoint): number | null {
  if (!p.hasIds) return null;
  let max = -1;
  for (const g of p.groups) for (const id of g.ids) if (id > max) max = id;
  return max < 0 ? null : max;
}
