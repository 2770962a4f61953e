// The webview's summary of one snapshot: totals, counts by leak kind, handler and wait state, the
// icicle of where goroutines park, warnings, and the top of the heap captured with them.
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import type { HeldMemoryReport } from '../analysis/heldMemory';
import type { Profile } from '../model/profile';
import { heldText, stacksEstimateText } from './format';
import type { HeapProfileData } from './heapData';
import { heapTopView, type HeapTopView } from './heapTopView';
import { groupTitle } from './titles';
import { buildIcicle, type IcicleNode } from './icicleView';
import { groupState } from './titles';

/** Rows of the summary's heap table. */
const HEAP_ROWS = 10;

export interface CountRow {
  readonly name: string;
  readonly goroutines: number;
  readonly groups: number;
  readonly suspect: boolean;
}

export interface SummaryView {
  readonly title: string;
  readonly source: string;
  readonly inputs: readonly string[];
  readonly goroutineCount: number;
  readonly groupCount: number;
  readonly suspectGroups: number;
  readonly suspectGoroutines: number;
  readonly runtimeLeakProfile: boolean;
  readonly byKind: readonly CountRow[];
  readonly byHandler: readonly CountRow[];
  readonly byState: readonly CountRow[];
  readonly icicle: IcicleNode;
  readonly warnings: readonly string[];
  /** In-use heap by function, when a heap profile was captured with the goroutines; else null. */
  readonly heapTop: HeapTopView | null;
  /** What the suspects hold in that heap profile; null without one. */
  readonly held: HeldSummary | null;
}

export interface HeldSummary {
  /** `holds ≈ 18.8 MiB in 75 objects`, all suspects together, each allocation once. */
  readonly text: string;
  /** `≈ 160.0 KiB of stacks (estimate)`. */
  readonly stacks: string;
  /** The suspect groups holding most, most first. */
  readonly groups: readonly HeldGroupRow[];
}

export interface HeldGroupRow {
  readonly key: string;
  readonly title: string;
  readonly count: number;
  readonly bytes: number;
  readonly text: string;
  /** Other suspect groups matched on one of its functions: the same bytes count for each. */
  readonly sharedWith: number;
}

/** Rows of the summary's held-memory table. */
const HELD_ROWS = 10;

/** What a summary is made of: an analysed snapshot, its title, and the heap captured with it. */
export interface SummarySource {
  readonly title: string;
  readonly result: AnalysisResult;
  readonly heap: Profile | HeapProfileData | null;
  readonly held?: HeldMemoryReport | null;
}

function countBy(groups: readonly AnalyzedGroup[], keyOf: (g: AnalyzedGroup) => string): CountRow[] {
  const rows = new Map<string, { goroutines: number; groups: number; suspect: boolean }>();
  for (const g of groups) {
    const k = keyOf(g);
    const r = rows.get(k) ?? { goroutines: 0, groups: 0, suspect: false };
    r.goroutines += g.group.count;
    r.groups += 1;
    r.suspect ||= g.verdict.suspect;
    rows.set(k, r);
  }
  return [...rows]
    .map(([name, r]) => ({ name, ...r }))
    .sort((a, b) => Number(b.suspect) - Number(a.suspect) || b.goroutines - a.goroutines);
}

export function buildSummaryView({ title, result, heap, held }: SummarySource): SummaryView {
  const visible = result.groups.filter((g) => !g.verdict.runtime);
  const suspects = result.groups.filter((g) => g.verdict.suspect);
  return {
    title,
    source: result.snapshot.source,
    inputs: result.snapshot.inputs,
    goroutineCount: result.snapshot.goroutineCount,
    groupCount: result.groups.length,
    suspectGroups: suspects.length,
    suspectGoroutines: suspects.reduce((n, g) => n + g.group.count, 0),
    runtimeLeakProfile: result.snapshot.hasLeakProfile,
    byKind: countBy(
      result.groups,
      (g) => g.verdict.kind ?? (g.verdict.runtime ? 'runtime' : g.verdict.healthy ? 'healthy' : 'undecided'),
    ),
    byHandler: countBy(visible, (g) => g.verdict.handler ?? '(no handler)'),
    byState: countBy(result.groups, groupState),
    icicle: buildIcicle(visible),
    warnings: [...result.warnings],
    heapTop: heap ? heapTopView(heap, { limit: HEAP_ROWS }) : null,
    held: held ? heldSummary(result, held) : null,
  };
}

function heldSummary(result: AnalysisResult, held: HeldMemoryReport): HeldSummary {
  const groups: HeldGroupRow[] = [];
  for (const g of result.groups) {
    const h = held.byGroup.get(g.group.key);
    if (!h) continue;
    groups.push({
      key: g.group.key,
      title: groupTitle(g),
      count: g.group.count,
      bytes: h.bytes,
      text: heldText(h),
      sharedWith: h.sharedWith,
    });
  }
  groups.sort((a, b) => b.bytes - a.bytes);
  return { text: heldText(held), stacks: stacksEstimateText(held.stackEstimate), groups: groups.slice(0, HELD_ROWS) };
}
