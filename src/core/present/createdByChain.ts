// Who started a group's goroutines, and who started that one. Where the input printed the
// creators' stacks (GODEBUG=tracebackancestors' `[originating from goroutine N]` blocks, a race
// report's `Goroutine N created at:`), the chain is those stacks, each link with the creating
// goroutine's frames at its `go` statement; otherwise the `created by` line of the group, then of
// the group holding its parent goroutine (`in goroutine N`, Go 1.21+), as far as ids go. Every
// location in it (creators and ancestor frames) has an index in one flat list, which is what a
// click names (`creationLocation`).
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { isStdlibFunction } from '../go/functionNames';
import { groupOfGoroutine } from './groupLookup';

/** A chain longer than this is a loop of long-lived workers starting each other; it is cut. */
const MAX_CHAIN = 8;
/** tracebackancestors prints at most this many ancestors (the runtime's own cap). */
const MAX_ANCESTORS = 50;

export interface CreationFrameView {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** A standard library or runtime frame: shown dimmed. */
  readonly stdlib: boolean;
  /** Its index among the group's creation locations (what a click opens). */
  readonly index: number;
}

export interface CreatedByView {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** The key of the group the creator belongs to, when the chain could follow parent ids. */
  readonly groupKey: string | null;
  /** Its index among the group's creation locations. */
  readonly index: number;
  /**
   * The creating goroutine's stack when it ran the `go` statement, past this frame (printed by
   * tracebackancestors and race reports); empty when the input did not print it.
   */
  readonly stack: readonly CreationFrameView[];
  /** The creating goroutine's ids as printed with that stack; empty when not printed. */
  readonly goroutineIds: readonly number[];
}

interface Location {
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/** Innermost creator first. Parents are found by id, so inputs without ids (debug=1, proto) give one link. */
export function createdByChain(result: AnalysisResult, g: AnalyzedGroup): CreatedByView[] {
  return build(result, g).chain;
}

/** Location `index` of the group's creation locations (creators and ancestor frames), or undefined. */
export function creationLocation(result: AnalysisResult, g: AnalyzedGroup, index: number): Location | undefined {
  return build(result, g).locations[index];
}

function build(result: AnalysisResult, g: AnalyzedGroup): { chain: CreatedByView[]; locations: Location[] } {
  const locations: Location[] = [];
  const at = (l: Location): number => locations.push({ function: l.function, file: l.file, line: l.line }) - 1;
  const ancestors = g.group.ancestors;
  if (ancestors !== undefined && ancestors.length > 0) return { chain: ancestorChain(result, g, at), locations };
  const chain: CreatedByView[] = [];
  const seen = new Set<string>();
  let cur: AnalyzedGroup | undefined = g;
  while (cur && cur.group.createdBy && chain.length < MAX_CHAIN) {
    seen.add(cur.group.key);
    const parentId: number | undefined = cur.group.parentIds[0];
    const parent: AnalyzedGroup | undefined = parentId === undefined ? undefined : groupOfGoroutine(result, parentId);
    const cb = cur.group.createdBy;
    chain.push({
      function: cb.function,
      file: cb.file,
      line: cb.line,
      groupKey: parent?.group.key ?? null,
      index: at(cb),
      stack: [],
      goroutineIds: parentId === undefined ? [] : [parentId],
    });
    if (!parent || seen.has(parent.group.key)) break;
    cur = parent;
  }
  return { chain, locations };
}

/**
 * The chain of printed creation stacks: link i is the creator of ancestor i-1 (link 0: the group's
 * own `created by`), with ancestor i's stack at the `go` statement.
 */
function ancestorChain(result: AnalysisResult, g: AnalyzedGroup, at: (l: Location) => number): CreatedByView[] {
  const group = g.group;
  const ancestors = group.ancestors!;
  const chain: CreatedByView[] = [];
  for (let i = 0; i < ancestors.length && i < MAX_ANCESTORS; i++) {
    const creator = i === 0 ? group.createdBy : ancestors[i - 1]!.createdBy;
    const frames = ancestors[i]!.stack.frames;
    // The stack's first frame is the `go` statement the creator line already names: the same pc,
    // though tracebackancestors prints the line of the return address (often the next line) where
    // `created by` prints the call's; so it is matched by function and file, and shown once.
    const first = frames[0];
    const same =
      creator !== null && first !== undefined && first.function === creator.function && first.file === creator.file;
    const head: Location = creator ?? first ?? { function: '?', file: '', line: 0 };
    // In id order, as a group's ids are (they come in the order of the goroutines that printed them).
    const ids = [...(group.ancestorIds?.[i] ?? [])].sort((a, b) => a - b);
    const parent = ids[0] === undefined ? undefined : groupOfGoroutine(result, ids[0]);
    const index = at(head);
    chain.push({
      function: head.function,
      file: head.file,
      line: head.line,
      groupKey: parent?.group.key ?? null,
      index,
      stack: frames.slice(same || creator === null ? 1 : 0).map((f) => ({
        function: f.function,
        file: f.file,
        line: f.line,
        stdlib: isStdlibFunction(f.function),
        index: at(f),
      })),
      goroutineIds: ids,
    });
  }
  // The last ancestor's own creator, when printed, ends the chain.
  const last = ancestors[Math.min(ancestors.length, MAX_ANCESTORS) - 1]!.createdBy;
  if (last !== null)
    chain.push({
      function: last.function,
      file: last.file,
      line: last.line,
      groupKey: null,
      index: at(last),
      stack: [],
      goroutineIds: [],
    });
  return chain;
}
