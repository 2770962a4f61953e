// The timeline of a watch: the chart (timelineChart.ts), its legend, and what the hovered or
// selected tick holds. Hover or arrow keys pick a tick and show its values; a click or Enter opens
// that tick's snapshot in the tree. A table under the chart gives the same figures to screen readers.
import { bytesText, numberText } from '../src/core/present/format';
import type { TimelineView } from '../src/core/present/timelineView';
import { h } from './dom';
import type { HostBridge } from './hostBridge';
import { CHART, chartGeometry, drawChart } from './timelineChart';

function valueText(v: number | null, axis: 'count' | 'bytes'): string {
  return v === null ? '–' : axis === 'bytes' ? bytesText(v) : numberText(v);
}

export function renderTimelinePage(v: TimelineView, bridge: HostBridge): HTMLElement {
  const page = h(
    'article',
    { class: 'timeline-page' },
    h('h1', {}, v.title),
    h('p', { class: 'muted' }, `${v.running ? 'Watching' : 'Stopped'}. ${v.summary}`),
  );
  if (v.points.length === 0) return page;
  const g = chartGeometry(v);
  const chart = h('div', {
    class: 'timeline',
    tabindex: '0',
    role: 'application',
    'aria-label': 'Timeline: left and right arrows pick a capture, Enter opens it',
  });
  const svg = drawChart(v, g, {
    count: numberText(g.countMax),
    countHalf: numberText(g.countMax / 2),
    bytes: bytesText(g.bytesMax),
    bytesHalf: bytesText(g.bytesMax / 2),
  });
  const guide = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  guide.setAttribute('class', 'guide');
  guide.setAttribute('y1', String(CHART.top));
  guide.setAttribute('y2', String(CHART.height - CHART.bottom));
  svg.appendChild(guide);
  chart.appendChild(svg);
  const readout = h('div', { class: 'readout', 'aria-live': 'polite' });
  let selected = v.points.length - 1;
  const select = (i: number) => {
    selected = Math.max(0, Math.min(v.points.length - 1, i));
    const p = v.points[selected]!;
    guide.setAttribute('x1', String(g.xs[selected]));
    guide.setAttribute('x2', String(g.xs[selected]));
    readout.replaceChildren(
      h('strong', {}, `${new Date(p.at).toLocaleTimeString()} (${p.kind === 'full' ? 'full capture' : 'counts only'})`),
      ...v.lines.map((l, i) =>
        h(
          'span',
          { class: `readout-item series-${i}` },
          `${l.label}: ${valueText(l.values[selected] ?? null, l.axis)}`,
        ),
      ),
    );
  };
  const nearest = (clientX: number) => {
    const box = svg.getBoundingClientRect();
    const x = box.width > 0 ? ((clientX - box.left) / box.width) * CHART.width : 0;
    let best = 0;
    g.xs.forEach((px, i) => {
      if (Math.abs(px - x) < Math.abs(g.xs[best]! - x)) best = i;
    });
    return best;
  };
  const open = () => {
    const id = v.points[selected]?.snapshotId;
    if (id) bridge.post({ type: 'timeline/open', snapshotId: id });
  };
  chart.addEventListener('mousemove', (e) => select(nearest(e.clientX)));
  chart.addEventListener('click', (e) => {
    select(nearest(e.clientX));
    open();
  });
  chart.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowLeft') select(selected - 1);
    else if (e.key === 'ArrowRight') select(selected + 1);
    else if (e.key === 'Home') select(0);
    else if (e.key === 'End') select(v.points.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') open();
    else return;
    e.preventDefault();
  });
  select(selected);
  const legend = h(
    'ul',
    { class: 'legend' },
    ...v.lines.map((l, i) =>
      h('li', { class: `series-${i}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), l.label),
    ),
  );
  page.append(chart, readout, legend, valuesTable(v));
  for (const gap of v.gaps.slice(-5))
    page.appendChild(
      h('p', { class: 'muted gap-note' }, `Gap at ${new Date(gap.at).toLocaleTimeString()}: ${gap.reason}`),
    );
  for (const r of v.restarts)
    page.appendChild(h('p', { class: 'muted' }, `New segment at ${new Date(r.at).toLocaleTimeString()}: ${r.reason}`));
  return page;
}

/** The figures of the chart as a table (visually hidden): the last 20 ticks. */
function valuesTable(v: TimelineView): HTMLElement {
  const from = Math.max(0, v.points.length - 20);
  const table = h(
    'table',
    { class: 'visually-hidden' },
    h('caption', {}, 'Values of the last captures'),
    h('thead', {}, h('tr', {}, h('th', {}, 'time'), ...v.lines.map((l) => h('th', {}, l.label)))),
  );
  const body = h('tbody');
  for (let i = from; i < v.points.length; i++)
    body.appendChild(
      h(
        'tr',
        {},
        h('td', {}, new Date(v.points[i]!.at).toLocaleTimeString()),
        ...v.lines.map((l) => h('td', {}, valueText(l.values[i] ?? null, l.axis))),
      ),
    );
  table.appendChild(body);
  return table;
}
