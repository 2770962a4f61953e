// Two flame graphs of the same process merged path by path for Compare: every node holds its
// value in the later profile (`values`) and in the earlier one (`base`). The page draws a node as
// wide as both together (so what was freed stays visible and children always fit in their
// parent) and colours it by the change. Paths only one side kept (each side leaves out its own
// nodes under FlameModel.minShare) read as 0 on the other side.
import type { FlameModel } from './flameGraph';

/** A flame graph as a page draws it; `base` is set in a comparison. */
export interface FlameView extends FlameModel {
  readonly base: readonly number[] | null;
}

export function flameView(model: FlameModel): FlameView {
  return { ...model, base: null };
}

export function flameDiff(after: FlameModel, before: FlameModel): FlameView {
  const types = after.sampleTypes.length;
  const bt = before.sampleTypes.length;
  // Sample type t of `after` is column beforeCol[t] of `before` (-1: not there).
  const beforeCol = after.sampleTypes.map((t) => before.sampleTypes.findIndex((x) => x.type === t.type));
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const intern = (table: string[], index: Map<string, number>, s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = table.length;
      table.push(s);
      index.set(s, i);
    }
    return i;
  };
  const out = {
    name: [] as number[],
    depth: [] as number[],
    end: [] as number[],
    file: [] as number[],
    line: [] as number[],
    values: [] as number[],
    base: [] as number[],
  };
  const nameOf = (m: FlameModel, i: number) => (i === 0 ? '' : m.names[m.name[i]!]!);
  const children = (m: FlameModel, i: number): number[] => {
    const c: number[] = [];
    for (let k = i + 1; k < m.end[i]!; k = m.end[k]!) c.push(k);
    return c;
  };
  const visit = (a: number, b: number, depth: number): void => {
    const index = out.name.length;
    const named = a >= 0 ? nameOf(after, a) : nameOf(before, b);
    out.name.push(depth === 0 ? -1 : intern(names, nameIndex, named));
    out.depth.push(depth);
    out.end.push(0);
    const from = a >= 0 && after.file[a]! >= 0 ? after : b >= 0 && before.file[b]! >= 0 ? before : null;
    const at = from === after ? a : b;
    out.file.push(from ? intern(files, fileIndex, from.files[from.file[at]!]!) : -1);
    out.line.push(from ? from.line[at]! : 0);
    for (let t = 0; t < types; t++) {
      out.values.push(a >= 0 ? after.values[a * types + t]! : 0);
      const col = beforeCol[t]!;
      out.base.push(b >= 0 && col >= 0 ? before.values[b * bt + col]! : 0);
    }
    const ka = a >= 0 ? children(after, a) : [];
    const kb = b >= 0 ? children(before, b) : [];
    let i = 0;
    let j = 0;
    while (i < ka.length || j < kb.length) {
      const x = i < ka.length ? nameOf(after, ka[i]!) : null;
      const y = j < kb.length ? nameOf(before, kb[j]!) : null;
      if (y === null || (x !== null && x < y)) visit(ka[i++]!, -1, depth + 1);
      else if (x === null || y < x) visit(-1, kb[j++]!, depth + 1);
      else visit(ka[i++]!, kb[j++]!, depth + 1);
    }
    out.end[index] = out.name.length;
  };
  visit(0, 0, 0);
  return {
    names,
    files,
    sampleTypes: after.sampleTypes,
    minShare: Math.max(after.minShare, before.minShare),
    ...out,
  };
}
