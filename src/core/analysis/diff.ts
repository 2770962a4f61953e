// Two moments of the same process compared group by group: which stacks grew, shrank, appeared
// or disappeared. A group that keeps growing is parked goroutines piling up: evidence of a leak.
import type { GoroutineGroup, GoroutineSnapshot, Labels } from '../model/goroutine';
import { stackSignature } from './stackSignature';
import { classifyWait } from './waitClassification';
import { baseName } from '../go/filePaths';

export type GroupChange = 'grew' | 'shrank' | 'appeared' | 'gone' | 'same';

export interface GroupDiff {
  /** Identity across snapshots (frames' functions and lines, creator, labels). */
  readonly signature: string;
  /** Where the group waits: `main.(*shop).slowSelect (main.go:61)`. */
  readonly site: string;
  readonly labels: Labels;
  /** Wait states seen in either snapshot (`select`, `chan send`), or null for inputs without states. */
  readonly states: readonly string[];
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  readonly change: GroupChange;
  /** The groups of each side (one stack can be several groups when states differ). */
  readonly beforeGroups: readonly GoroutineGroup[];
  readonly afterGroups: readonly GoroutineGroup[];
}

export interface SnapshotDiff {
  readonly beforeTotal: number;
  readonly afterTotal: number;
  /** Largest growth first, then appeared, same, shrank, gone. */
  readonly groups: readonly GroupDiff[];
}

export function diffSnapshots(before: GoroutineSnapshot, after: GoroutineSnapshot): SnapshotDiff {
  const sides = new Map<string, { b: GoroutineGroup[]; a: GoroutineGroup[] }>();
  const add = (g: GoroutineGroup, side: 'b' | 'a') => {
    const k = stackSignature(g);
    let e = sides.get(k);
    if (!e) {
      e = { b: [], a: [] };
      sides.set(k, e);
    }
    e[side].push(g);
  };
  for (const g of before.groups) add(g, 'b');
  for (const g of after.groups) add(g, 'a');

  const groups: GroupDiff[] = [];
  for (const [signature, { b, a }] of sides) {
    const nb = b.reduce((n, g) => n + g.count, 0);
    const na = a.reduce((n, g) => n + g.count, 0);
    const any = (a[0] ?? b[0])!;
    const states = [...new Set([...b, ...a].map((g) => g.state).filter((s): s is string => s !== null))];
    groups.push({
      signature,
      site: siteOf(any),
      labels: any.labels,
      states,
      before: nb,
      after: na,
      delta: na - nb,
      change: nb === 0 ? 'appeared' : na === 0 ? 'gone' : na > nb ? 'grew' : na < nb ? 'shrank' : 'same',
      beforeGroups: b,
      afterGroups: a,
    });
  }
  const rank: Record<GroupChange, number> = { grew: 0, appeared: 1, same: 2, shrank: 3, gone: 4 };
  groups.sort((x, y) => rank[x.change] - rank[y.change] || y.delta - x.delta || y.after - x.after);
  return { beforeTotal: before.goroutineCount, afterTotal: after.goroutineCount, groups };
}

function siteOf(g: GoroutineGroup): string {
  const i = classifyWait(g.state, g.stack.frames).blockingFrame;
  const f = i === null ? g.stack.frames[0] : g.stack.frames[i];
  return f ? `${f.function} (${baseName(f.file)}:${f.line})` : '(no frames)';
}
