// What each tick of a watch fetches, chosen for the watched service's sake. The goroutine proto
// profile (debug=0) is collected without stopping the world since Go 1.19 and the heap profile
// from the last GC's records: both every tick. The debug=2 dump stops the world while it prints
// every stack, and goroutineleak runs a GC: every Kth tick only, and always on the first (a
// watch starts with ids and states) and after a failure (ids tell a restart).
import { wantedProfiles, type WantedProfile } from '../capture/fetchProfiles';

export type TickKind = 'full' | 'counts';

export interface TickPlan {
  /** 0-based, counted from the start (or resumption) of this run of the watch. */
  readonly index: number;
  /** Every how many ticks the debug=2 dump is taken (1: every tick). */
  readonly fullEvery: number;
  /** The previous tick failed (refused, timed out…). */
  readonly afterFailure: boolean;
}

export function tickKind({ index, fullEvery, afterFailure }: TickPlan): TickKind {
  const k = Math.max(1, Math.floor(fullEvery));
  return index === 0 || afterFailure || index % k === 0 ? 'full' : 'counts';
}

export interface ProfileChoice {
  /** The server answered 404 for goroutineleak before (Go < 1.26): do not ask again. */
  readonly leakProfileMissing: boolean;
  readonly includeHeap: boolean;
}

/** The profiles of one tick, by the names captureProfiles stores them under. */
export function tickProfiles(kind: TickKind, choice: ProfileChoice): WantedProfile[] {
  return wantedProfiles(choice.includeHeap).filter((w) => {
    if (w.profile === 'goroutineleak') return kind === 'full' && !choice.leakProfileMissing;
    if (w.profile === 'goroutine' && w.query === 'debug=2') return kind === 'full';
    return true;
  });
}

/**
 * How long to wait before the next tick: the interval, or after failures in a row an interval
 * that doubles each time (a restarting service is not hammered), up to ten intervals or five
 * minutes, whichever is longer.
 */
export function nextDelayMs(intervalSeconds: number, failuresInARow: number): number {
  const base = Math.max(1, intervalSeconds) * 1000;
  if (failuresInARow <= 0) return base;
  const cap = Math.max(10 * base, 5 * 60_000);
  return Math.min(cap, base * 2 ** Math.min(failuresInARow, 16));
}
