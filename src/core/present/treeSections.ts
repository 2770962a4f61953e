// The top of the Goroutines view: data races (when the input held race reports), Suspects, Healthy,
// Undecided and the runtime's own goroutines, the middle three bucketed by handler, leak kind, wait
// state or test (a go test binary's), after the text filter. Lazy: a section lists its groups, and
// the rows of a group are built only when it is expanded (see treeRows).
import type { TestTies } from '../analysis/testTimeout';
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { shortFunctionName } from '../go/functionNames';
import { countText } from './format';
import { matchesFilter } from './groupFilter';
import { WARNING_COLOR, type IconView } from './icons';
import { groupState, groupTitle } from './titles';
import type { TreeRowView } from './treeRows';

export type GroupBy = 'handler' | 'kind' | 'state' | 'test';

export const GROUP_BY_LABELS: Readonly<Record<GroupBy, string>> = {
  handler: 'Handler',
  kind: 'Leak Kind',
  state: 'Wait State',
  test: 'Test',
};

const BUCKET_ICONS: Readonly<Record<GroupBy, string>> = {
  handler: 'symbol-method',
  kind: 'symbol-event',
  state: 'debug-pause',
  test: 'beaker',
};

/** Buckets of groups by test for goroutines of no test: go test's own, and those it cannot tie. */
export const HARNESS_BUCKET = 'go test itself';
export const UNTIED_BUCKET = 'not tied to a test';

export interface TreeOptions {
  readonly groupBy: GroupBy;
  /** Show the runtime's own goroutines (GC workers, finalizer), hidden by default. */
  readonly showRuntime: boolean;
  /** Words that must all appear in a group (see groupFilter). */
  readonly filter: string;
}

export type SectionKey = 'races' | 'suspects' | 'healthy' | 'undecided' | 'runtime';

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
 * Data races first (each a proven bug), then suspects, both open; Healthy (judged so on evidence)
 * and Undecided (no signal says either way: never listed as healthy) open only when there is
 * neither; empty sections left out.
 */
export function treeSections(result: AnalysisResult, options: TreeOptions): SectionView[] {
  const all = visibleGroups(result, options);
  const races = all.filter((g) => g.group.race);
  const groups = all.filter((g) => !g.group.race);
  const suspects = groups.filter((g) => g.verdict.suspect);
  const healthy = groups.filter((g) => !g.verdict.suspect && !g.verdict.runtime && g.verdict.healthy);
  const undecided = groups.filter((g) => !g.verdict.suspect && !g.verdict.runtime && !g.verdict.healthy);
  const runtime = groups.filter((g) => !g.verdict.suspect && g.verdict.runtime);
  const sections: SectionView[] = [];
  if (races.length) {
    const reports = new Set(races.map((g) => g.group.race!.report)).size;
    sections.push({
      ...section('races', 'Data races', { id: 'bug', color: WARNING_COLOR }, races, true, false),
      description: `${countText(reports, 'race report')} · ${countText(races.length, 'access', 'accesses')}`,
    });
  }
  if (suspects.length)
    sections.push(section('suspects', 'Suspects', { id: 'warning', color: WARNING_COLOR }, suspects, true, true));
  // Healthy and Undecided open only when nothing above them (a race, a suspect) asks for attention.
  const calm = suspects.length === 0 && races.length === 0;
  if (healthy.length) sections.push(section('healthy', 'Healthy', { id: 'pass' }, healthy, calm, true));
  if (undecided.length) sections.push(section('undecided', 'Undecided', { id: 'question' }, undecided, calm, true));
  if (runtime.length) sections.push(section('runtime', 'Runtime', { id: 'gear' }, runtime, false, false));
  return sections;
}

function bucketName(g: AnalyzedGroup, groupBy: GroupBy, tests: TestTies | undefined): string {
  switch (groupBy) {
    case 'kind':
      return g.verdict.kind ?? g.verdict.wait;
    case 'state':
      return groupState(g);
    case 'handler':
      return g.verdict.handler ?? groupTitle(g);
    case 'test': {
      const t = tests?.byGroup.get(g.group.key);
      return t === undefined ? UNTIED_BUCKET : (t.test ?? HARNESS_BUCKET);
    }
  }
}

/**
 * A section's groups by handler, leak kind, state or test, the bucket with most goroutines first
 * (by test: the running tests first); the suspects' buckets open, the others closed. `tests` are
 * the analysis' ties of a go test binary (AnalysisResult.tests).
 */
export function treeBuckets(section: SectionView, groupBy: GroupBy, tests?: TestTies): BucketView[] {
  const byName = new Map<string, AnalyzedGroup[]>();
  for (const g of section.groups) {
    const name = bucketName(g, groupBy, tests);
    const list = byName.get(name);
    if (list) list.push(g);
    else byName.set(name, [g]);
  }
  const running = new Map((tests?.tests ?? []).map((t) => [t.name, t]));
  const buckets = [...byName].map(([name, members]): BucketView => {
    const goroutines = goroutinesIn(members);
    const test = groupBy === 'test' ? running.get(name) : undefined;
    const state = test === undefined ? '' : test.running ? ` · running${test.duration ? ` ${test.duration}` : ''}` : '';
    return {
      name,
      // Test names (`TestDrain/empty`) are not function names to shorten.
      label: groupBy === 'test' ? name : shortFunctionName(name, { dropMain: true }),
      description: `${countText(goroutines, 'goroutine')}${members.length > 1 ? ` in ${countText(members.length, 'group')}` : ''}${state}`,
      tooltip: name,
      icon: { id: BUCKET_ICONS[groupBy] },
      contextValue: 'bucket',
      goroutines,
      groups: members,
      expanded: section.key === 'suspects',
    };
  });
  const isRunning = (b: BucketView) => (groupBy === 'test' && running.get(b.name)?.running ? 1 : 0);
  // Ties by name, so the order does not depend on the order of the dump.
  return buckets.sort(
    (a, b) => isRunning(b) - isRunning(a) || b.goroutines - a.goroutines || a.name.localeCompare(b.name),
  );
}
