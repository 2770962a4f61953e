// A heap profile opened on its own: in-use bytes by allocating function (no goroutines to show).
import type { HeapView } from '../src/shared/viewModel';
import { h } from './dom';

function bytes(n: number): string {
  if (n >= 1048576) return `${(n / 1048576).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function renderHeapPage(v: HeapView): HTMLElement {
  const page = h(
    'article',
    { class: 'heap-page' },
    h('h1', {}, v.title),
    h(
      'p',
      { class: 'muted' },
      `Heap profile: ${bytes(v.totalBytes)} in use. Capture goroutines with it (Capture from Endpoint…) to see who holds it.`,
    ),
  );
  const table = h('table', { class: 'counts' }, h('caption', {}, 'In use by allocating function'));
  const body = h('tbody');
  for (const r of v.top) {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${Math.max(0.5, (r.bytes / Math.max(1, v.totalBytes)) * 100)}%`;
    body.appendChild(
      h(
        'tr',
        {},
        h('td', { class: 'fn', title: r.function }, r.function),
        h('td', { class: 'num' }, bytes(r.bytes)),
        h('td', { class: 'share' }, h('span', { class: 'track' }, bar)),
      ),
    );
  }
  table.appendChild(body);
  page.appendChild(table);
  return page;
}
