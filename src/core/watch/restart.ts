// Recognises that the watched process restarted between two moments, so that a series is cut into
// segments instead of reading as "everything stopped leaking". Go hands out goroutine ids from one
// counter that only grows for the life of a process (runtime.newproc1: each P takes batches of
// _GoidCacheBatch = 16 ids from sched.goidgen), and every capture itself starts a new goroutine to
// serve the request; so a later capture of the same process always holds an id at least about as
// high as the earlier one's highest. Ids that start again low mean a new process. Without ids
// (the proto profile), a total that fell back to the idle baseline right after the service failed
// to answer is the sign.
import { maxId, type HistoryPoint } from '../analysis/history/historyPoint';

/**
 * Ids a live process may hand out below the previous capture's highest: each P keeps a cache of
 * up to 16 unused ids, and a service has a few dozen Ps at most that we would notice.
 */
export const ID_SLACK = 16 * 16;

export interface RestartCheck {
  /** The segment's first point: its total is the idle baseline of the process. */
  readonly baseline: HistoryPoint | null;
  /** The service failed to answer (refused, timed out) between the two points. */
  readonly gapBetween: boolean;
}

/** Why `next` is a new process rather than a later moment of `prev`, or null when it is not. */
export function restartReason(prev: HistoryPoint, next: HistoryPoint, check: RestartCheck): string | null {
  const before = maxId(prev);
  const after = maxId(next);
  if (before !== null && after !== null && after + ID_SLACK < before)
    return `goroutine ids started again low (highest ${after}, was ${before}): the service restarted`;
  // Ids alone cannot tell a small service's restart (its ids stay within the slack): a total back
  // at the idle baseline right after it stopped answering can, where the ids do not contradict it.
  const base = check.baseline?.goroutineCount ?? null;
  const idsAgree = before === null || after === null || after < before;
  if (
    check.gapBetween &&
    idsAgree &&
    base !== null &&
    next.goroutineCount < prev.goroutineCount &&
    next.goroutineCount <= base
  )
    return `after the service stopped answering, the total fell from ${prev.goroutineCount} to ${next.goroutineCount}, the idle baseline (${base})${after !== null && before !== null ? ` and the highest goroutine id from ${before} to ${after}` : ''}: the service restarted`;
  return null;
}
