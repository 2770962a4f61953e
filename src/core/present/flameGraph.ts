// The flame graph of a profile: every sample's stack from the root (outermost frame) down, frames
// at pprof's function granularity (an inlined call is a frame of its own), a node per distinct
// path, as wide as the samples through it, every sample type at once. Built in one pass over the
// samples in a trie whose single-sample paths stay implicit (a node keeps "the rest of sample s"
// until a second sample goes that way), so 300k samples with stacks of their own cost a node per
// branching, not per frame. What is sent on keeps the nodes holding at least `minShare` of some
// sample type's total: a narrower frame is under a pixel until zoomed in a thousand times, and
// the top table still has every function exactly.
import type { ProfileTables, SampleCursor } from '../profile/profileTables';
import { functionNodes } from '../analysis/top';

export interface FlameModel {
  /** Function names, indexed by `name`. */
  readonly names: readonly string[];
  /** Source files, indexed by `file`. */
  readonly files: readonly string[];
  readonly sampleTypes: readonly { readonly type: string; readonly unit: string }[];
  /**
   * Nodes in depth-first order, children by name; node 0 is the root (name -1). Node i's
   * subtree is i .. end[i]-1.
   */
  readonly name: readonly number[];
  readonly depth: readonly number[];
  readonly end: readonly number[];
  /** Where the frame is: the file (index, -1 unknown) and line of the first sample that reached it. */
  readonly file: readonly number[];
  readonly line: readonly number[];
  /** values[node * sampleTypes.length + t]. */
  readonly values: readonly number[];
  /** Nodes under this share of every sample type's total were left out. */
  readonly minShare: number;
}

export interface FlameOptions {
  /** Leave out nodes under this share of every sample type's total; default 1/20000. */
  readonly minShare?: number;
}

export const DEFAULT_MIN_SHARE = 1 / 20000;

/**
 * Growable typed columns of the trie. Values are kept per node as "self" (the samples that stop
 * there, or whose single path continues implicitly below it); the export adds them up the tree.
 */
class Trie {
  size = 0;
  fn = new Int32Array(1024);
  parent = new Int32Array(1024);
  /** Index into the frame tables of the frame that made the node (file and line). */
  frame = new Int32Array(1024);
  firstChild = new Int32Array(1024);
  nextSibling = new Int32Array(1024);
  /** The sample whose path continues implicitly below this node, or -1; and its position. */
  tailSample = new Int32Array(1024);
  tailPos = new Int32Array(1024);
  childCount = new Int32Array(1024);
  /** Set for nodes whose children are also in `wide` (a linear scan past a few is slow). */
  isWide = new Uint8Array(1024);
  self: Float64Array;
  readonly wide = new Map<number, Map<number, number>>();

  constructor(readonly types: number) {
    this.self = new Float64Array(1024 * types);
  }

  add(fn: number, frame: number, parent: number): number {
    if (this.size === this.fn.length) this.grow();
    const n = this.size++;
    this.fn[n] = fn;
    this.parent[n] = parent;
    this.frame[n] = frame;
    this.firstChild[n] = -1;
    this.nextSibling[n] = -1;
    this.tailSample[n] = -1;
    if (parent < 0) return n;
    this.nextSibling[n] = this.firstChild[parent]!;
    this.firstChild[parent] = n;
    const c = ++this.childCount[parent]!;
    if (this.isWide[parent] === 1) this.wide.get(parent)!.set(fn, n);
    else if (c > 8) {
      const m = new Map<number, number>();
      for (let k = this.firstChild[parent]!; k >= 0; k = this.nextSibling[k]!) m.set(this.fn[k]!, k);
      this.wide.set(parent, m);
      this.isWide[parent] = 1;
    }
    return n;
  }

  child(parent: number, fn: number): number {
    if (this.isWide[parent] === 1) return this.wide.get(parent)!.get(fn) ?? -1;
    const first = this.firstChild,
      next = this.nextSibling,
      fns = this.fn;
    for (let k = first[parent]!; k >= 0; k = next[k]!) if (fns[k] === fn) return k;
    return -1;
  }

  addSelf(n: number, w: Float64Array, sign: number): void {
    const t = this.types;
    for (let i = 0; i < t; i++) this.self[n * t + i]! += sign * w[i]!;
  }

