// A part of a group: the same stack, state and creator with a subset of its goroutines, for when
// goroutines the stack cannot tell apart are told apart by something else (their goroutine ids
// against an idle pool's, whether their client is still connected).
import type { GoroutineGroup } from '../model/goroutine';

/**
 * The group restricted to `ids`, keyed `<key>#<tag>` so each part stays distinct. The runtime's
 * `(leaked)` marks are counted per group, not per goroutine, so a group holding any cannot be
 * split without losing which ones: callers keep such groups whole (`canSplit`).
 */
export function groupPart(g: GoroutineGroup, ids: readonly number[], tag: string): GoroutineGroup {
  if (!canSplit(g)) throw new Error(`group ${g.key} holds goroutines marked (leaked) and cannot be split`);
  const kept = new Set(ids);
  return {
    ...g,
    key: `${g.key}#${tag}`,
    count: ids.length,
    ids: g.ids.filter((id) => kept.has(id)),
    parentIds: [...g.parentIds],
    lockedToThreadCount: Math.min(g.lockedToThreadCount, ids.length),
  };
}

/** A group can be split by ids: it has one id per goroutine and none the runtime marked (leaked). */
export function canSplit(g: GoroutineGroup): boolean {
  return g.leakedCount === 0 && g.ids.length === g.count;
}
