// The loop of a watch, shared by the extension and the CLI: every interval, capture what the tick
// plan says, analyse it with the history of its segment, append it to the series (or a gap with
// the reason when the service did not answer, then back off), until stopped or the end time.
// Capturing, analysing, storing and waiting are given, so this runs the same under tests.
import type { HistoryPoint } from '../analysis/history/historyPoint';
import { nextDelayMs, tickKind, type TickKind } from './tickSchedule';
import {
  appendTick,
  failuresInARow,
  historyOf,
  segmentFor,
  type SeriesCaps,
  type SeriesSuspect,
  type SeriesTick,
  type WatchSeries,
} from './watchSeries';

export interface TickCapture {
  /** The stored snapshot of the tick. */
  readonly snapshotId: string | null;
  readonly bytes: number;
  /** The server has no goroutineleak profile (404): later full ticks do not ask. */
  readonly leakProfileMissing: boolean;
}

export interface TickAnalysis {
  readonly point: HistoryPoint;
  readonly heapInUse: number | null;
  /** The suspect groups of this analysis (full ticks replace the series' list; counts ticks keep it). */
  readonly suspects: readonly SeriesSuspect[];
}

export interface WatchLoopOptions<C extends TickCapture> {
  readonly intervalSeconds: number;
  /** Every how many ticks the debug=2 dump (and the leak profile) is taken. */
  readonly fullEvery: number;
  readonly caps: SeriesCaps;
  readonly signal: AbortSignal;
  /** Stop after this time (ms since the epoch): `watch --for`. */
  readonly until?: number | null;
  readonly now: () => number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly capture: (kind: TickKind, leakProfileMissing: boolean, signal: AbortSignal) => Promise<C>;
  readonly analyze: (capture: C, kind: TickKind, history: HistoryPoint[], at: number) => Promise<TickAnalysis>;
  /** The series after each tick, with the ticks the caps dropped: persist, show, delete their snapshots. */
  readonly onTick: (series: WatchSeries, tick: SeriesTick, dropped: SeriesTick[]) => Promise<void>;
  /** Why a capture failed, in words (a CaptureError's message); null: cancelled, end the loop. */
  readonly describeFailure: (error: unknown, signal: AbortSignal) => string | null;
}

export async function runWatchLoop<C extends TickCapture>(
  start: WatchSeries,
  o: WatchLoopOptions<C>,
): Promise<WatchSeries> {
  let series = start;
  let leakProfileMissing = false;
  let failures = failuresInARow(series);
  for (let index = 0; !o.signal.aborted; index++) {
    const at = o.now();
    if (o.until != null && at >= o.until) break;
    const kind = tickKind({ index, fullEvery: o.fullEvery, afterFailure: failures > 0 });
    const lastSegment = series.ticks[series.ticks.length - 1]?.segment ?? 0;
    let tick: SeriesTick;
    let suspects: readonly SeriesSuspect[] | null = null;
    try {
      const captured = await o.capture(kind, leakProfileMissing, o.signal);
      leakProfileMissing ||= captured.leakProfileMissing;
      const done = await analysed(series, captured, kind, at, o);
      tick = done.tick;
      // Only a full tick (states, ids, source) judges suspects; a counts tick adds a point to their lines.
      if (kind === 'full') suspects = done.suspects;
      failures = 0;
    } catch (e) {
      const reason = o.describeFailure(e, o.signal);
      if (reason === null || o.signal.aborted) break;
      failures++;
      tick = {
        at,
        kind: 'gap',
        snapshotId: null,
        point: null,
        heapInUse: null,
        bytes: 0,
        segment: lastSegment,
        reason,
      };
    }
    const appended = appendTick(series, tick, o.caps);
    series = suspects === null ? appended.series : { ...appended.series, suspects };
    await o.onTick(series, tick, appended.dropped);
    const wake = at + nextDelayMs(o.intervalSeconds, failures);
    const until = o.until != null ? Math.min(wake, o.until) : wake;
    await o.sleep(Math.max(0, until - o.now()), o.signal);
  }
  return series;
}

async function analysed<C extends TickCapture>(
  series: WatchSeries,
  captured: C,
  kind: TickKind,
  at: number,
  o: WatchLoopOptions<C>,
): Promise<{ tick: SeriesTick; suspects: readonly SeriesSuspect[] }> {
  const last = [...series.ticks].reverse().find((t) => t.point !== null);
  const history = last ? historyOf(series, last.segment) : [];
  const a = await o.analyze(captured, kind, history, at);
  const { segment, restart } = segmentFor(series, a.point);
  const tick: SeriesTick = {
    at,
    kind,
    snapshotId: captured.snapshotId,
    point: a.point,
    heapInUse: a.heapInUse,
    bytes: captured.bytes,
    segment,
    reason: restart,
  };
  return { tick, suspects: a.suspects };
}
