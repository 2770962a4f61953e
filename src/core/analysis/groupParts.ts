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

/**
 * The group as a part whose parents have exited and a part whose parents still run, when it has
 * both and the split is exact. A group keeps its distinct parent ids in first-seen order, not one
 * per goroutine; when there are as many distinct parents as goroutines, each goroutine has a
 * parent of its own and `parentIds[i]` is the parent of `ids[i]`. Go 1.21+ prints the parent
 * (`created by … in goroutine N`); a goroutine whose creator goroutine has exited and one whose
 * creator still runs are not in the same situation, though their stacks are the same.
 */
export function partsByParent(g: GoroutineGroup, alive: (id: number) => boolean): GoroutineGroup[] {
  const n = g.ids.length;
  if (!canSplit(g) || n < 2 || g.parentIds.length !== n) return [g];
  const gone: number[] = [];
  const running: number[] = [];
  for (let i = 0; i < n; i++) (alive(g.parentIds[i]!) ? running : gone).push(i);
  if (gone.length === 0 || running.length === 0) return [g];
  const part = (at: number[], tag: string): GoroutineGroup => ({
    ...groupPart(
      g,
      at.map((i) => g.ids[i]!),
      tag,
    ),
    parentIds: at.map((i) => g.parentIds[i]!),
  });
  return [part(gone, 'parent-gone'), part(running, 'parent-running')];
}
