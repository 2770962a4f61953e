// Who started a goroutine and whether its starter is still there. Go 1.21+ prints the parent's
// id (`created by F in goroutine N`): the parent either exists in the snapshot or has exited.
// Older Go prints only the creator function: if no goroutine is running that function any more,
// every instance of it has returned (weaker: a new call may have started in between).
import type { GoroutineGroup } from '../model/goroutine';
import type { HandlerMatcher } from './handlerAttribution';
import type { SnapshotIndex } from './snapshotIndex';
import { closureParent, isStdlibFunction } from '../go/functionNames';
import { canonicalLabels } from '../go/labels';

export type OrphanStatus =
  | 'no-creator' // the main goroutine or one the input cannot say anything about
  | 'alive' // every parent id exists
  | 'gone' // no parent id exists: every creator has exited
  | 'partial' // some parents exist, some have exited
  | 'creator-returned' // Go < 1.21: no goroutine is running the creator function
  | 'creator-running' // Go < 1.21: some goroutine is running the creator function
  | 'unknown'; // no ids (debug=1, proto)

export interface Orphanhood {
  readonly status: OrphanStatus;
  /** Parent ids that no longer exist (Go 1.21+). */
  readonly goneParents: number;
  readonly parents: number;
}

export function orphanhood(g: GoroutineGroup, index: SnapshotIndex): Orphanhood {
  if (g.createdBy === null) return { status: 'no-creator', goneParents: 0, parents: 0 };
  if (!index.snapshot.hasIds) return { status: 'unknown', goneParents: 0, parents: 0 };
  if (g.parentIds.length > 0) {
    const gone = g.parentIds.filter((p) => !index.has(p)).length;
    const status = gone === 0 ? 'alive' : gone === g.parentIds.length ? 'gone' : 'partial';
    return { status, goneParents: gone, parents: g.parentIds.length };
  }
  const running = index.isOnAnyStack(g.createdBy.function);
  return { status: running ? 'creator-running' : 'creator-returned', goneParents: 0, parents: 0 };
}

/** True when the parent has exited (or, for Go < 1.21, the creator function has returned everywhere). */
export function isOrphan(o: Orphanhood): boolean {
  return o.status === 'gone' || o.status === 'creator-returned';
}

export type HandlerVia = 'stack' | 'parent' | 'creator' | 'labels' | 'source';

export interface Attribution {
  readonly handler: string | null;
  readonly via: HandlerVia | null;
}

/**
 * Attributes every group to a handler: its own stack first, then its parent goroutine (by id,
 * transitively), then the creator function (Go < 1.21: a goroutine running it, or a function
 * known as a handler), then a group with the same pprof labels that has a handler.
 */
export function attributeHandlers(index: SnapshotIndex, matcher: HandlerMatcher): Map<GoroutineGroup, Attribution> {
  const groups = index.snapshot.groups;
  const out = new Map<GoroutineGroup, Attribution>();
  const known = new Set<string>();
  for (const g of groups) {
    const h = matcher.find(g.stack.frames);
    if (h !== null) {
      out.set(g, { handler: h, via: 'stack' });
      known.add(h);
    }
  }
  const byLabels = new Map<string, string>();
  for (const [g, a] of out) {
    const key = canonicalLabels(g.labels);
    if (key !== '' && a.handler !== null && !byLabels.has(key)) byLabels.set(key, a.handler);
  }

  const resolving = new Set<GoroutineGroup>();
  const resolve = (g: GoroutineGroup): Attribution => {
    const done = out.get(g);
    if (done) return done;
    if (resolving.has(g)) return { handler: null, via: null };
    resolving.add(g);
    let result: Attribution = { handler: null, via: null };
    // One group can have many parents (one connection reader per request): the most common handler wins.
    const votes = new Map<string, number>();
    for (const pid of g.parentIds) {
      const parent = index.groupOf(pid);
      if (parent === undefined) continue;
      const a = resolve(parent);
      if (a.handler !== null) votes.set(a.handler, (votes.get(a.handler) ?? 0) + 1);
    }
    let best = 0;
    for (const [h, n] of votes)
      if (n > best) {
        best = n;
        result = { handler: h, via: 'parent' };
      }
    const creator = g.createdBy?.function;
    if (result.handler === null && creator !== undefined && g.parentIds.every((p) => !index.has(p))) {
      result = fromCreator(creator, index, known, resolve);
    }
    if (result.handler === null) {
      const key = canonicalLabels(g.labels);
      const h = key === '' ? undefined : byLabels.get(key);
      if (h !== undefined) result = { handler: h, via: 'labels' };
    }
    resolving.delete(g);
    out.set(g, result);
    return result;
  };
  for (const g of groups) resolve(g);
  return out;
}

function fromCreator(
  creator: string,
  index: SnapshotIndex,
  known: ReadonlySet<string>,
  resolve: (g: GoroutineGroup) => Attribution,
): Attribution {
  if (known.has(creator)) return { handler: creator, via: 'creator' };
  const parentFn = closureParent(creator);
  if (parentFn !== null && known.has(parentFn)) return { handler: parentFn, via: 'creator' };
  // The standard library starts goroutines for everyone (net/http's connection readers, the HTTP
  // client's loops): a goroutine running that function says nothing about this one's owner.
  if (isStdlibFunction(creator)) return { handler: null, via: null };
  for (const g of index.groupsRunning(creator)) {
    const a = resolve(g);
    if (a.handler !== null) return { handler: a.handler, via: 'creator' };
  }
  return { handler: null, via: null };
}