  private grow(): void {
    const cap = this.fn.length * 2;
    const int = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.fn = int(this.fn);
    this.parent = int(this.parent);
    this.frame = int(this.frame);
    this.firstChild = int(this.firstChild);
    this.nextSibling = int(this.nextSibling);
    this.tailSample = int(this.tailSample);
    this.tailPos = int(this.tailPos);
    this.childCount = int(this.childCount);
    const wide = new Uint8Array(cap);
    wide.set(this.isWide);
    this.isWide = wide;
    const v = new Float64Array(cap * this.types);
    v.set(this.self);
    this.self = v;
  }

  /** Inclusive values: a child is always added after its parent, so one backward pass sums them. */
  inclusive(): Float64Array {
    const t = this.types;
    const total = this.self.slice(0, this.size * t);
    for (let n = this.size - 1; n > 0; n--) {
      const p = this.parent[n]!;
      for (let i = 0; i < t; i++) total[p * t + i]! += total[n * t + i]!;
    }
    return total;
  }
}

/** A sample's frames from the root: function node and frame-table index of each. */
class Path {
  fn = new Int32Array(256);
  frame = new Int32Array(256);
  length = 0;
  sample = -1;
  readonly values: Float64Array;

  constructor(types: number) {
    this.values = new Float64Array(types);
  }

  load(cursor: SampleCursor, s: number, locStart: Int32Array, locNodes: Int32Array): void {
    cursor.read(s);
    this.sample = s;
    let n = 0;
    const locs = cursor.locations;
    for (let i = cursor.depth - 1; i >= 0; i--) {
      const loc = locs[i]!;
      const from = locStart[loc]!;
      for (let k = locStart[loc + 1]! - 1; k >= from; k--) {
        if (n === this.fn.length) this.grow();
        this.fn[n] = locNodes[k]!;
        this.frame[n] = k;
        n++;
      }
    }
    this.length = n;
    for (let t = 0; t < this.values.length; t++) this.values[t] = cursor.values[t]!;
  }

  private grow(): void {
    const f = new Int32Array(this.fn.length * 2);
    f.set(this.fn);
    this.fn = f;
    const g = new Int32Array(this.frame.length * 2);
    g.set(this.frame);
    this.frame = g;
  }
}

export function buildFlameGraph(tables: ProfileTables, options: FlameOptions = {}): FlameModel {
  const minShare = options.minShare ?? DEFAULT_MIN_SHARE;
  const { sampleTypes, locations } = tables.header;
  const types = sampleTypes.length;
  const nodes = functionNodes(tables, { dropFrames: '', keepFrames: '' });
  const { locStart, locNodes } = nodes;
  // File and line of each (location, line) pair, aligned with locNodes (innermost line first).
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const frameFile = new Int32Array(locNodes.length).fill(-1);
  const frameLine = new Int32Array(locNodes.length);
  locations.forEach((loc, i) => {
    loc.lines.forEach((l, j) => {
      const k = locStart[i]! + j;
      if (k >= locStart[i + 1]!) return;
      const f = l.function.filename;
      if (f !== '') {
        let x = fileIndex.get(f);
        if (x === undefined) {
          x = files.length;
          files.push(f);
          fileIndex.set(f, x);
        }
        frameFile[k] = x;
      }
      frameLine[k] = l.line;
    });
  });

  const trie = new Trie(types);
  const root = trie.add(-1, -1, -1);
  const cur = new Path(types);
  const tail = new Path(types);
  const cursor = tables.cursor();
  const tailCursor = tables.cursor();
  const totals = new Float64Array(types);
  for (let s = 0; s < cursor.count; s++) {
    cur.load(cursor, s, locStart, locNodes);
    let any = false;
    for (let t = 0; t < types; t++) {
      totals[t]! += Math.abs(cur.values[t]!);
      if (cur.values[t] !== 0) any = true;
    }
    if (!any) continue;
    let node = root;
    let pos = 0;
    for (; pos < cur.length; pos++) {
      // The node's single sample so far continues below it: give that continuation a node first.
      const ts = trie.tailSample[node]!;
      if (ts >= 0) {
        if (tail.sample !== ts) tail.load(tailCursor, ts, locStart, locNodes);
        const p = trie.tailPos[node]! + 1;
        trie.tailSample[node] = -1;
        if (p < tail.length) {
          const c = trie.add(tail.fn[p]!, tail.frame[p]!, node);
          trie.addSelf(node, tail.values, -1);
          trie.addSelf(c, tail.values, 1);
          trie.tailSample[c] = ts;
          trie.tailPos[c] = p;
        }
      }
      const next = trie.child(node, cur.fn[pos]!);
      if (next < 0) {
        const c = trie.add(cur.fn[pos]!, cur.frame[pos]!, node);
        trie.tailSample[c] = s;
        trie.tailPos[c] = pos;
        node = c;
        break;
      }
      node = next;
    }
    trie.addSelf(node, cur.values, 1);
  }
  return exportFlame(
    trie,
    { names: nodes.names, files, frameFile, frameLine, totals, minShare, sampleTypes, locStart, locNodes },
    tables,
  );
}

