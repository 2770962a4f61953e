// Builds DOM from data with textContent and attributes only: no innerHTML anywhere, so a function
// name or label like `<img src=x onerror=…>` from a profile is shown as text, never parsed. Text and
// the attributes people read (title, aria-label) pass through displayText: control and bidi
// characters from a profile show as escapes instead of reordering or hiding what is around them.
import { displayText } from '../src/core/text/terminalText';

const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder']);
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: { class?: string; title?: string; [attr: string]: string | undefined },
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(
  tag: string,
  props?: { class?: string; title?: string; [attr: string]: string | undefined },
  ...children: Child[]
): HTMLElement;
export function h(tag: string, props: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    if (k === 'class') el.className = v;
    else el.setAttribute(k, READ_ATTRIBUTES.has(k) ? displayText(v) : v);
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(displayText(c)) : c);
  }
}

/** A codicon as decoration (hidden from screen readers). */
export function icon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extra}`.trim(), 'aria-hidden': 'true' });
}
