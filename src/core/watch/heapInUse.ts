// Heap in use for the timeline: the sum of a heap profile's inuse_space samples, the figure `go
// tool pprof -sample_index=inuse_space -top` totals (as of the last GC, which is what the runtime
// records).
import type { Profile } from '../model/profile';
import type { HeapProfileData } from '../present/heapData';

export function heapInUse(profile: Profile): number | null {
  const i = profile.sampleTypes.findIndex((t) => t.type === 'inuse_space');
  if (i < 0) return null;
  let sum = 0;
  for (const s of profile.samples) sum += s.values[i] ?? 0;
  return sum;
}

/** The same figure from the worker's heap data: pprof's total of the inuse_space column. */
export function heapInUseOfData(data: HeapProfileData): number | null {
  const i = data.sampleTypes.findIndex((t) => t.type === 'inuse_space');
  const column = data.top.sampleIndexes.indexOf(i);
  return i < 0 || column < 0 ? null : (data.top.totals[column] ?? null);
}
