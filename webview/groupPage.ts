// The detail of one group: verdict, reason and fix, a data race's two accesses side by side, the
// stack with clickable frames, the wait histogram, labels, the created-by chain (with the creating
// goroutines' stacks when the input printed them) and the goroutine ids.
import type { CreatedByView } from '../src/core/present/createdByChain';
import { numberText, waitRangeText } from '../src/core/present/format';
import type { FrameView, GroupView } from '../src/core/present/groupView';
import type { RaceView } from '../src/core/present/raceView';
import { h, icon } from './dom';
import type { HostBridge } from './hostBridge';
import { renderHistogram } from './histogram';

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  const s = h('section', { 'aria-label': title }, h('h2', {}, title));
  for (const b of body) if (b) s.appendChild(b);
  return s;
}

/** Stack frames as buttons that open them (by group key and index: the host resolves the path). */
function frameList(groupKey: string, frames: readonly FrameView[], bridge: HostBridge): HTMLElement {
  const stack = h('ol', { class: 'stack', 'aria-label': 'Stack, innermost frame first' });
  for (const f of frames) {
    const btn = h(
      'button',
      {
        class: `frame${f.stdlib ? ' stdlib' : ''}${f.blocking ? ' blocking' : ''}`,
        title: `${f.function}\n${f.file}:${f.line}`,
      },
      f.blocking ? icon('debug-stackframe-focused') : icon(f.stdlib ? 'circle-small' : 'debug-stackframe'),
      h('span', { class: 'fn' }, f.function),
      h('span', { class: 'loc' }, `${f.file}:${f.line}${f.inlined ? ' (inlined)' : ''}`),
    );
    btn.addEventListener('click', () => bridge.post({ type: 'frame/open', groupKey, frameIndex: f.index }));
    stack.appendChild(h('li', {}, btn));
  }
  return stack;
}

/**
 * The created-by chain: each creator, and under it the creating goroutine's stack at its `go`
 * statement when the input printed it (tracebackancestors, race reports), every line clickable.
 */
function creatorChain(groupKey: string, chain: readonly CreatedByView[], bridge: HostBridge): HTMLElement {
  const list = h('ol', { class: 'chain' });
  const location = (fn: string, file: string, line: number, index: number, iconName: string) => {
    const btn = h(
      'button',
      { class: 'frame', title: `${fn}\n${file}:${line}` },
      icon(iconName),
      h('span', { class: 'fn' }, fn),
      h('span', { class: 'loc' }, `${file}:${line}`),
    );
    btn.addEventListener('click', () => bridge.post({ type: 'createdBy/open', groupKey, chainIndex: index }));
    return btn;
  };
  for (const c of chain) {
    const item = h('li', {}, location(c.function, c.file, c.line, c.index, 'git-commit'));
    if (c.goroutineIds.length)
      item.appendChild(h('span', { class: 'muted' }, ` in goroutine ${c.goroutineIds.join(', ')}`));
    if (c.groupKey) {
      const key = c.groupKey;
      const link = h('button', { class: 'link', title: 'Show the group of the creating goroutine' }, "creator's group");
      link.addEventListener('click', () => bridge.post({ type: 'group/show', groupKey: key }));
      item.appendChild(link);
    }
    if (c.stack.length) {
      const stack = h('ol', {
        class: 'stack ancestor',
        'aria-label': "The creating goroutine's stack at its go statement",
      });
      for (const f of c.stack) {
        stack.appendChild(
          h('li', {}, location(f.function, f.file, f.line, f.index, f.stdlib ? 'circle-small' : 'debug-stackframe')),
        );
      }
      item.appendChild(stack);
    }
    list.appendChild(item);
  }
  return list;
}

/** A data race: both accesses side by side, each with its stack and where its goroutine was created. */
function raceSection(race: RaceView, bridge: HostBridge): HTMLElement {
  const columns = h('div', { class: 'race-accesses' });
  for (const a of race.accesses) {
    const status = a.goroutineStatus ? ` (${a.goroutineStatus})` : '';
    const col = h(
      'section',
      { class: `race-access${a.current ? ' current' : ''}`, 'aria-label': a.label },
      h('h3', {}, icon(a.previous ? 'history' : 'edit'), ` ${a.label}${status}`),
      frameList(a.groupKey, a.frames, bridge),
    );
    if (a.createdBy.length) col.append(h('h4', {}, 'Created by'), creatorChain(a.groupKey, a.createdBy, bridge));
    columns.appendChild(col);
  }
  return section(
    `Data race on ${race.address}`,
    h(
      'p',
      { class: 'muted' },
      `WARNING: DATA RACE at line ${race.line}${race.test ? `, during ${race.test}` : ''}: the two accesses are not ordered.`,
    ),
    columns,
  );
}

