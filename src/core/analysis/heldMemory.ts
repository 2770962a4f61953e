// The memory a suspect group holds, from a heap profile of the same moment. A parked goroutine
// keeps alive what its own function allocated and still references; a goroutine a request
// started also keeps what its handler allocated and handed to it, and a handler parked itself
// keeps what it allocated before parking. The heap profile's in-use samples record where each
// live object was allocated (its allocation stack), so the group's share is the in-use bytes and
// objects of the stacks that pass through the group's goroutine function, or through its handler
// for goroutines of a request. That is an attribution, not a reachability proof (an object
// allocated there may be held by someone else, e.g. a cache), which the views say with "≈".
// The goroutines' own stacks are not in the heap profile: they are estimated from the depth of
// the group's stack and stated as an estimate.
import type { GoroutineGroup } from '../model/goroutine';
import type { Profile } from '../model/profile';
import { tablesOf, type ProfileTables } from '../profile/profileTables';
import { functionNodes } from './top';
import type { AnalysisResult, AnalyzedGroup } from './verdict';

export interface HeldMemory {
  /** In-use bytes allocated through `through` (the heap profile's own estimate when it is sampled). */
  readonly bytes: number;
  readonly objects: number;
  /** The functions the allocation stacks were matched on: the goroutine's function and/or its handler. */
  readonly through: readonly string[];
  /** Estimated bytes of the group's goroutine stacks (not in the heap profile). */
  readonly stackEstimate: number;
  /** Other suspect groups matched on one of the same functions: the same bytes count for each. */
  readonly sharedWith: number;
}

export interface HeldMemoryReport {
  /** Suspect groups by key; a group whose goroutine function is unknown (a cut stack) and that has no handler is missing. */
  readonly byGroup: ReadonlyMap<string, HeldMemory>;
  /** Bytes and objects held by all suspect groups together, each allocation counted once. */
  readonly bytes: number;
  readonly objects: number;
  readonly stackEstimate: number;
}

/** The runtime's starting goroutine stack (Go 1.4+: 2 KiB); it doubles each time it runs out. */
const STARTING_STACK = 2048;
/**
 * Bytes a frame of parked code takes on average (locals, arguments, return address), for the
 * estimate: measured on test/go/heldmem (runtime.MemStats.StackInuse per parked goroutine, 2-4 KiB
 * for stacks of 2-10 frames). A deep or frame-heavy stack is underestimated.
 */
const FRAME_BYTES = 256;

/** A goroutine's stack estimated from its depth: the runtime's doubling from 2 KiB. */
export function estimatedStackBytes(frames: number): number {
  let size = STARTING_STACK;
  while (size < frames * FRAME_BYTES) size *= 2;
  return size;
}

/**
 * Held memory of every suspect group of `result`; null when the heap profile has no in-use
 * sample types (a profile of something else).
 */
export function heldMemory(result: AnalysisResult, heap: Profile | ProfileTables): HeldMemoryReport | null {
  const tables = 'cursor' in heap ? heap : tablesOf(heap);
  const types = tables.header.sampleTypes.map((t) => t.type);
  const spaceIndex = types.indexOf('inuse_space');
  const objectsIndex = types.indexOf('inuse_objects');
  if (spaceIndex < 0 || objectsIndex < 0) return null;

  const groups: { g: AnalyzedGroup; through: string[] }[] = [];
  for (const g of result.groups) {
    if (!g.verdict.suspect) continue;
    const through = anchorsOf(g);
    if (through.length > 0) groups.push({ g, through });
  }
  const nodes = functionNodes(tables, { dropFrames: '', keepFrames: '' });
  const nodeOf = new Map<string, number>();
  nodes.names.forEach((name, n) => {
    if (!nodeOf.has(name)) nodeOf.set(name, n);
  });
  // Which groups each function node stands for.
  const groupsOfNode = new Map<number, number[]>();
  const byFunction = new Map<string, number[]>();
  groups.forEach(({ through }, k) => {
    for (const fn of through) {
      byFunction.set(fn, [...(byFunction.get(fn) ?? []), k]);
      const n = nodeOf.get(fn);
      if (n !== undefined) groupsOfNode.set(n, [...(groupsOfNode.get(n) ?? []), k]);
    }
  });

  const bytes = new Float64Array(groups.length);
  const objects = new Float64Array(groups.length);
  const lastSample = new Int32Array(groups.length).fill(-1);
  let totalBytes = 0;
  let totalObjects = 0;
  const { locStart, locNodes } = nodes;
  const cursor = tables.cursor();
  if (groupsOfNode.size > 0) {
    for (let s = 0; s < cursor.count; s++) {
      cursor.read(s);
      const space = cursor.values[spaceIndex]!;
      const count = cursor.values[objectsIndex]!;
      if (space === 0 && count === 0) continue;
      let hit = false;
      for (let i = 0; i < cursor.depth; i++) {
        const loc = cursor.locations[i]!;
        for (let k = locStart[loc]!; k < locStart[loc + 1]!; k++) {
          const hits = groupsOfNode.get(locNodes[k]!);
          if (hits === undefined) continue;
          for (const g of hits) {
            if (lastSample[g] === s) continue;
            lastSample[g] = s;
            bytes[g]! += space;
            objects[g]! += count;
            hit = true;
          }
        }
      }
      if (hit) {
        totalBytes += space;
        totalObjects += count;
      }
    }
  }

  const byGroup = new Map<string, HeldMemory>();
  let stackTotal = 0;
  groups.forEach(({ g, through }, k) => {
    const sharers = new Set<number>();
    for (const fn of through) for (const other of byFunction.get(fn) ?? []) if (other !== k) sharers.add(other);
    const stackEstimate = g.group.count * estimatedStackBytes(depthOf(g.group));
    stackTotal += stackEstimate;
    byGroup.set(g.group.key, {
      bytes: bytes[k]!,
      objects: objects[k]!,
      through,
      stackEstimate,
      sharedWith: sharers.size,
    });
  });
  return { byGroup, bytes: totalBytes, objects: totalObjects, stackEstimate: stackTotal };
}

function depthOf(g: GoroutineGroup): number {
  return g.stack.frames.length + g.stack.elidedFrames;
}

/**
 * The functions a group's allocations are matched on. A handler parked in its own stack holds
 * what the handler allocated (its goroutine function, net/http's connection loop, would claim
 * every request's memory). A goroutine a request started holds what its function allocated and
 * what the handler allocated for it. Any other goroutine, what its function allocated: the
 * outermost frame, unless the stack is cut and its outermost frame is not the goroutine's.
 */
export function anchorsOf(g: AnalyzedGroup): string[] {
  const frames = g.group.stack.frames;
  const handler = g.verdict.handler;
  if (handler !== null && frames.some((f) => f.function === handler)) return [handler];
  const outer = [...frames].reverse().find((f) => f.function !== 'runtime.goexit');
  const own = g.group.stack.truncated || outer === undefined ? null : outer.function;
  const through = own === null ? [] : [own];
  if (handler !== null && handler !== own) through.push(handler);
  return through;
}
