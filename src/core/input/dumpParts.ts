// A debug=2 dump parsed in consecutive parts (byte ranges cut at goroutine boundaries, one per
// core) and joined back: stacks are re-interned by their frames' text, groups by the same key
// as a single parse, ids stay in input order, warnings get their line numbers back.
import type { DecodeWarning, GoroutineGroup, Stack } from '../model/goroutine';
import { Debug2Parser } from '../traceback/debug2Parser';
import { StackTable } from '../traceback/stackTable';
import { canonicalLabels } from '../go/labels';
import { GroupBuilder, joinMinuteCounts } from './groupBuilder';
import type { ParsedInput } from './parseInput';

/** One part's result: plain data, so it can cross a worker boundary by structured clone. */
export interface DumpPart {
  readonly groups: GoroutineGroup[];
  readonly stacks: readonly Stack[];
  readonly warnings: DecodeWarning[];
  readonly leakedIds: readonly number[];
  readonly isLeakProfile: boolean;
  readonly lines: number;
}

export interface DumpPartParser {
  push(chunk: Uint8Array): void;
  finish(): DumpPart;
}

export function parseDumpPart(name: string): DumpPartParser {
  const table = new StackTable();
  const builder = new GroupBuilder();
  const parser = new Debug2Parser(table, builder, name);
  return {
    push: (c) => parser.push(c),
    finish: () => {
      const s = parser.finish();
      builder.finish();
      return {
        groups: builder.groups,
        stacks: table.stacks,
        warnings: s.warnings,
        leakedIds: builder.leakedIds,
        isLeakProfile: s.isLeakProfile,
        lines: s.lines,
      };
    },
  };
}

/** The parts of one input, in input order, as if it had been parsed in one go. */
export function joinDumpParts(name: string, parts: readonly DumpPart[]): ParsedInput {
  const table = new StackTable();
  const byKey = new Map<string, { g: GoroutineGroup; parents: Set<number>; counted: number }>();
  const groups: GoroutineGroup[] = [];
  const warnings: DecodeWarning[] = [];
  const leakedIds: number[] = [];
  let lineOffset = 0;
  let isLeakProfile = false;
  for (const part of parts) {
    const stackMap = new Map<number, Stack>();
    for (const st of part.stacks) {
      const frames = st.frames.map((f) => table.frame(f.function, f.file, f.line, f.inlined));
      stackMap.set(st.id, table.stack(frames, frames.length, st.elidedFrames, st.truncated));
    }
    for (const g of part.groups) {
      const stack = stackMap.get(g.stack.id)!;
      const creator = g.createdBy === null ? '' : `${g.createdBy.function}\n${g.createdBy.file}\n${g.createdBy.line}`;
      const key = `${stack.id}|${g.state}|${canonicalLabels(g.labels)}|${creator}`;
      let e = byKey.get(key);
      if (e === undefined) {
        const ng: GoroutineGroup = {
          key,
          stack,
          state: g.state,
          count: 0,
          ids: [],
          waitMinutes: null,
          minuteCounts: [],
          labels: g.labels,
          createdBy: g.createdBy,
          parentIds: [],
          leakedCount: 0,
          lockedToThreadCount: 0,
        };
        e = { g: ng, parents: new Set(), counted: 0 };
        byKey.set(key, e);
        groups.push(ng);
      }
      const t = e.g;
      t.waitMinutes = joinMinutes(t.waitMinutes, t.count, g.waitMinutes, g.count);
      t.minuteCounts = joinMinuteCounts(t.minuteCounts, g.minuteCounts);
      t.count += g.count;
      for (const id of g.ids) t.ids.push(id);
      for (const p of g.parentIds)
        if (!e.parents.has(p)) {
          e.parents.add(p);
          t.parentIds.push(p);
        }
      t.leakedCount += g.leakedCount;
      t.lockedToThreadCount += g.lockedToThreadCount;
    }
    for (const w of part.warnings) warnings.push(w.line === undefined ? w : { ...w, line: w.line + lineOffset });
    for (const id of part.leakedIds) leakedIds.push(id);
    isLeakProfile ||= part.isLeakProfile;
    lineOffset += part.lines;
  }
  return {
    name,
    kind: 'debug2',
    leakProfile: isLeakProfile,
    groups,
    stacks: table.stacks,
    goroutineCount: groups.reduce((n, g) => n + g.count, 0),
    warnings,
    leakedIds,
    depths: new Map(),
  };
}

/** Minutes ranges of two sets of goroutines; goroutines without minutes count as 0 (see GroupBuilder). */
function joinMinutes(
  a: [number, number] | null,
  aCount: number,
  b: [number, number] | null,
  bCount: number,
): [number, number] | null {
  if (a === null && b === null) return null;
  if (aCount === 0) return b === null ? null : [b[0], b[1]];
  const lo = Math.min(a === null ? 0 : a[0], b === null ? (bCount > 0 ? 0 : Infinity) : b[0]);
  const hi = Math.max(a === null ? 0 : a[1], b === null ? 0 : b[1]);
  return [lo, hi];
}
