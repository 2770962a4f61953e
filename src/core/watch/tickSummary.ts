// What a watch tick keeps of its analysis: the history point, heap in use, the suspect groups and
// the snapshot's counts. Built in the decode worker next to the analysis, so that the extension
// host receives these few numbers instead of walking every group on its own thread (and, for a
// counts tick, instead of receiving the analysis at all).
import { pointFromResult } from '../analysis/history/historyPoint';
import type { AnalysisResult } from '../analysis/verdict';
import type { TickAnalysis } from './watchLoop';
import { tickSuspects } from './tickSuspects';

export interface TickSummary extends TickAnalysis {
  /** Goroutines of the snapshot, and those in suspect groups: the Snapshots view's counts. */
  readonly goroutines: number;
  readonly suspectGoroutines: number;
}

export function tickSummary(result: AnalysisResult, heapInUse: number | null, at: number): TickSummary {
  let suspectGoroutines = 0;
  for (const g of result.groups) if (g.verdict.suspect) suspectGoroutines += g.group.count;
  return {
    point: pointFromResult(result, at),
    heapInUse,
    suspects: tickSuspects(result),
    goroutines: result.snapshot.goroutineCount,
    suspectGoroutines,
  };
}
