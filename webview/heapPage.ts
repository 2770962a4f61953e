// The heap page: a heap profile (captured with goroutines, or a heap/allocs file opened alone) or,
// in a comparison, the difference of two. A sample-type switch, one search box that filters the
// table and highlights the flame graph, pprof's top table (flat, flat%, cum, cum%; sortable by
// each column), and the flame graph, whose frames open their source line.
import { numberText, sampleValueText } from '../src/core/present/format';
import type { HeapPageView } from '../src/core/present/heapPageView';
import type { TopEntry } from '../src/core/analysis/top';
import { h } from './dom';
import { FlameGraph } from './flameGraph';
import type { HostBridge } from './hostBridge';

type SortKey = 'function' | 'flat' | 'cum';

/** Rows drawn at once; the filter narrows, "Show all" draws the rest. */
const TABLE_ROWS = 200;

function percent(v: number, total: number): string {
  return total === 0 ? '–' : `${((100 * v) / total).toFixed(2)}%`;
}

function signed(v: number, unit: string, diff: boolean): string {
  const text = sampleValueText(v, unit);
  return diff && v > 0 ? `+${text}` : text;
}

export function renderHeapPage(v: HeapPageView, bridge: HostBridge): HTMLElement {
  const page = h('article', { class: 'heap-page' });
  page.appendChild(h('header', {}, h('h1', {}, v.title), h('p', { class: 'muted' }, v.subtitle)));
  page.appendChild(renderHeapBody(v, bridge));
  return page;
}

/** The page without its header: the compare page embeds it under its own. */
export function renderHeapBody(v: HeapPageView, bridge: HostBridge): HTMLElement {
  const diff = v.compare !== null;
  const body = h('div', { class: 'heap-body' });
  let sampleType = v.selected;
  let sortKey: SortKey = 'flat';
  let descending = true;
  let filter = '';
  let showAll = false;

  const select = h('select', { class: 'sample-type', 'aria-label': 'Sample type' });
  v.sampleTypes.forEach((t, i) => select.appendChild(h('option', { value: String(i) }, t.type)));
  select.selectedIndex = sampleType;
  const search = h('input', {
    type: 'search',
    class: 'heap-search',
    placeholder: 'Filter functions',
    'aria-label': 'Filter the table and highlight the flame graph by function name',
  });
  const summary = h('p', { class: 'heap-total' });
  body.appendChild(h('div', { class: 'heap-controls' }, h('label', {}, 'Sample type ', select), search));
  body.appendChild(summary);

  const flame = new FlameGraph({
    view: v.flame,
    sampleType,
    onOpen: (node) => bridge.post({ type: 'heap/openFrame', node }),
  });
  const flameSection = h(
    'section',
    { 'aria-label': 'Flame graph' },
    h('h2', {}, diff ? 'Flame graph of the difference' : 'Flame graph'),
    h(
      'p',
      { class: 'muted' },
      diff
        ? 'Each frame as wide as before and after together; red grew, green shrank. Click a frame to zoom in and open its source line.'
        : 'Root on top, each frame as wide as its share. Click a frame to zoom in and open its source line.',
      v.flame.minShare > 0
        ? ` Frames under ${(v.flame.minShare * 100).toPrecision(2)}% of the total are not drawn; the table has every function.`
        : '',
    ),
    flame.element,
  );

  const table = h('table', { class: 'top-table' });
  const caption = h('caption', {});
  table.appendChild(caption);
  const headRow = h('tr', {});
  const columns: { key: SortKey | null; label: string }[] = [
    { key: 'function', label: 'function' },
    { key: 'flat', label: 'flat' },
    { key: null, label: 'flat%' },
    { key: 'cum', label: 'cum' },
    { key: null, label: 'cum%' },
  ];
  const sortButtons: HTMLButtonElement[] = [];
  for (const c of columns) {
    const th = h('th', { scope: 'col' });
    if (c.key !== null) {
      const key = c.key;
      const b = h('button', { class: 'sort', type: 'button' }, c.label);
      b.addEventListener('click', () => {
        if (sortKey === key) descending = !descending;
        else {
          sortKey = key;
          descending = key !== 'function';
        }
        renderRows();
      });
      sortButtons.push(b);
      th.appendChild(b);
      th.dataset.key = key;
    } else th.textContent = c.label;
    headRow.appendChild(th);
  }
  table.appendChild(h('thead', {}, headRow));
  const tbody = h('tbody');
  table.appendChild(tbody);
  const more = h('vscode-button', { secondary: '', class: 'show-all', hidden: '' }, 'Show all');
  more.addEventListener('click', () => {
    showAll = true;
    renderRows();
  });

  const order = (a: TopEntry, b: TopEntry): number => {
    if (sortKey === 'function') return a.function < b.function ? -1 : a.function > b.function ? 1 : 0;
    return Math.abs(a[sortKey]) - Math.abs(b[sortKey]);
  };

  function renderRows(): void {
    const top = v.tops[sampleType]!;
    const unit = v.sampleTypes[sampleType]!.unit;
    for (const th of headRow.querySelectorAll('th')) {
      const key = th.dataset.key;
      if (key === undefined) continue;
      th.setAttribute('aria-sort', key === sortKey ? (descending ? 'descending' : 'ascending') : 'none');
    }
    // pprof's own order for the default view; a chosen column sorts stably from it.
    let rows = top.rows.filter((r) => filter === '' || r.function.toLowerCase().includes(filter));
    if (!(sortKey === 'flat' && descending)) {
      rows = [...rows].sort((a, b) => (descending ? order(b, a) : order(a, b)));
    }
    const shown = showAll ? rows : rows.slice(0, TABLE_ROWS);
    tbody.replaceChildren(
      ...shown.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'fn', title: r.function }, r.function),
          h('td', { class: 'num' }, signed(r.flat, unit, diff)),
          h('td', { class: 'num' }, percent(r.flat, top.total)),
          h('td', { class: 'num' }, signed(r.cum, unit, diff)),
          h('td', { class: 'num' }, percent(r.cum, top.total)),
        ),
      ),
    );
    const cut =
      top.rowCount > top.rows.length
        ? ` (the ${numberText(top.rows.length)} largest of ${numberText(top.rowCount)})`
        : '';
    caption.textContent = `${numberText(rows.length)} function${rows.length === 1 ? '' : 's'}${filter ? ` matching "${filter}"` : ''}${cut}`;
    if (rows.length > shown.length) more.removeAttribute('hidden');
    else more.setAttribute('hidden', '');
    summary.textContent = diff
      ? `Percentages of the earlier profile's total, ${sampleValueText(top.total, unit)} (as pprof -diff_base prints them).`
      : `Total ${sampleValueText(top.total, unit)} ${v.sampleTypes[sampleType]!.type}.`;
  }

  select.addEventListener('change', () => {
    sampleType = Number(select.value);
    flame.setSampleType(sampleType);
    renderRows();
  });
  search.addEventListener('input', () => {
    filter = search.value.trim().toLowerCase();
    showAll = false;
    flame.setSearch(filter);
    renderRows();
  });

  renderRows();
  body.appendChild(flameSection);
  body.appendChild(
    h(
      'section',
      { 'aria-label': 'Top functions' },
      h('h2', {}, diff ? 'Top (after minus before)' : 'Top'),
      table,
      more,
    ),
  );
  // Painted once in the document: its width is the page's.
  queueMicrotask(() => flame.paint());
  return body;
}
