// The detail of one group: verdict, reason and fix, the stack with clickable frames, the wait
// histogram, labels, the created-by chain and the goroutine ids.
import { numberText, waitRangeText } from '../src/core/present/format';
import type { GroupView } from '../src/core/present/groupView';
import { h, icon } from './dom';
import type { HostBridge } from './hostBridge';
import { renderHistogram } from './histogram';

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  const s = h('section', { 'aria-label': title }, h('h2', {}, title));
  for (const b of body) if (b) s.appendChild(b);
  return s;
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

  const stack = h('ol', { class: 'stack', 'aria-label': 'Stack, innermost frame first' });
  for (const f of g.frames) {
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
    btn.addEventListener('click', () => bridge.post({ type: 'frame/open', groupKey: g.key, frameIndex: f.index }));
    stack.appendChild(h('li', {}, btn));
  }
  page.appendChild(
    section(
      'Stack',
      stack,
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

  if (g.createdBy.length) {
    const chain = h('ol', { class: 'chain' });
    g.createdBy.forEach((c, i) => {
      const btn = h(
        'button',
        { class: 'frame', title: `${c.function}\n${c.file}:${c.line}` },
        icon('git-commit'),
        h('span', { class: 'fn' }, c.function),
        h('span', { class: 'loc' }, `${c.file}:${c.line}`),
      );
      btn.addEventListener('click', () => bridge.post({ type: 'createdBy/open', groupKey: g.key, chainIndex: i }));
      const item = h('li', {}, btn);
      if (c.groupKey) {
        const key = c.groupKey;
        const link = h(
          'button',
          { class: 'link', title: 'Show the group of the creating goroutine' },
          "creator's group",
        );
        link.addEventListener('click', () => bridge.post({ type: 'group/show', groupKey: key }));
        item.appendChild(link);
      }
      chain.appendChild(item);
    });
    page.appendChild(section('Created by', chain));
  }

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
