// Lookups across a whole snapshot that the per-group rules need: which group a goroutine id is
// in (to follow `created by … in goroutine N`), and which functions are on any stack right now
// (to tell, for Go < 1.21, whether a creator function has returned everywhere).
import type { GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';

export class SnapshotIndex {
  private readonly byId = new Map<number, GoroutineGroup>();
  private readonly onStack = new Set<string>();

  constructor(readonly snapshot: GoroutineSnapshot) {
    for (const g of snapshot.groups) {
      for (const id of g.ids) this.byId.set(id, g);
      for (const f of g.stack.frames) this.onStack.add(f.function);
    }
  }

  groupOf(id: number): GoroutineGroup | undefined {
    return this.byId.get(id);
  }

  /** The goroutine with this id exists in the snapshot. */
  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** Some goroutine is executing this function (or is parked in it) right now. */
  isOnAnyStack(fn: string): boolean {
    return this.onStack.has(fn);
  }

  /** Groups with a frame whose function is `fn`. */
  groupsRunning(fn: string): GoroutineGroup[] {
    return this.snapshot.groups.filter((g) => g.stack.frames.some((f) => f.function === fn));
  }
}
