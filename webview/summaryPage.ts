// The snapshot summary: totals, counts by leak kind, handler and wait state, the icicle of where
// goroutines park, warnings, and the top of the heap captured at the same moment.
import { countText, numberText, sampleValueText } from '../src/core/present/format';
import type { HeapTopView } from '../src/core/present/heapTopView';
import type { CountRow, HeldSummary, SummaryView } from '../src/core/present/summaryView';
import { h, icon } from './dom';
import type { HostBridge } from './hostBridge';
import { renderIcicle } from './icicle';

function countTable(caption: string, rows: readonly CountRow[], total: number): HTMLElement {
  const table = h('table', { class: 'counts' }, h('caption', {}, caption));
  table.appendChild(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'name'),
        h('th', { scope: 'col' }, 'goroutines'),
        h('th', { scope: 'col' }, 'groups'),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'share')),
      ),
    ),
  );
  const body = h('tbody');
  for (const r of rows) {
    const bar = h('span', { class: `bar ${r.suspect ? 'suspect' : ''}` });
    bar.style.width = `${Math.max(0.5, (r.goroutines / Math.max(1, total)) * 100)}%`;
    body.appendChild(
      h(
        'tr',
        { class: r.suspect ? 'suspect' : '' },
        h('td', { class: 'fn', title: r.name }, r.suspect ? icon('warning') : icon('pass'), ' ', r.name),
        h('td', { class: 'num' }, numberText(r.goroutines)),
        h('td', { class: 'num' }, numberText(r.groups)),
        h('td', { class: 'share' }, h('span', { class: 'track' }, bar)),
      ),
    );
  }
  table.appendChild(body);
  return table;
}

function heapTable(top: HeapTopView): HTMLElement {
  const table = h(
    'table',
    { class: 'counts' },
    h('caption', {}, 'Heap in use at the same moment (by allocating function)'),
  );
  const body = h('tbody');
  for (const r of top.rows) {
    const flat = sampleValueText(r.flat, top.unit);
    body.appendChild(
      h(
        'tr',
        {},
        h(
          'td',
          { class: 'fn', title: `${r.function}\nflat ${flat} · cum ${sampleValueText(r.cum, top.unit)}` },
          r.function,
        ),
        h('td', { class: 'num' }, flat),
      ),
    );
  }
  table.appendChild(body);
  return table;
}

function heldSection(held: HeldSummary, bridge: HostBridge): HTMLElement {
  const table = h(
    'table',
    { class: 'counts held' },
    h('caption', {}, 'Held by suspect groups (heap in use through their functions)'),
  );
  const body = h('tbody');
  for (const g of held.groups) {
    const open = h('button', { class: 'link fn', type: 'button', title: g.title }, g.title);
    open.addEventListener('click', () => bridge.post({ type: 'group/show', groupKey: g.key }));
    body.appendChild(
      h(
        'tr',
        {},
        h('td', {}, open),
        h('td', { class: 'num' }, numberText(g.count)),
        h(
          'td',
          {},
          g.text,
          g.sharedWith > 0
            ? h('span', { class: 'muted' }, ` (shared with ${countText(g.sharedWith, 'other group')})`)
            : null,
        ),
      ),
    );
  }
  table.appendChild(body);
  return h(
    'section',
    { 'aria-label': 'Memory held by suspects' },
    h('h2', {}, 'Memory held by suspects'),
    h('p', {}, `Suspects together ${held.text}, plus ${held.stacks}.`),
    table,
  );
}

export function renderSummaryPage(s: SummaryView, bridge: HostBridge): HTMLElement {
  const page = h('article', { class: 'summary-page' });
  page.appendChild(
    h(
      'header',
      {},
      h('h1', {}, s.title),
      h(
        'p',
        { class: 'muted' },
        `${s.source} · ${countText(s.inputs.length, 'input')}${s.runtimeLeakProfile ? " · with the runtime's goroutineleak profile" : ''}`,
      ),
      h(
        'div',
        { class: 'stats' },
        h(
          'div',
          { class: 'stat suspect' },
          h('strong', {}, numberText(s.suspectGoroutines)),
          ` suspect goroutines in ${countText(s.suspectGroups, 'group')}`,
        ),
        h(
          'div',
          { class: 'stat' },
          h('strong', {}, numberText(s.goroutineCount)),
          ` goroutines in ${countText(s.groupCount, 'group')}`,
        ),
      ),
    ),
  );
  if (s.warnings.length) {
    page.appendChild(
      h(
        'section',
        { class: 'warnings', 'aria-label': 'Warnings' },
        h('h2', {}, icon('warning'), ' Warnings'),
        h('ul', {}, ...s.warnings.map((w) => h('li', {}, w))),
      ),
    );
  }
  page.appendChild(
    h(
      'section',
      { 'aria-label': 'Where goroutines are parked' },
      h('h2', {}, 'Where goroutines are parked'),
      h(
        'p',
        { class: 'muted' },
        'Outermost frame on top; each cell as wide as its goroutines. Orange cells hold mostly suspects; click a cell that ends a group to open it.',
      ),
      renderIcicle(s.icicle, (key) => bridge.post({ type: 'group/show', groupKey: key })),
    ),
  );
  const grid = h(
    'div',
    { class: 'tables' },
    countTable('By leak kind', s.byKind, s.goroutineCount),
    countTable('By handler', s.byHandler, s.goroutineCount),
    countTable('By wait state', s.byState, s.goroutineCount),
  );
  page.appendChild(grid);
  if (s.held && s.held.groups.length > 0) page.appendChild(heldSection(s.held, bridge));
  if (s.heapTop && s.heapTop.rows.length) {
    page.appendChild(heapTable(s.heapTop));
    const open = h(
      'vscode-button',
      { class: 'open-heap' },
      icon('flame'),
      ' Heap page: flame graph and every sample type',
    );
    open.addEventListener('click', () => bridge.post({ type: 'heap/show' }));
    page.appendChild(open);
  }
  return page;
}
