// The icicle of the summary page: where goroutines park, outermost frame at the top, one cell per
// function on the way, as wide as its goroutines. Small cells merge so 100k goroutines stay a small message.
import type { AnalyzedGroup } from '../analysis/verdict';
import { isRuntimeFunction, packageOf } from '../go/functionNames';

const MAX_DEPTH = 48;
/** Cells below this share of all goroutines are merged: the message stays small at 100k goroutines. */
const MIN_SHARE = 0.002;

/** One cell of the icicle: outermost frames at the top, where goroutines park at the bottom. */
export interface IcicleNode {
  readonly name: string;
  readonly value: number;
  /** Goroutines of suspect groups under this node. */
  readonly suspect: number;
  readonly children: readonly IcicleNode[];
  /** Set on a cell that ends one group's stack: clicking it opens that group (the largest, when several end there). */
  readonly groupKey: string | null;
}

interface MutableNode {
  name: string;
  value: number;
  suspect: number;
  children: Map<string, MutableNode>;
  terminal: AnalyzedGroup | null;
}

function parkedPath(g: AnalyzedGroup): string[] {
  const frames = g.group.stack.frames;
  // The runtime's own parking frames (gopark, selectgo, chanrecv) are the same everywhere: start
  // at the first frame that says what the goroutine is waiting in.
  let inner = 0;
  while (inner < frames.length - 1) {
    const fn = frames[inner]!.function;
    if (!isRuntimeFunction(fn) && !packageOf(fn).startsWith('internal/')) break;
    inner++;
  }
  return frames
    .slice(inner)
    .map((f) => f.function)
    .reverse();
}

function freeze(n: MutableNode, total: number, depth: number): IcicleNode {
  const kids = [...n.children.values()].sort((a, b) => b.value - a.value);
  const kept: IcicleNode[] = [];
  let otherValue = 0,
    otherSuspect = 0;
  for (const c of kids) {
    if (depth < MAX_DEPTH && c.value >= total * MIN_SHARE) kept.push(freeze(c, total, depth + 1));
    else {
      otherValue += c.value;
      otherSuspect += c.suspect;
    }
  }
  if (otherValue > 0)
    kept.push({ name: '(smaller stacks)', value: otherValue, suspect: otherSuspect, children: [], groupKey: null });
  return { name: n.name, value: n.value, suspect: n.suspect, children: kept, groupKey: n.terminal?.group.key ?? null };
}

export function buildIcicle(groups: readonly AnalyzedGroup[]): IcicleNode {
  const root: MutableNode = { name: 'all goroutines', value: 0, suspect: 0, children: new Map(), terminal: null };
  for (const g of groups) {
    const n = g.group.count,
      s = g.verdict.suspect ? n : 0;
    root.value += n;
    root.suspect += s;
    let cur = root;
    for (const fn of parkedPath(g).slice(0, MAX_DEPTH)) {
      let next = cur.children.get(fn);
      if (!next) {
        next = { name: fn, value: 0, suspect: 0, children: new Map(), terminal: null };
        cur.children.set(fn, next);
      }
      next.value += n;
      next.suspect += s;
      cur = next;
    }
    if (!cur.terminal || cur.terminal.group.count < n) cur.terminal = g;
  }
  return freeze(root, Math.max(root.value, 1), 0);
}
