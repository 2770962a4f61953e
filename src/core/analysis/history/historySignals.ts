// The one place the analysis reads history (called from analyze.ts): the earlier moments of the
// same process, oldest first, change the single-moment verdicts through three signals, each with
// its numbers in the reason. Order: persistence and turnover first (turnover keeps growth from
// flagging a busy stack), then growth, then outliving the clients.
import type { GoroutineSnapshot } from '../../model/goroutine';
import type { GroupFacts, RuleResult, SnapshotFacts } from '../ruleResult';
import { historyContext } from './historyContext';
import { growthSignal } from './growth';
import { outlivingSignal } from './outlivingClients';
import { persistenceSignal, restatePersistence } from './persistence';
import { pointFromSnapshot, type HistoryPoint } from './historyPoint';

/** An earlier moment: a snapshot (its handlers are attributed here) or a point kept by a watch. */
export type HistoryEntry = GoroutineSnapshot | HistoryPoint;

export interface HistoryInput {
  /** Oldest first. */
  readonly history: readonly HistoryEntry[];
  /** Capture time of the moment analysed (ms since the epoch), when known. */
  readonly at: number | null;
  /** As AnalyzeOptions.handlerPatterns. */
  readonly handlerPatterns?: string[];
}

export function applyHistory(
  snapshot: GoroutineSnapshot,
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  snap: SnapshotFacts,
  input: HistoryInput,
): HistoryApplied {
  const points = input.history.map((h) =>
    isPoint(h) ? h : pointFromSnapshot(h, { handlerPatterns: input.handlerPatterns }),
  );
  const ctx = historyContext(facts, points, input.at, snapshot.hasIds);
  const warnings: string[] = [];
  if (ctx.restart !== null)
    warnings.push(`history: ${ctx.restart}; only the ${ctx.points.length} capture(s) since are compared`);
  if (ctx.points.length === 0) return { facts, warnings, restate: (_parent, _part, r) => r };
  const turnedOver = persistenceSignal(facts, results, ctx, snap);
  const splits = growthSignal(facts, results, ctx, { turnedOver });
  outlivingSignal(facts, results, ctx);
  return {
    facts: facts.flatMap((f) => splits.get(f) ?? [f]),
    warnings,
    restate: (parent, part, r) => restatePersistence(ctx, parent, part, r),
  };
}

export interface HistoryApplied {
  readonly facts: readonly GroupFacts[];
  readonly warnings: string[];
  /** The result of a part split off a judged group later on, with the history's counts restated for the part. */
  readonly restate: (parent: GroupFacts, part: GroupFacts, r: RuleResult) => RuleResult;
}

function isPoint(h: HistoryEntry): h is HistoryPoint {
  return !('stacks' in h);
}
