// Folds goroutines into groups as parsers produce them, so nothing per goroutine is kept but its
// id. Group key: stack + state + labels + creator + ancestor chain (two goroutines that differ
// only in arguments, wait minutes or parent id are one group; minutes become a range, parents a
// list). A race report's access is a group of its own: it is one event, not a kind of goroutine.
import type { Ancestor, CreatedBy, GoroutineGroup, GoroutineRecord, Labels, Stack } from '../model/goroutine';
import { canonicalLabels } from '../go/labels';
import type { GoroutineSink } from '../traceback/goroutineAssembler';

/** A group and what folding needs about it. */
interface GroupState {
  readonly group: GoroutineGroup;
  /** The interned ancestor chain (identity compared), or null. */
  readonly ancestors: readonly Ancestor[] | null;
  lastParent: number;
  parents: Set<number> | null;
  // Minutes counted as runs (goroutines of a group mostly follow each other with equal minutes):
  // the current run, and the counts of the runs before it.
  runMinutes: number;
  run: number;
  minutes: Map<number, number> | null;
}

export class GroupBuilder implements GoroutineSink {
  readonly groups: GoroutineGroup[] = [];
  /** Ids of goroutines printed `(leaked)`, for merging a goroutineleak dump into another dump by id. */
  readonly leakedIds: number[] = [];
  goroutineCount = 0;
  private readonly byKey = new Map<string, GroupState>();
  /** Per stack id: its groups, compared by identity of the interned state, labels and creator. */
  private readonly byStack: GroupState[][] = [];
  private readonly labelKeys = new Map<Labels, string>();
  private readonly creatorKeys = new Map<CreatedBy, number>();
  private readonly stateKeys = new Map<string, number>();
  private readonly chainKeys = new Map<readonly Ancestor[], number>();
  /** Distinct ids per ancestor of groups with ancestors, by group key. */
  private readonly ancestorIdSets = new Map<GroupState, Set<number>[]>();
  private raceGroups = 0;

  add(g: GoroutineRecord): void {
    let st: GroupState | undefined;
    const stackId = g.stack.id;
    // Never read past the array's end: V8 deoptimized on it, then took a slower path.
    const byStack = this.byStack;
    while (byStack.length <= stackId) byStack.push([]);
    const onStack = byStack[stackId]!;
    const chain = g.ancestors ?? null;
    if (g.race == null) {
      for (let i = 0; i < onStack.length; i++) {
        const c = onStack[i]!;
        const cg = c.group;
        if (cg.createdBy === g.createdBy && cg.labels === g.labels && cg.state === g.state && c.ancestors === chain) {
          st = c;
          break;
        }
      }
    }
    if (st === undefined) st = this.slowGroup(g, onStack);
    if (chain !== null && g.ancestorIds != null) this.addAncestorIds(st, g.ancestorIds);
    const group = st.group;
    group.count++;
    group.ids.push(g.id);
    this.goroutineCount++;
    // Goroutines without `N minutes` count as 0 in the range once any goroutine printed minutes.
    const m = g.waitMinutes;
    if (m !== null) {
      const w = group.waitMinutes;
      if (w === null) group.waitMinutes = [group.count > 1 ? 0 : m, m];
      else {
        if (m < w[0]) w[0] = m;
        if (m > w[1]) w[1] = m;
      }
    } else if (group.waitMinutes !== null) {
      group.waitMinutes[0] = 0;
    }
    const mm = m ?? 0;
    if (mm === st.runMinutes) st.run++;
    else {
      if (st.run > 0) endRun(st);
      st.runMinutes = mm;
      st.run = 1;
    }
    const p = g.parentId;
    if (p !== null && p !== st.lastParent) {
      // Most goroutines of a group share their parent: the set is only consulted on a change.
      st.lastParent = p;
      if (st.parents === null) st.parents = new Set();
      if (!st.parents.has(p)) {
        st.parents.add(p);
        group.parentIds.push(p);
      }
    }
    if (g.flags.leaked) {
      group.leakedCount++;
      this.leakedIds.push(g.id);
    }
    if (g.flags.lockedToThread) group.lockedToThreadCount++;
  }

