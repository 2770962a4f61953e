// Finding the groups of one analysis by key (what views and messages name a group by) and by
// goroutine id (what a `created by … in goroutine N` line names a parent by). Built once per result.
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';

interface Lookup {
  readonly byKey: ReadonlyMap<string, AnalyzedGroup>;
  readonly byId: ReadonlyMap<number, AnalyzedGroup>;
}

// Keyed by the result itself: a new analysis is a new object, so nothing stale is ever found.
const lookups = new WeakMap<AnalysisResult, Lookup>();

function lookupOf(result: AnalysisResult): Lookup {
  let lookup = lookups.get(result);
  if (!lookup) {
    const byKey = new Map<string, AnalyzedGroup>();
    const byId = new Map<number, AnalyzedGroup>();
    for (const g of result.groups) {
      byKey.set(g.group.key, g);
      for (const id of g.group.ids) byId.set(id, g);
    }
    lookup = { byKey, byId };
    lookups.set(result, lookup);
  }
  return lookup;
}

export function findGroup(result: AnalysisResult, key: string): AnalyzedGroup | undefined {
  return lookupOf(result).byKey.get(key);
}

/** The group holding goroutine `id`, when the input had ids (debug=2). */
export function groupOfGoroutine(result: AnalysisResult, id: number): AnalyzedGroup | undefined {
  return lookupOf(result).byId.get(id);
}