interface ExportContext {
  readonly names: readonly string[];
  readonly files: readonly string[];
  readonly frameFile: Int32Array;
  readonly frameLine: Int32Array;
  readonly totals: Float64Array;
  readonly minShare: number;
  readonly sampleTypes: FlameModel['sampleTypes'];
  readonly locStart: Int32Array;
  readonly locNodes: Int32Array;
}

function exportFlame(trie: Trie, ctx: ExportContext, tables: ProfileTables): FlameModel {
  const types = ctx.sampleTypes.length;
  const values = trie.inclusive();
  const cutoff = Array.from(ctx.totals, (t) => t * ctx.minShare);
  const keep = (v: ArrayLike<number>, at: number) => {
    for (let t = 0; t < types; t++) if (Math.abs(v[at + t]!) >= cutoff[t]! && v[at + t] !== 0) return true;
    return false;
  };
  const out = {
    name: [] as number[],
    depth: [] as number[],
    end: [] as number[],
    file: [] as number[],
    line: [] as number[],
    values: [] as number[],
  };
  const emit = (fn: number, frame: number, depth: number, v: ArrayLike<number>, at: number): number => {
    const i = out.name.length;
    out.name.push(fn);
    out.depth.push(depth);
    out.end.push(i + 1);
    out.file.push(frame >= 0 ? ctx.frameFile[frame]! : -1);
    out.line.push(frame >= 0 ? ctx.frameLine[frame]! : 0);
    for (let t = 0; t < types; t++) out.values.push(v[at + t]!);
    return i;
  };
  const tail = new Path(types);
  const tailCursor = tables.cursor();
  const byName = (a: number, b: number) => {
    const x = ctx.names[trie.fn[a]!]!;
    const y = ctx.names[trie.fn[b]!]!;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  // Iterative depth-first walk: stacks can be hundreds of frames deep.
  const stack: { node: number; depth: number; index: number }[] = [];
  const visit = (node: number, depth: number) => {
    const index = emit(trie.fn[node]!, trie.frame[node]!, depth, values, node * types);
    stack.push({ node, depth, index });
  };
  visit(0, 0);
  const pending: number[][] = [];
  const childrenOf = (node: number) => {
    const kids: number[] = [];
    for (let k = trie.firstChild[node]!; k >= 0; k = trie.nextSibling[k]!) if (keep(values, k * types)) kids.push(k);
    return kids.sort(byName).reverse();
  };
  pending.push(childrenOf(0));
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const kids = pending[pending.length - 1]!;
    if (kids.length > 0) {
      const k = kids.pop()!;
      visit(k, top.depth + 1);
      pending.push(childrenOf(k));
      continue;
    }
    // Done with the node's children: its implicit single-sample path, then close it.
    const ts = trie.tailSample[top.node]!;
    if (ts >= 0) {
      tail.load(tailCursor, ts, ctx.locStart, ctx.locNodes);
      if (keep(tail.values, 0)) {
        const from = out.name.length;
        const pos0 = trie.tailPos[top.node]! + 1;
        for (let p = pos0; p < tail.length; p++) {
          emit(tail.fn[p]!, tail.frame[p]!, top.depth + (p - pos0) + 1, tail.values, 0);
        }
        // Each implicit node's subtree runs to the end of the chain.
        for (let i = from; i < out.name.length; i++) out.end[i] = out.name.length;
      }
    }
    out.end[top.index] = out.name.length;
    stack.pop();
    pending.pop();
  }
  return {
    names: ctx.names,
    files: ctx.files,
    sampleTypes: ctx.sampleTypes.map((t) => ({ type: t.type, unit: t.unit })),
    ...out,
    minShare: ctx.minShare,
  };
}