  /** The input is read: every group's `minuteCounts`. */
  finish(): void {
    for (const st of this.byKey.values()) {
      if (st.run > 0) endRun(st);
      if (st.minutes !== null) st.group.minuteCounts = [...st.minutes].sort((a, b) => a[0] - b[0]);
    }
  }

  /** A record that stands for `count` goroutines without ids or states (debug=1, protobuf). */
  addCounted(stack: Stack, labels: Labels, count: number, leaked: boolean): void {
    const key = `${stack.id}||${this.labelKey(labels)}|`;
    let st = this.byKey.get(key);
    if (st === undefined) {
      st = newState(newGroup(key, stack, null, labels, null));
      this.byKey.set(key, st);
      this.groups.push(st.group);
    }
    st.group.count += count;
    if (leaked) st.group.leakedCount += count;
    this.goroutineCount += count;
  }

  private slowGroup(g: GoroutineRecord, onStack: GroupState[]): GroupState {
    const chain = g.ancestors ?? null;
    let key = `${g.stack.id}|${this.stateKey(g.state)}|${this.labelKey(g.labels)}|${this.creatorKey(g.createdBy)}`;
    if (chain !== null) key += `|a${this.chainKey(chain)}`;
    if (g.race != null) key += `|race${this.raceGroups++}`;
    let st = this.byKey.get(key);
    if (st === undefined) {
      const group = newGroup(key, g.stack, g.state, g.labels, g.createdBy);
      if (chain !== null) {
        Object.assign(group, { ancestors: chain, ancestorIds: chain.map(() => []) });
      }
      if (g.race != null) Object.assign(group, { race: g.race });
      st = newState(group, chain);
      this.byKey.set(key, st);
      this.groups.push(st.group);
    }
    // Equal content under other objects (`{route: x}` and `{route: "x"}`) joins the same group;
    // a race access never does (its key is its own).
    if (g.race == null) onStack.push(st);
    return st;
  }

  private chainKey(chain: readonly Ancestor[]): number {
    let k = this.chainKeys.get(chain);
    if (k === undefined) {
      k = this.chainKeys.size;
      this.chainKeys.set(chain, k);
    }
    return k;
  }

  /** The ancestors' ids of one more goroutine, each list kept distinct and bounded. */
  private addAncestorIds(st: GroupState, ids: readonly number[]): void {
    const lists = st.group.ancestorIds as number[][] | undefined;
    if (lists === undefined) return;
    let sets = this.ancestorIdSets.get(st);
    if (sets === undefined) {
      sets = lists.map(() => new Set<number>());
      this.ancestorIdSets.set(st, sets);
    }
    for (let i = 0; i < ids.length && i < lists.length; i++) {
      const id = ids[i]!;
      if (sets[i]!.has(id) || lists[i]!.length >= MAX_ANCESTOR_IDS) continue;
      sets[i]!.add(id);
      lists[i]!.push(id);
    }
  }

  private stateKey(state: string): number {
    let k = this.stateKeys.get(state);
    if (k === undefined) {
      k = this.stateKeys.size;
      this.stateKeys.set(state, k);
    }
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
    if (k === undefined) {
      k = this.creatorKeys.size;
      this.creatorKeys.set(c, k);
    }
    return k;
  }
}

function newGroup(
  key: string,
  stack: Stack,
  state: string | null,
  labels: Labels,
  createdBy: CreatedBy | null,
): GoroutineGroup {
  return {
    key,
    stack,
    state,
    count: 0,
    ids: [],
    waitMinutes: null,
    minuteCounts: [],
    labels,
    createdBy,
    parentIds: [],
    leakedCount: 0,
    lockedToThreadCount: 0,
  };
}

function newState(group: GoroutineGroup, ancestors: readonly Ancestor[] | null = null): GroupState {
  return { group, ancestors, lastParent: -1, parents: null, runMinutes: -1, run: 0, minutes: null };
}

/** Ancestor ids kept per ancestor of a group: enough to name them, bounded for a 100k group. */
const MAX_ANCESTOR_IDS = 100;

function endRun(st: GroupState): void {
  st.minutes ??= new Map();
  st.minutes.set(st.runMinutes, (st.minutes.get(st.runMinutes) ?? 0) + st.run);
  st.run = 0;
}