export function renderGroupPage(g: GroupView, bridge: HostBridge): HTMLElement {
  const wait = waitRangeText(g.waitMinutes);
  const page = h('article', { class: 'group-page', 'data-group-key': g.key });
  const back = h(
    'vscode-button',
    { secondary: '', class: 'back', 'aria-label': 'Show the snapshot summary' },
    'Summary',
  );
  back.addEventListener('click', () => bridge.post({ type: 'summary/show' }));

  const badges = h(
    'div',
    { class: 'badges' },
    h('vscode-badge', { variant: 'counter' }, numberText(g.count)),
    h('span', { class: 'chip' }, g.state ?? 'no state'),
    wait ? h('span', { class: 'chip' }, icon('watch'), ` ${wait}`) : null,
    g.kind ? h('span', { class: `chip kind ${g.suspect ? 'suspect' : ''}` }, g.kind) : null,
    g.confidence ? h('span', { class: 'chip' }, g.confidence) : null,
    g.leakedCount ? h('span', { class: 'chip suspect' }, `${numberText(g.leakedCount)} flagged by the runtime`) : null,
    g.test ? h('span', { class: 'chip' }, icon('beaker'), ` ${g.test}`) : null,
  );
  page.appendChild(
    h(
      'header',
      {},
      h('div', { class: 'title-row' }, h('h1', { class: 'fn' }, g.title), back),
      g.handler && g.handler !== g.title ? h('p', { class: 'muted' }, `handler ${g.handler}`) : null,
      badges,
    ),
  );

  const verdictTitle = g.suspect
    ? 'Why this is a suspect'
    : g.runtime
      ? 'Runtime goroutines'
      : g.healthy
        ? 'Why this looks healthy'
        : 'Undecided';
  const tone = g.suspect ? 'suspect' : g.healthy || g.runtime ? 'healthy' : 'undecided';
  page.appendChild(
    section(
      verdictTitle,
      h(
        'p',
        { class: `verdict ${tone}` },
        icon(tone === 'suspect' ? 'warning' : tone === 'healthy' ? 'pass' : 'question'),
        ' ',
        g.reason ??
          (g.suspect
            ? 'Suspect.'
            : tone === 'healthy'
              ? 'Nothing here suggests a leak.'
              : 'No signal says whether this group leaks: the evidence below is what was seen. Open the source (or capture again later, or watch the endpoint) to decide.'),
      ),
      g.fix
        ? h(
            'div',
            { class: 'fix' },
            h('h3', {}, icon('lightbulb'), ' Suggested fix'),
            h('p', {}, g.fix),
            applyFixButton(g, bridge),
          )
        : null,
      g.evidence.length ? h('ul', { class: 'evidence' }, ...g.evidence.map((e) => h('li', {}, e))) : null,
    ),
  );
  if (g.held) {
    page.appendChild(
      section(
        'Memory it holds',
        h(
          'p',
          { class: 'held' },
          icon('database'),
          ` ${numberText(g.count)} goroutine${g.count === 1 ? '' : 's'} ${g.held.text}, plus ${g.held.stacks}.`,
        ),
        h(
          'p',
          { class: 'muted' },
          `In-use heap allocated through ${g.held.through.join(' or ')} (heap profile of the same moment)` +
            (g.held.sharedWith > 0
              ? `; ${g.held.sharedWith} other suspect group${g.held.sharedWith === 1 ? '' : 's'} are counted on the same function, so these bytes are theirs too.`
              : '.'),
        ),
      ),
    );
  }

  if (g.race) page.appendChild(raceSection(g.race, bridge));

  page.appendChild(
    section(
      'Stack',
      frameList(g.key, g.frames, bridge),
      g.elidedFrames
        ? h('p', { class: 'muted' }, `${g.elidedFrames} frames elided by the runtime`)
        : g.truncated
          ? h('p', { class: 'muted' }, 'The stack is truncated.')
          : null,
    ),
  );

  if (g.waitHistogram.length) page.appendChild(section('Time parked', renderHistogram(g.waitHistogram)));

  if (g.labels.length) {
    const dl = h('dl', { class: 'labels' });
    for (const [k, v] of g.labels) dl.append(h('dt', {}, k), h('dd', {}, v));
    page.appendChild(section('Labels', dl));
  }

  if (g.createdBy.length) page.appendChild(section('Created by', creatorChain(g.key, g.createdBy, bridge)));

  if (g.idsTotal) {
    const more = g.idsTotal - g.ids.length;
    page.appendChild(
      section(
        `Goroutine ids (${numberText(g.idsTotal)})`,
        h('p', { class: 'ids' }, g.ids.join(', ') + (more > 0 ? ` … and ${numberText(more)} more` : '')),
        g.parentIds.length
          ? h(
              'p',
              { class: 'muted' },
              `started by goroutine${g.parentIds.length > 1 ? 's' : ''} ${g.parentIds.join(', ')}`,
            )
          : null,
      ),
    );
  }
  return page;
}

/** "Apply fix": the host computes the edit from the source and applies it (a list when several). */
function applyFixButton(g: GroupView, bridge: HostBridge): HTMLElement | null {
  if (!g.fixable) return null;
  const b = h('vscode-button', { class: 'apply-fix', 'aria-label': 'Apply a quick fix to the source' }, 'Apply fix');
  b.addEventListener('click', () => bridge.post({ type: 'fix/apply', groupKey: g.key }));
  return b;
}
