// The heap page's view model: a sample-type switch, pprof's top table for every sample type (the
// numbers of `go tool pprof -top`, or of `-top -diff_base` in a comparison) and the flame graph.
// Plain data the webview renders; every function name in it is untrusted text.
import type { TopEntry } from '../analysis/top';
import { diffTopTables } from '../analysis/topDiff';
import { topEntries } from '../analysis/top';
import type { ValueType } from '../model/profile';
import { flameDiff, flameView, type FlameView } from './flameDiff';
import type { HeapProfileData } from './heapData';

/** Rows per sample type a page carries; past it the page says how many it left out. */
export const MAX_TOP_ROWS = 5000;

export interface HeapPageTop {
  /** pprof's total, what the percentages divide by (the base's in a comparison). */
  readonly total: number;
  /** pprof's rows in its order (|flat|, name, |cum|), at most MAX_TOP_ROWS. */
  readonly rows: readonly TopEntry[];
  /** Rows there are in all. */
  readonly rowCount: number;
}

export interface HeapPageView {
  readonly title: string;
  readonly subtitle: string;
  readonly sampleTypes: readonly ValueType[];
  /** The sample type shown first: inuse_space when the profile has it, else its default. */
  readonly selected: number;
  readonly tops: readonly HeapPageTop[];
  readonly flame: FlameView;
  /** A comparison: what the values are the difference of. */
  readonly compare: { readonly before: string; readonly after: string } | null;
}

export interface HeapPageOptions {
  readonly title: string;
  readonly subtitle: string;
}

function firstShown(sampleTypes: readonly ValueType[], fallback: number): number {
  const i = sampleTypes.findIndex((t) => t.type === 'inuse_space');
  return i >= 0 ? i : fallback;
}

function pageTop(entries: TopEntry[], total: number): HeapPageTop {
  return { total, rows: entries.slice(0, MAX_TOP_ROWS), rowCount: entries.length };
}

export function heapPageView(data: HeapProfileData, options: HeapPageOptions): HeapPageView {
  return {
    title: options.title,
    subtitle: options.subtitle,
    sampleTypes: data.sampleTypes,
    selected: firstShown(data.sampleTypes, data.defaultIndex),
    tops: data.sampleTypes.map((_, t) => pageTop(topEntries(data.top, t), data.top.totals[t]!)),
    flame: flameView(data.flame),
    compare: null,
  };
}

/**
 * `after` minus `before`, sample type by sample type (matched by name): pprof's `-diff_base`
 * numbers, and both flame graphs merged.
 */
export function heapDiffPageView(
  after: HeapProfileData,
  before: HeapProfileData,
  options: HeapPageOptions & { readonly before: string; readonly after: string },
): HeapPageView {
  const tops = after.sampleTypes.map((t, ca) => {
    const cb = before.sampleTypes.findIndex((x) => x.type === t.type);
    if (cb < 0) return pageTop([], 0);
    const d = diffTopTables(after.top, ca, before.top, cb);
    return pageTop(d.entries, d.total);
  });
  return {
    title: options.title,
    subtitle: options.subtitle,
    sampleTypes: after.sampleTypes,
    selected: firstShown(after.sampleTypes, after.defaultIndex),
    tops,
    flame: flameDiff(after.flame, before.flame),
    compare: { before: options.before, after: options.after },
  };
}
