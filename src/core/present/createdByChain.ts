// Who started a group's goroutines, and who started that one: the `created by` line of the group,
// then of the group holding its parent goroutine (`in goroutine N`, Go 1.21+), as far as ids go.
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { groupOfGoroutine } from './groupLookup';

/** A chain longer than this is a loop of long-lived workers starting each other; it is cut. */
const MAX_CHAIN = 8;

export interface CreatedByView {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** The key of the group the creator belongs to, when the chain could follow parent ids. */
  readonly groupKey: string | null;
}

/** Innermost creator first. Parents are found by id, so inputs without ids (debug=1, proto) give one link. */
export function createdByChain(result: AnalysisResult, g: AnalyzedGroup): CreatedByView[] {
  const chain: CreatedByView[] = [];
  const seen = new Set<string>();
  let cur: AnalyzedGroup | undefined = g;
  while (cur && cur.group.createdBy && chain.length < MAX_CHAIN) {
    seen.add(cur.group.key);
    const parentId: number | undefined = cur.group.parentIds[0];
    const parent: AnalyzedGroup | undefined = parentId === undefined ? undefined : groupOfGoroutine(result, parentId);
    const cb = cur.group.createdBy;
    chain.push({ function: cb.function, file: cb.file, line: cb.line, groupKey: parent?.group.key ?? null });
    if (!parent || seen.has(parent.group.key)) break;
    cur = parent;
  }
  return chain;
}
