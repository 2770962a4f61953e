// What a decoded protobuf profile holds, and a goroutine (or goroutineleak) profile → groups: one
// per sample (stack + labels), count from the sample's value. No ids, states or creators exist in
// this format.
import type { Stack } from '../model/goroutine';
import type { Profile } from '../model/profile';
import type { CountedSink } from '../traceback/debug1Parser';
import type { StackTable, TableFrame } from '../traceback/stackTable';

export type ProfileKind = 'goroutine' | 'goroutineleak';

/**
 * What a decoded profile holds, by its sample types: goroutines, the goroutineleak verdicts, or
 * the heap (`/debug/pprof/heap` and `/debug/pprof/allocs` are one profile with the same four
 * sample types; allocs names alloc_space its default). Null for anything else (CPU, block, mutex,
 * threadcreate).
 */
export function profileKindOf(profile: Profile): ProfileKind | 'heap' | 'allocs' | null {
  const types = profile.sampleTypes.map((t) => t.type);
  if (types.length === 1 && (types[0] === 'goroutine' || types[0] === 'goroutineleak')) return types[0];
  if (!types.includes('inuse_space')) return null;
  return types[profile.defaultSampleType] === 'alloc_space' ? 'allocs' : 'heap';
}

/** Fold the samples into `sink`; returns the stacks' location counts (the runtime caps their depth). */
export function addProfileGroups(
  profile: Profile,
  kind: ProfileKind,
  table: StackTable,
  sink: CountedSink,
): Map<Stack, number> {
  const depths = new Map<Stack, number>();
  const frames: TableFrame[] = [];
  for (const sample of profile.samples) {
    frames.length = 0;
    for (const loc of sample.locations) {
      const n = loc.lines.length;
      for (let i = 0; i < n; i++) {
        const l = loc.lines[i]!;
        frames.push(table.frame(l.function.name, l.function.filename, l.line, i < n - 1));
      }
    }
    const stack = table.stack(frames, frames.length, 0, false);
    const prev = depths.get(stack);
    if (prev === undefined || sample.locations.length > prev) depths.set(stack, sample.locations.length);
    const count = sample.values[0] ?? 0;
    if (count > 0) sink.addCounted(stack, sample.labels, count, kind === 'goroutineleak');
  }
  return depths;
}
