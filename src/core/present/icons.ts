// Which codicon (and theme colour) stands for what in the views. Tables are keyed by the analysis'
// own unions, so a new leak kind that has no icon is a type error, not a silent fallback.
import type { GroupVerdict, LeakKind } from '../analysis/verdict';

/** A codicon by name, with an optional theme colour id; the host turns it into a ThemeIcon. */
export interface IconView {
  readonly id: string;
  readonly color?: string;
}

/** Warnings and suspects: the colour the Problems view gives its warnings. */
export const WARNING_COLOR = 'problemsWarningIcon.foreground';
/** Standard library frames and folded runs: dimmed. */
export const DIMMED_COLOR = 'disabledForeground';

export const LEAK_KIND_ICONS: Readonly<Record<LeakKind, string>> = {
  'select-no-ctx': 'debug-pause',
  'chan-send-orphan': 'arrow-right',
  'chan-receive-orphan': 'arrow-left',
  'chan-receive-no-ctx': 'arrow-left',
  'timeout-handler-orphan': 'watch',
  'blocking-io-no-deadline': 'plug',
  'lock-wait': 'lock',
  'waitgroup-wait': 'organization',
  'cond-wait': 'bell-slash',
  'nil-channel': 'circle-slash',
  'empty-select': 'circle-slash',
  'ticker-not-stopped': 'history',
  sleep: 'clock',
  'runtime-leak': 'flame',
  growth: 'graph-line',
  'outlived-requests': 'history',
  'context-not-request': 'link-external',
  'held-resource-victim': 'inbox',
  'producer-vanished': 'arrow-left',
  'client-gone': 'debug-disconnect',
  'test-hang': 'beaker',
  'data-race': 'bug',
};

/** A suspect by its kind (a warning when the kind is not known), the runtime's own, healthy, or undecided. */
export function verdictIcon(v: GroupVerdict): IconView {
  if (v.suspect) return { id: v.kind ? LEAK_KIND_ICONS[v.kind] : 'warning', color: WARNING_COLOR };
  return { id: v.runtime ? 'gear' : v.healthy ? 'pass' : 'question' };
}
