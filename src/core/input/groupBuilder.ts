// Folds goroutines into groups as parsers produce them, so nothing per goroutine is kept but its
// id. Group key: stack + state + labels + creator (two goroutines that differ only in arguments,
// wait minutes or parent id are one group; minutes become a range, parents a list).
import type { CreatedBy, GoroutineGroup, GoroutineRecord, Labels, Stack } from '../model/goroutine';
import type { GoroutineSink } from '../traceback/debug2Parser';

export class GroupBuilder implements GoroutineSink {
  readonly groups: GoroutineGroup[] = [];
  /** Ids of goroutines printed `(leaked)`, for merging a goroutineleak dump into another dump by id. */
  readonly leakedIds: number[] = [];
  goroutineCount = 0;
  private readonly byKey = new Map<string, GoroutineGroup>();
  private readonly byStack: GoroutineGroup[][] = [];
  private readonly parentSets = new Map<GoroutineGroup, Set<number>>();
  private readonly labelKeys = new Map<Labels, string>();
  private readonly creatorKeys = new Map<CreatedBy, number>();
  private readonly stateKeys = new Map<string, number>();

  add(g: GoroutineRecord): void {
    // Fast path: the groups on this stack, compared by identity of the interned parts.
    let group: GoroutineGroup | undefined;
    let onStack = this.byStack[g.stack.id];
    if (onStack !== undefined) {
      for (let i = 0; i < onStack.length; i++) {
        const c = onStack[i]!;
        if (c.createdBy === g.createdBy && c.labels === g.labels && c.state === g.state) { group = c; break; }
      }
    } else {
      onStack = this.byStack[g.stack.id] = [];
    }
    if (group === undefined) group = this.slowGroup(g, onStack);
    this.count(group, g);
  }

  private slowGroup(g: GoroutineRecord, onStack: GoroutineGroup[]): GoroutineGroup {
    const key = `${g.stack.id}|${this.stateKey(g.state)}|${this.labelKey(g.labels)}|${this.creatorKey(g.createdBy)}`;
    let group = this.byKey.get(key);
    if (group === undefined) {
      group = {
        key,
        stack: g.stack,
        state: g.state,
        count: 0,
        ids: [],
        waitMinutes: null,
        labels: g.labels,
        createdBy: g.createdBy,
        parentIds: [],
        leakedCount: 0,
        lockedToThreadCount: 0,
      };
      this.byKey.set(key, group);
      this.groups.push(group);
    }
    // Equal content under other objects (`{route: x}` and `{route: "x"}`) joins the same group.
    onStack.push(group);
    return group;
  }

  private count(group: GoroutineGroup, g: GoroutineRecord): void {
    group.count++;
    group.ids.push(g.id);
    this.goroutineCount++;
    // Goroutines without `N minutes` count as 0 in the range once any goroutine printed minutes.
    const m = g.waitMinutes;
    if (m !== null) {
      if (group.waitMinutes === null) group.waitMinutes = [group.count > 1 ? 0 : m, m];
      else {
        if (m < group.waitMinutes[0]) group.waitMinutes[0] = m;
        if (m > group.waitMinutes[1]) group.waitMinutes[1] = m;
      }
    } else if (group.waitMinutes !== null) {
      group.waitMinutes[0] = 0;
    }
    if (g.parentId !== null) {
      let set = this.parentSets.get(group);
      if (set === undefined) { set = new Set(); this.parentSets.set(group, set); }
      if (!set.has(g.parentId)) { set.add(g.parentId); group.parentIds.push(g.parentId); }
    }
    if (g.flags.leaked) { group.leakedCount++; this.leakedIds.push(g.id); }
    if (g.flags.lockedToThread) group.lockedToThreadCount++;
  }

  /** A record that stands for `count` goroutines without ids or states (debug=1, protobuf). */
  addCounted(stack: Stack, labels: Labels, count: number, leaked: boolean): void {
    const key = `${stack.id}||${this.labelKey(labels)}|`;
    let group = this.byKey.get(key);
    if (group === undefined) {
      group = {
        key, stack, state: null, count: 0, ids: [], waitMinutes: null, labels, createdBy: null,
        parentIds: [], leakedCount: 0, lockedToThreadCount: 0,
      };
      this.byKey.set(key, group);
      this.groups.push(group);
    }
    group.count += count;
    if (leaked) group.leakedCount += count;
    this.goroutineCount += count;
  }

  private stateKey(state: string): number {
    let k = this.stateKeys.get(state);
    if (k === undefined) { k = this.stateKeys.size; this.stateKeys.set(state, k); }
    return k;
  }

  private labelKey(labels: Labels): string {
    let k = this.labelKeys.get(labels);
    if (k === undefined) {
      k = canonicalLabels(labels);
      this.labelKeys.set(labels, k);
    }
    return k;
  }

  private creatorKey(c: CreatedBy | null): number {
    if (c === null) return -1;
    let k = this.creatorKeys.get(c);
    if (k === undefined) { k = this.creatorKeys.size; this.creatorKeys.set(c, k); }
    return k;
  }
}

/** Labels as a canonical string (keys sorted), for keys and comparisons. */
export function canonicalLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  keys.sort();
  return JSON.stringify(keys.map((k) => [k, labels[k]]));
}
