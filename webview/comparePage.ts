// Two moments compared: every group as before → after (new, grown, shrunk, gone; growing first)
// with the goroutine ids that are new, the later moment's verdict, and the heap's difference
// (pprof's -diff_base numbers and the flame graph of the difference).
import { countChangeText, type CompareGroupRow, type CompareView } from '../src/core/present/compareView';
import { numberText } from '../src/core/present/format';
import { h, icon } from './dom';
import { renderHeapBody } from './heapPage';
import type { HostBridge } from './hostBridge';

const CHANGE_ICON: Record<CompareGroupRow['change'], string> = {
  new: 'diff-added',
  grown: 'arrow-up',
  same: 'dash',
  shrunk: 'arrow-down',
  gone: 'diff-removed',
};

function groupRow(r: CompareGroupRow, bridge: HostBridge): HTMLElement {
  const name =
    r.afterKey !== null
      ? h('button', { class: 'link fn', type: 'button', title: `${r.title}\n${r.site}` }, r.title)
      : h('span', { class: 'fn', title: `${r.title}\n${r.site}` }, r.title);
  if (r.afterKey !== null) {
    const key = r.afterKey;
    name.addEventListener('click', () => bridge.post({ type: 'group/show', groupKey: key }));
  }
  const ids =
    r.newIdsTotal === 0
      ? null
      : h(
          'details',
          { class: 'new-ids' },
          h('summary', {}, `${numberText(r.newIdsTotal)} new goroutine id${r.newIdsTotal === 1 ? '' : 's'}`),
          h(
            'p',
            { class: 'ids' },
            r.newIds.join(', ') +
              (r.newIdsTotal > r.newIds.length ? `, … (${numberText(r.newIdsTotal - r.newIds.length)} more)` : ''),
          ),
        );
  return h(
    'tr',
    { class: `change-${r.change}${r.suspect ? ' suspect' : ''}`, 'data-signature': r.signature },
    h('td', {}, h('span', { class: `chip change ${r.change}` }, icon(CHANGE_ICON[r.change]), ` ${r.change}`)),
    h('td', {}, name, h('div', { class: 'muted site' }, r.site), ids),
    h('td', { class: 'num' }, countChangeText(r)),
    h('td', {}, r.suspect ? h('span', { class: 'chip suspect' }, r.kind ?? 'suspect') : null),
  );
}

export function renderComparePage(c: CompareView, bridge: HostBridge): HTMLElement {
  const page = h('article', { class: 'compare-page' });
  const changed = c.groups.filter((g) => g.change !== 'same').length;
  page.appendChild(
    h(
      'header',
      {},
      h('h1', {}, c.title),
      h(
        'p',
        { class: 'muted' },
        `${numberText(c.before.goroutines)} → ${numberText(c.after.goroutines)} goroutines; ${numberText(changed)} of ${numberText(c.groups.length)} groups changed.`,
      ),
      c.hasIds
        ? null
        : h('p', { class: 'muted' }, 'The inputs have no goroutine ids (debug=1 or proto): new ids cannot be told.'),
    ),
  );
  const table = h(
    'table',
    { class: 'compare-table' },
    h('caption', {}, 'Groups, growing first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'change'),
        h('th', { scope: 'col' }, 'group'),
        h('th', { scope: 'col' }, 'before → after'),
        h('th', { scope: 'col' }, 'verdict (after)'),
      ),
    ),
  );
  table.appendChild(h('tbody', {}, ...c.groups.map((r) => groupRow(r, bridge))));
  page.appendChild(h('section', { 'aria-label': 'Groups' }, h('h2', {}, 'Goroutines'), table));
  const heap = h('section', { 'aria-label': 'Heap difference' }, h('h2', {}, 'Heap difference'));
  if (c.heap) {
    heap.appendChild(h('p', { class: 'muted' }, c.heap.subtitle));
    heap.appendChild(renderHeapBody(c.heap, bridge));
  } else heap.appendChild(h('p', { class: 'muted' }, c.heapNote ?? 'No heap difference.'));
  page.appendChild(heap);
  return page;
}
