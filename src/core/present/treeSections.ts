// The top of the Goroutines view: Suspects, Healthy, Undecided and the runtime's own goroutines, the
// first three bucketed by handler, leak kind or wait state, after the text filter. Lazy: a section lists its
// groups, and the rows of a group are built only when it is expanded (see treeRows).
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { shortFunctionName } from '../go/functionNames';
import { countText } from './format';
import { matchesFilter } from './groupFilter';
import { WARNING_COLOR, type IconView } from './icons';
import { groupState, groupTitle } from './titles';
import type { TreeRowView } from './treeRows';

export type GroupBy = 'handler' | 'kind' | 'state';

export const GROUP_BY_LABELS: Readonly<Record<GroupBy, string>> = {
  handler: 'Handler',
  kind: 'Leak Kind',
  state: 'Wait State',
};

const BUCKET_ICONS: Readonly<Record<GroupBy, string>> = {
  handler: 'symbol-method',
  kind: 'symbol-event',
  state: 'debug-pause',
};

export interface TreeOptions {
  readonly groupBy: GroupBy;
  /** Show the runtime's own goroutines (GC workers, finalizer), hidden by default. */
  readonly showRuntime: boolean;
  /** Words that must all appear in a group (see groupFilter). */
  readonly filter: string;
}

export type SectionKey = 'suspects' | 'healthy' | 'undecided' | 'runtime';

export interface SectionView extends TreeRowView {
  readonly key: SectionKey;
  readonly expanded: boolean;
  readonly groups: readonly AnalyzedGroup[];
  /** Suspects and healthy groups are bucketed; the runtime's few groups are listed as they are. */
  readonly bucketed: boolean;
}

export interface BucketView extends TreeRowView {
  /** The handler, leak kind or state the bucket stands for, in full. */
  readonly name: string;
  readonly goroutines: number;
  readonly groups: readonly AnalyzedGroup[];
  readonly expanded: boolean;
}

function goroutinesIn(groups: readonly AnalyzedGroup[]): number {
  return groups.reduce((n, g) => n + g.group.count, 0);
}

/** The groups the tree shows: runtime ones only when asked for, and those the filter lets through. */
export function visibleGroups(result: AnalysisResult, options: Omit<TreeOptions, 'groupBy'>): AnalyzedGroup[] {
  return result.groups.filter((g) => (options.showRuntime || !g.verdict.runtime) && matchesFilter(g, options.filter));
}

function section(
  key: SectionKey,
  label: string,
  icon: IconView,
  groups: AnalyzedGroup[],
  expanded: boolean,
  bucketed: boolean,
): SectionView {
  return {
    key,
    label,
    description: `${countText(goroutinesIn(groups), 'goroutine')} · ${countText(groups.length, 'group')}`,
    icon,
    contextValue: 'section',
    expanded,
    groups,
    bucketed,
  };
}

/**
 * Suspects first and open; Healthy (judged so on evidence) and Undecided (no signal says either
 * way: never listed as healthy) open only when there is no suspect; empty sections left out.
 */
export function treeSections(result: AnalysisResult, options: TreeOptions): SectionView[] {
  const groups = visibleGroups(result, options);
  const suspects = groups.filter((g) => g.verdict.suspect);
  const healthy = groups.filter((g) => !g.verdict.suspect && !g.verdict.runtime && g.verdict.healthy);
  const undecided = groups.filter((g) => !g.verdict.suspect && !g.verdict.runtime && !g.verdict.healthy);
  const runtime = groups.filter((g) => !g.verdict.suspect && g.verdict.runtime);
  const sections: SectionView[] = [];
  if (suspects.length)
    sections.push(section('suspects', 'Suspects', { id: 'warning', color: WARNING_COLOR }, suspects, true, true));
  if (healthy.length)
    sections.push(section('healthy', 'Healthy', { id: 'pass' }, healthy, suspects.length === 0, true));
  if (undecided.length)
    sections.push(section('undecided', 'Undecided', { id: 'question' }, undecided, suspects.length === 0, true));
  if (runtime.length) sections.push(section('runtime', 'Runtime', { id: 'gear' }, runtime, false, false));
  return sections;
}

function bucketName(g: AnalyzedGroup, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'kind':
      return g.verdict.kind ?? g.verdict.wait;
    case 'state':
      return groupState(g);
    case 'handler':
      return g.verdict.handler ?? groupTitle(g);
  }
}

/**
 * A section's groups by handler, leak kind or state, the bucket with most goroutines first; the
 * suspects' buckets open, the others closed.
 */
export function treeBuckets(section: SectionView, groupBy: GroupBy): BucketView[] {
  const byName = new Map<string, AnalyzedGroup[]>();
  for (const g of section.groups) {
    const name = bucketName(g, groupBy);
    const list = byName.get(name);
    if (list) list.push(g);
    else byName.set(name, [g]);
  }
  const buckets = [...byName].map(([name, members]): BucketView => {
    const goroutines = goroutinesIn(members);
    return {
      name,
      label: shortFunctionName(name, { dropMain: true }),
      description: `${countText(goroutines, 'goroutine')}${members.length > 1 ? ` in ${countText(members.length, 'group')}` : ''}`,
      tooltip: name,
      icon: { id: BUCKET_ICONS[groupBy] },
      contextValue: 'bucket',
      goroutines,
      groups: members,
      expanded: section.key === 'suspects',
    };
  });
  return buckets.sort((a, b) => b.goroutines - a.goroutines);
}
