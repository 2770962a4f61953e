// A watch's series: one entry per tick (a capture, or a gap with its reason), kept in workspace
// storage as JSON beside the snapshots it names, so that closing VS Code loses nothing and a
// reload can show it and resume. Pure: the host reads and writes the file, this decides what it
// holds. Capped by count and by bytes: the oldest ticks go first, with their snapshots.
import type { HistoryPoint } from '../analysis/history/historyPoint';
import type { TickKind } from './tickSchedule';
import { restartReason } from './restart';

export const SERIES_VERSION = 1;

/** A suspect group of the latest analysis, as the chart and the status bar name it. */
export interface SeriesSuspect {
  /** countKey of the group: its count is read from every tick's point. */
  readonly key: string;
  readonly label: string;
  readonly kind: string | null;
}

export interface SeriesTick {
  /** ms since the epoch when the tick started. */
  readonly at: number;
  readonly kind: TickKind | 'gap';
  /** The stored snapshot of this tick; null for gaps. */
  readonly snapshotId: string | null;
  /** Counts (and ids on full ticks); null for gaps. */
  readonly point: HistoryPoint | null;
  /** Heap in use (bytes) from the tick's heap profile; null when none arrived. */
  readonly heapInUse: number | null;
  /** Bytes the tick's snapshot takes on disk. */
  readonly bytes: number;
  /** Segments split the series at restarts of the service; 0 first. */
  readonly segment: number;
  /** A gap's failure or a new segment's restart, in words. */
  readonly reason: string | null;
}

export interface WatchSeries {
  readonly version: number;
  readonly id: string;
  readonly endpoint: string;
  readonly startedAt: number;
  readonly ticks: readonly SeriesTick[];
  /** Suspects of the latest analysis (chart lines, status bar). */
  readonly suspects: readonly SeriesSuspect[];
}

export interface SeriesCaps {
  readonly maxTicks: number;
  readonly maxBytes: number;
}

export function newSeries(id: string, endpoint: string, startedAt: number): WatchSeries {
  return { version: SERIES_VERSION, id, endpoint, startedAt, ticks: [], suspects: [] };
}

/** The last tick that has a point, and whether a gap came after it. */
function lastCaptured(series: WatchSeries): { tick: SeriesTick | null; gapSince: boolean } {
  let gapSince = false;
  for (let i = series.ticks.length - 1; i >= 0; i--) {
    const t = series.ticks[i]!;
    if (t.point !== null) return { tick: t, gapSince };
    gapSince = true;
  }
  return { tick: null, gapSince };
}

/** The segment a new capture belongs to, and the restart that began it (null: the same one). */
export function segmentFor(series: WatchSeries, point: HistoryPoint): { segment: number; restart: string | null } {
  const { tick: prev, gapSince } = lastCaptured(series);
  if (prev === null || prev.point === null) return { segment: prev?.segment ?? 0, restart: null };
  const baseline = series.ticks.find((t) => t.segment === prev.segment && t.point !== null)?.point ?? null;
  const why = restartReason(prev.point, point, { baseline, gapBetween: gapSince });
  return why === null ? { segment: prev.segment, restart: null } : { segment: prev.segment + 1, restart: why };
}

/** The series with `tick` appended, and the ticks dropped to keep within the caps (oldest first). */
export function appendTick(
  series: WatchSeries,
  tick: SeriesTick,
  caps: SeriesCaps,
): { series: WatchSeries; dropped: SeriesTick[] } {
  const ticks = [...series.ticks, tick];
  const maxTicks = Math.max(1, Math.floor(caps.maxTicks));
  const bytes = ticks.reduce((n, t) => n + t.bytes, 0);
  let drop = Math.max(0, ticks.length - maxTicks);
  // The newest tick always stays, even alone over the byte cap: it is what was just captured.
  while (drop < ticks.length - 1 && bytes - sumBytes(ticks, drop) > caps.maxBytes) drop++;
  return { series: { ...series, ticks: ticks.slice(drop) }, dropped: ticks.slice(0, drop) };
}

function sumBytes(ticks: readonly SeriesTick[], n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += ticks[i]!.bytes;
  return s;
}

/** The history of the moment after the last tick: the points of its segment, oldest first. */
export function historyOf(series: WatchSeries, segment: number): HistoryPoint[] {
  return series.ticks.filter((t) => t.segment === segment && t.point !== null).map((t) => t.point!);
}

/** Failed ticks since the last capture (for the backoff). */
export function failuresInARow(series: WatchSeries): number {
  let n = 0;
  for (let i = series.ticks.length - 1; i >= 0 && series.ticks[i]!.kind === 'gap'; i--) n++;
  return n;
}

/** A series read back from storage, or null when it is not one (a newer format, a broken file). */
export function parseSeries(text: string): WatchSeries | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const s = raw as WatchSeries;
  if (s.version !== SERIES_VERSION || typeof s.id !== 'string' || typeof s.endpoint !== 'string') return null;
  if (!Array.isArray(s.ticks) || !Array.isArray(s.suspects)) return null;
  return s;
}
