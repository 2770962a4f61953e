// The timeline chart of a watch as the webview draws it, and the status bar text of a running
// watch: total goroutines, the count of each suspect group of the latest analysis (the top ones,
// the rest summed), heap in use, per tick; gaps with their reasons; restarts. Plain data.
import type { WatchSeries } from '../watch/watchSeries';
import { countOf } from '../analysis/history/historyContext';
import { bytesText, numberText } from './format';

/** Suspect groups drawn as lines of their own; the others are summed into one. */
export const TOP_SUSPECT_LINES = 5;

export interface TimelineLine {
  readonly id: string;
  readonly label: string;
  /** `count` lines share the left axis; `bytes` (heap) has the right one. */
  readonly axis: 'count' | 'bytes';
  /** One value per entry of `points`; null where the tick has none (no heap profile). */
  readonly values: readonly (number | null)[];
}

export interface TimelinePoint {
  readonly at: number;
  readonly snapshotId: string | null;
  /** `full` ticks have the debug=2 dump (ids, states); `counts` ticks the proto only. */
  readonly kind: 'full' | 'counts';
  readonly segment: number;
}

export interface TimelineMark {
  readonly at: number;
  readonly reason: string;
}

export interface TimelineView {
  readonly title: string;
  readonly watchId: string;
  readonly running: boolean;
  readonly points: readonly TimelinePoint[];
  readonly lines: readonly TimelineLine[];
  /** Ticks that captured nothing, with why. */
  readonly gaps: readonly TimelineMark[];
  /** Where a new segment began because the service restarted. */
  readonly restarts: readonly TimelineMark[];
  /** What the chart says in words (screen readers; the same figures as the lines). */
  readonly summary: string;
}

export function buildTimelineView(series: WatchSeries, running: boolean): TimelineView {
  const captured = series.ticks.filter((t) => t.point !== null);
  const points: TimelinePoint[] = captured.map((t) => ({
    at: t.at,
    snapshotId: t.snapshotId,
    kind: t.kind === 'full' ? 'full' : 'counts',
    segment: t.segment,
  }));
  const total: TimelineLine = {
    id: 'total',
    label: 'Goroutines',
    axis: 'count',
    values: captured.map((t) => t.point!.goroutineCount),
  };
  const suspects = series.suspects.map((s) => ({ s, values: captured.map((t) => countOf(t.point!, s.key)) }));
  suspects.sort((a, b) => (b.values[b.values.length - 1] ?? 0) - (a.values[a.values.length - 1] ?? 0));
  const lines: TimelineLine[] = [total];
  suspects
    .slice(0, TOP_SUSPECT_LINES)
    .forEach(({ s, values }, i) => lines.push({ id: `suspect-${i}`, label: s.label, axis: 'count', values }));
  const rest = suspects.slice(TOP_SUSPECT_LINES);
  if (rest.length > 0)
    lines.push({
      id: 'other-suspects',
      label: `${rest.length} other suspect groups`,
      axis: 'count',
      values: captured.map((_, i) => rest.reduce((n, r) => n + r.values[i]!, 0)),
    });
  if (captured.some((t) => t.heapInUse !== null))
    lines.push({ id: 'heap', label: 'Heap in use', axis: 'bytes', values: captured.map((t) => t.heapInUse) });
  const gaps = series.ticks.filter((t) => t.kind === 'gap').map((t) => ({ at: t.at, reason: t.reason ?? 'no answer' }));
  const restarts = captured
    .filter((t, i) => i > 0 && t.segment !== captured[i - 1]!.segment)
    .map((t) => ({ at: t.at, reason: t.reason ?? 'the service restarted' }));
  return {
    title: `Watch of ${series.endpoint}`,
    watchId: series.id,
    running,
    points,
    lines,
    gaps,
    restarts,
    summary: summaryText(lines, points.length, gaps.length),
  };
}

function summaryText(lines: readonly TimelineLine[], n: number, gaps: number): string {
  if (n === 0) return gaps > 0 ? `No capture yet; ${gaps} tick(s) got no answer.` : 'No capture yet.';
  const parts = lines.map((l) => {
    const first = l.values.find((v) => v !== null) ?? null;
    const last = [...l.values].reverse().find((v) => v !== null) ?? null;
    const fmt = (v: number | null) => (v === null ? 'unknown' : l.axis === 'bytes' ? bytesText(v) : numberText(v));
    return `${l.label}: ${fmt(first)} → ${fmt(last)}`;
  });
  return `${n} capture(s)${gaps > 0 ? `, ${gaps} gap(s)` : ''}. ${parts.join('; ')}.`;
}

/** Suspect groups of the latest analysis whose count rose, and never fell, over the current segment. */
export function growingSuspects(series: WatchSeries): number {
  const captured = series.ticks.filter((t) => t.point !== null);
  const segment = captured[captured.length - 1]?.segment;
  const inSegment = captured.filter((t) => t.segment === segment);
  if (inSegment.length < 2) return 0;
  let n = 0;
  for (const s of series.suspects) {
    const values = inSegment.map((t) => countOf(t.point!, s.key));
    const falls = values.some((v, i) => i > 0 && v < values[i - 1]!);
    if (!falls && values[values.length - 1]! > values[0]!) n++;
  }
  return n;
}

export interface WatchStatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
}

/** The status bar item of a running watch: live total and growing groups; clicking stops it. */
export function watchStatusView(series: WatchSeries): WatchStatusView {
  const last = [...series.ticks].reverse().find((t) => t.point !== null);
  const lastTick = series.ticks[series.ticks.length - 1];
  const growing = growingSuspects(series);
  const total = last?.point ? numberText(last.point.goroutineCount) : '…';
  const gap = lastTick?.kind === 'gap' ? ` (last tick: ${lastTick.reason ?? 'no answer'})` : '';
  return {
    text: `${total} goroutines · ${growing} growing`,
    tooltip: `Watching ${series.endpoint}: ${series.ticks.length} tick(s), ${growing} suspect group(s) growing${gap}. Click to stop the watch.`,
    warning: growing > 0,
  };
}
