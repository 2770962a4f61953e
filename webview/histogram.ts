// The wait-time histogram of a group: one bar per bin, widths set through the CSSOM (the CSP
// forbids inline style attributes), with the numbers as text for screen readers.
import type { HistogramBin } from '../src/core/present/groupView';
import { numberText } from '../src/core/present/format';
import { h } from './dom';

export function renderHistogram(bins: readonly HistogramBin[]): HTMLElement {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const list = h('ul', { class: 'histogram', 'aria-label': 'Goroutines by time parked' });
  for (const b of bins) {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${Math.max(1, (b.count / max) * 100)}%`;
    list.appendChild(
      h(
        'li',
        {},
        h('span', { class: 'bin' }, b.label),
        h('span', { class: 'track' }, bar),
        h('span', { class: 'count' }, numberText(b.count)),
      ),
    );
  }
  return list;
}
