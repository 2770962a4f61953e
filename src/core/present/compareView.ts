// Two moments of one process compared, for the Comparison view and the compare page: every group
// as before → after (new, grown, shrunk, gone; growing ones first), the goroutine ids that are new
// in each, the leak verdict of the later moment, and the heap's difference (pprof's -diff_base
// numbers and both flame graphs merged) when both moments have a heap profile.
import { diffSnapshots, type GroupChange } from '../analysis/diff';
import type { AnalysisResult, AnalyzedGroup, LeakKind } from '../analysis/verdict';
import type { GoroutineGroup } from '../model/goroutine';
import { numberText } from './format';
import type { HeapProfileData } from './heapData';
import { heapDiffPageView, type HeapPageView } from './heapPageView';
import { groupTitle } from './titles';

/** New ids listed per group; `newIdsTotal` says how many there are. */
const MAX_NEW_IDS = 200;

export interface CompareSide {
  readonly title: string;
  readonly result: AnalysisResult;
  readonly heap: HeapProfileData | null;
}

export interface CompareGroupRow {
  /** Identity across the two moments (stackSignature). */
  readonly signature: string;
  /** The group's name as the tree and the group page call it (the later moment's, else the earlier's). */
  readonly title: string;
  /** Where it waits: `main.(*shop).slowSelect (main.go:61)`. */
  readonly site: string;
  readonly states: readonly string[];
  readonly labels: readonly (readonly [string, string])[];
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  /** `new` and `grown` read better than the analysis' `appeared` and `grew`. */
  readonly change: 'new' | 'grown' | 'same' | 'shrunk' | 'gone';
  readonly suspect: boolean;
  readonly kind: LeakKind | null;
  /** Goroutine ids of the later moment that the earlier one did not have (first MAX_NEW_IDS). */
  readonly newIds: readonly number[];
  readonly newIdsTotal: number;
  /** A group of each moment to open (key in that moment's result), or null where it has none. */
  readonly beforeKey: string | null;
  readonly afterKey: string | null;
}

export interface CompareView {
  readonly title: string;
  readonly before: { readonly title: string; readonly goroutines: number };
  readonly after: { readonly title: string; readonly goroutines: number };
  /** Whether the inputs have goroutine ids (debug=2): without them no id can be called new. */
  readonly hasIds: boolean;
  readonly groups: readonly CompareGroupRow[];
  /** The heap's difference; null when a moment has no heap profile (`heapNote` says which). */
  readonly heap: HeapPageView | null;
  readonly heapNote: string | null;
}

const CHANGE: Record<GroupChange, CompareGroupRow['change']> = {
  grew: 'grown',
  appeared: 'new',
  same: 'same',
  shrank: 'shrunk',
  gone: 'gone',
};

export function buildCompareView(before: CompareSide, after: CompareSide): CompareView {
  const diff = diffSnapshots(before.result.snapshot, after.result.snapshot);
  // The analysis may split a snapshot group into parts (keys `KEY#tag`: ids that persisted, client
  // connections tied to stuck calls): a row gathers every part of its groups.
  const analysed = (r: AnalysisResult) => {
    const m = new Map<string, AnalyzedGroup[]>();
    for (const g of r.groups) {
      const base = g.group.key.split('#')[0]!;
      m.set(base, [...(m.get(base) ?? []), g]);
    }
    return (groups: readonly GoroutineGroup[]) => groups.flatMap((g) => m.get(g.key) ?? []);
  };
  const beforeParts = analysed(before.result);
  const afterParts = analysed(after.result);
  const hasIds = before.result.snapshot.hasIds && after.result.snapshot.hasIds;
  const groups = diff.groups.map((d): CompareGroupRow => {
    const afters = afterParts(d.afterGroups);
    const suspect = afters.find((g) => g.verdict.suspect) ?? null;
    const a = suspect ?? afters[0] ?? null;
    const b = beforeParts(d.beforeGroups)[0] ?? null;
    const old = new Set<number>();
    for (const g of d.beforeGroups) for (const id of g.ids) old.add(id);
    const fresh: number[] = [];
    if (hasIds) for (const g of d.afterGroups) for (const id of g.ids) if (!old.has(id)) fresh.push(id);
    return {
      signature: d.signature,
      title: a ? groupTitle(a) : b ? groupTitle(b) : d.site,
      site: d.site,
      states: d.states,
      labels: Object.entries(d.labels),
      before: d.before,
      after: d.after,
      delta: d.delta,
      change: CHANGE[d.change],
      suspect: suspect !== null,
      kind: suspect?.verdict.kind ?? null,
      newIds: fresh.slice(0, MAX_NEW_IDS),
      newIdsTotal: fresh.length,
      beforeKey: b?.group.key ?? null,
      afterKey: a?.group.key ?? null,
    };
  });
  const heap =
    before.heap && after.heap
      ? heapDiffPageView(after.heap, before.heap, {
          title: 'Heap difference',
          subtitle: `${after.title} minus ${before.title}: what \`go tool pprof -top -diff_base\` prints`,
          before: before.title,
          after: after.title,
        })
      : null;
  const missing = [before.heap ? null : before.title, after.heap ? null : after.title].filter((x) => x !== null);
  return {
    title: `${before.title} → ${after.title}`,
    before: { title: before.title, goroutines: diff.beforeTotal },
    after: { title: after.title, goroutines: diff.afterTotal },
    hasIds,
    groups,
    heap,
    heapNote: heap
      ? null
      : `No heap difference: ${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no heap profile.`,
  };
}

/** `12 → 40 (+28)`: a row's counts, the same in the tree and on the page. */
export function countChangeText(row: Pick<CompareGroupRow, 'before' | 'after' | 'delta'>): string {
  const sign = row.delta > 0 ? '+' : '';
  return `${numberText(row.before)} → ${numberText(row.after)} (${sign}${numberText(row.delta)})`;
}
