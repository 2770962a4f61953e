// The watch's timeline as an SVG line chart: counts on the left axis, heap in use on the right,
// one polyline per line of the view model, gaps and restarts as marks. Small and fast enough for
// the hundreds of ticks a series keeps (one polyline per line, no per-point nodes); colours are
// theme variables through CSS classes only. Geometry is pure (chartGeometry) so tests can read it.
import type { TimelineView } from '../src/core/present/timelineView';

const SVG = 'http://www.w3.org/2000/svg';
export const CHART = { width: 720, height: 260, left: 48, right: 64, top: 12, bottom: 28 } as const;

export interface ChartGeometry {
  /** x of each point. */
  readonly xs: readonly number[];
  /** Per line, y of each point (null where the line has no value). */
  readonly ys: readonly (readonly (number | null)[])[];
  readonly countMax: number;
  readonly bytesMax: number;
  readonly x: (at: number) => number;
}

export function chartGeometry(v: TimelineView): ChartGeometry {
  const times = v.points.map((p) => p.at);
  const t0 = times[0] ?? 0;
  const t1 = times[times.length - 1] ?? t0 + 1;
  const span = Math.max(1, t1 - t0);
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const x = (at: number) => CHART.left + (times.length <= 1 ? plotW / 2 : ((at - t0) / span) * plotW);
  const max = (axis: 'count' | 'bytes') =>
    Math.max(
      1,
      ...v.lines.filter((l) => l.axis === axis).flatMap((l) => l.values.filter((n): n is number => n !== null)),
    );
  const countMax = niceCeil(max('count'));
  const bytesMax = niceCeil(max('bytes'));
  const ys = v.lines.map((l) =>
    l.values.map((n) =>
      n === null ? null : CHART.top + plotH - (n / (l.axis === 'bytes' ? bytesMax : countMax)) * plotH,
    ),
  );
  return { xs: times.map(x), ys, countMax, bytesMax, x };
}

/** 1, 2, 2.5, 5 or 7.5 times a power of ten, at least n: axis maxima that read well and fill the plot. */
export function niceCeil(n: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(1, n)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export interface AxisLabels {
  readonly count: string;
  readonly countHalf: string;
  readonly bytes: string;
  readonly bytesHalf: string;
}

export function drawChart(v: TimelineView, g: ChartGeometry, axisLabel: AxisLabels): SVGSVGElement {
  const svg = el('svg', {
    viewBox: `0 0 ${CHART.width} ${CHART.height}`,
    class: 'timeline-chart',
    role: 'img',
    'aria-label': v.summary,
  }) as SVGSVGElement;
  const bottom = CHART.height - CHART.bottom;
  svg.appendChild(el('line', { x1: CHART.left, x2: CHART.width - CHART.right, y1: bottom, y2: bottom, class: 'axis' }));
  svg.appendChild(el('line', { x1: CHART.left, x2: CHART.left, y1: CHART.top, y2: bottom, class: 'axis' }));
  const label = (x: number, y: number, text: string, anchor: string) => {
    const t = el('text', { x, y, 'text-anchor': anchor, class: 'axis-label' });
    t.textContent = text;
    svg.appendChild(t);
  };
  const mid = (CHART.top + bottom) / 2;
  svg.appendChild(
    el('line', { x1: CHART.left, x2: CHART.width - CHART.right, y1: CHART.top, y2: CHART.top, class: 'grid' }),
  );
  svg.appendChild(el('line', { x1: CHART.left, x2: CHART.width - CHART.right, y1: mid, y2: mid, class: 'grid' }));
  label(CHART.left - 4, CHART.top + 4, axisLabel.count, 'end');
  label(CHART.left - 4, mid + 4, axisLabel.countHalf, 'end');
  label(CHART.left - 4, bottom, '0', 'end');
  if (v.lines.some((l) => l.axis === 'bytes'))
    label(CHART.width - CHART.right + 4, CHART.top + 10, axisLabel.bytes, 'start');
  for (const gap of v.gaps) {
    const m = el('line', { x1: g.x(gap.at), x2: g.x(gap.at), y1: CHART.top, y2: bottom, class: 'gap-mark' });
    const title = el('title', {});
    title.textContent = `gap: ${gap.reason}`;
    m.appendChild(title);
    svg.appendChild(m);
  }
  for (const r of v.restarts) {
    const m = el('line', { x1: g.x(r.at), x2: g.x(r.at), y1: CHART.top, y2: bottom, class: 'restart-mark' });
    const title = el('title', {});
    title.textContent = `restart: ${r.reason}`;
    m.appendChild(title);
    svg.appendChild(m);
  }
  v.lines.forEach((line, i) => {
    // A line breaks where it has no value (and at restarts: a new process starts a new line).
    let run: string[] = [];
    const flush = () => {
      if (run.length > 0)
        svg.appendChild(el('polyline', { points: run.join(' '), class: `series series-${i} ${line.axis}` }));
      run = [];
    };
    g.ys[i]!.forEach((y, j) => {
      if (y === null || (j > 0 && v.points[j]!.segment !== v.points[j - 1]!.segment)) flush();
      if (y !== null) run.push(`${g.xs[j]!.toFixed(1)},${y.toFixed(1)}`);
    });
    flush();
    // A single point draws no line: a dot shows it.
    if (v.points.length === 1 && g.ys[i]![0] !== null)
      svg.appendChild(el('circle', { cx: g.xs[0]!, cy: g.ys[i]![0]!, r: 3, class: `series-dot series-${i}` }));
  });
  return svg;
}
