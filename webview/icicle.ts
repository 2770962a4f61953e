// The icicle of where goroutines park: outermost frames on top, each cell as wide as its share of
// goroutines, coloured by how many of them are suspects. Cells that are one group's blocking point
// open that group; wide cells are buttons reachable with Tab.
import type { IcicleNode } from '../src/core/present/icicleView';
import { h } from './dom';

const FOCUSABLE_SHARE = 0.01;

function cellLabel(n: IcicleNode): string {
  return n.name.slice(n.name.lastIndexOf('/') + 1);
}

function renderNode(n: IcicleNode, total: number, onGroup: (key: string) => void): HTMLElement {
  const share = n.value / total;
  const suspectShare = n.value ? n.suspect / n.value : 0;
  const tone = suspectShare > 0.5 ? 'suspect' : suspectShare > 0 ? 'mixed' : 'healthy';
  const cell = h(
    'button',
    {
      class: `cell ${tone}${n.groupKey ? ' group' : ''}`,
      title: `${n.name}\n${n.value} goroutine(s), ${n.suspect} suspect`,
      'aria-label': `${n.name}: ${n.value} goroutines, ${n.suspect} suspect`,
    },
    cellLabel(n),
  );
  if (share < FOCUSABLE_SHARE) cell.tabIndex = -1;
  if (n.groupKey) {
    const key = n.groupKey;
    cell.addEventListener('click', () => onGroup(key));
  } else {
    cell.setAttribute('aria-disabled', 'true');
  }
  const col = h('div', { class: 'icol' }, cell);
  if (n.children.length) {
    const row = h('div', { class: 'irow' });
    let covered = 0;
    for (const c of n.children) {
      const child = renderNode(c, total, onGroup);
      child.style.flexBasis = `${(c.value / n.value) * 100}%`;
      row.appendChild(child);
      covered += c.value;
    }
    if (covered < n.value) {
      const rest = h('div', { class: 'icol spacer' });
      rest.style.flexBasis = `${((n.value - covered) / n.value) * 100}%`;
      row.appendChild(rest);
    }
    col.appendChild(row);
  }
  return col;
}

export function renderIcicle(root: IcicleNode, onGroup: (key: string) => void): HTMLElement {
  const wrap = h('div', {
    class: 'icicle',
    role: 'group',
    'aria-label': 'Where goroutines are parked (outermost frame on top)',
  });
  wrap.appendChild(renderNode(root, Math.max(1, root.value), onGroup));
  return wrap;
}
