// A heap profile opened on its own: its top by allocating function, pprof's numbers (no
// goroutines to show).
import { sampleValueText } from '../src/core/present/format';
import type { HeapView } from '../src/core/present/heapTopView';
import { h } from './dom';

export function renderHeapPage(v: HeapView): HTMLElement {
  const { top } = v;
  const held = top.sampleType.startsWith('inuse_') ? 'in use' : top.sampleType;
  const page = h(
    'article',
    { class: 'heap-page' },
    h('h1', {}, v.title),
    h(
      'p',
      { class: 'muted' },
      top.total === null
        ? `Heap profile without ${top.sampleType} samples: nothing to rank.`
        : `Heap profile: ${sampleValueText(top.total, top.unit)} ${held}. Capture goroutines with it (Capture from Endpoint…) to see who holds it.`,
    ),
  );
  if (top.total === null) return page;
  const table = h(
    'table',
    { class: 'counts' },
    h('caption', {}, `${held[0]!.toUpperCase()}${held.slice(1)} by allocating function`),
  );
  const body = h('tbody');
  for (const r of top.rows) {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${Math.max(0.5, (r.flat / Math.max(1, top.total)) * 100)}%`;
    body.appendChild(
      h(
        'tr',
        {},
        h('td', { class: 'fn', title: `${r.function}\ncum ${sampleValueText(r.cum, top.unit)}` }, r.function),
        h('td', { class: 'num' }, sampleValueText(r.flat, top.unit)),
        h('td', { class: 'share' }, h('span', { class: 'track' }, bar)),
      ),
    );
  }
  table.appendChild(body);
  page.appendChild(table);
  return page;
}
