// Where each frame of a flame graph goes for one sample type and zoom: pure arithmetic over the
// view model's depth-first arrays, shared by the canvas painter, hit testing and keyboard moves.
// Only frames at least MIN_PX wide are laid out (a whole subtree is skipped at once), so the
// work follows what is visible, not how many nodes the profile has.
import type { FlameView } from '../src/core/present/flameDiff';

/** Frames narrower than this are not drawn; nor is anything beneath them. */
export const MIN_PX = 0.5;

export interface FlameColumns {
  /** Width weight of each node: its value, or in a comparison before + after. */
  readonly weight: Float64Array;
  /** Left edge of each node in weight units from the root's left edge. */
  readonly x: Float64Array;
  readonly parent: Int32Array;
}

/** Weights and left edges for sample type `t` (children in the order the model has them). */
export function flameColumns(v: FlameView, t: number): FlameColumns {
  const n = v.name.length;
  const types = v.sampleTypes.length;
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.abs(v.values[i * types + t]!);
    weight[i] = v.base ? a + Math.abs(v.base[i * types + t]!) : a;
  }
  const x = new Float64Array(n);
  const next = new Float64Array(n);
  const parent = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    while (stack.length > 0 && v.depth[stack[stack.length - 1]!]! >= v.depth[i]!) stack.pop();
    const p = stack.length > 0 ? stack[stack.length - 1]! : -1;
    parent[i] = p;
    if (p >= 0) {
      x[i] = next[p]!;
      next[p]! += weight[i]!;
    }
    next[i] = x[i]!;
    stack.push(i);
  }
  return { weight, x, parent };
}

export interface FlameRect {
  readonly node: number;
  /** Row from the top (0: the root). */
  readonly row: number;
  readonly x0: number;
  readonly x1: number;
}

/**
 * The frames to draw at `width` pixels with node `zoom` filling the width: its ancestors full
 * width above it, its subtree below, narrow subtrees left out. Preorder, so a parent precedes
 * its children.
 */
export function layoutFlame(v: FlameView, cols: FlameColumns, zoom: number, width: number): FlameRect[] {
  const out: FlameRect[] = [];
  const ancestors: number[] = [];
  for (let a = cols.parent[zoom]!; a >= 0; a = cols.parent[a]!) ancestors.push(a);
  ancestors.reverse();
  for (const a of ancestors) out.push({ node: a, row: v.depth[a]!, x0: 0, x1: width });
  const span = cols.weight[zoom]!;
  if (span <= 0) return out;
  const scale = width / span;
  const origin = cols.x[zoom]!;
  for (let i = zoom; i < v.end[zoom]!;) {
    const w = cols.weight[i]! * scale;
    if (w < MIN_PX) {
      i = v.end[i]!;
      continue;
    }
    const x0 = (cols.x[i]! - origin) * scale;
    out.push({ node: i, row: v.depth[i]!, x0, x1: x0 + w });
    i++;
  }
  return out;
}

/** The laid-out frame under a point, or -1. */
export function hitTest(rects: readonly FlameRect[], row: number, x: number): number {
  for (const r of rects) if (r.row === row && x >= r.x0 && x < r.x1) return r.node;
  return -1;
}

/**
 * Keyboard moves over what is laid out: up to the parent, down to the widest child, left and
 * right to the neighbour in the same row.
 */
export function moveSelection(
  rects: readonly FlameRect[],
  cols: FlameColumns,
  from: number,
  key: 'up' | 'down' | 'left' | 'right',
): number {
  const here = rects.find((r) => r.node === from);
  if (!here) return rects[0]?.node ?? -1;
  if (key === 'up') return cols.parent[from]! >= 0 ? cols.parent[from]! : from;
  if (key === 'down') {
    let best = -1;
    for (const r of rects) {
      if (cols.parent[r.node] === from && (best < 0 || cols.weight[r.node]! > cols.weight[best]!)) best = r.node;
    }
    return best >= 0 ? best : from;
  }
  const row = rects.filter((r) => r.row === here.row).sort((a, b) => a.x0 - b.x0);
  const at = row.findIndex((r) => r.node === from);
  const next = row[key === 'left' ? at - 1 : at + 1];
  return next ? next.node : from;
}
