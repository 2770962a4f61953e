// The top of a heap profile as the summary beside a capture shows it: pprof's own numbers (through
// computeTop or the top table of HeapProfileData), so a row here reads the same as
// `goroutine-inspector top` and `go tool pprof -top` on the same file.
import { computeTop, topEntries, type TopEntry } from '../analysis/top';
import type { Profile } from '../model/profile';
import { sampleTypeIndex, type HeapProfileData } from './heapData';

export type HeapRow = TopEntry;

export interface HeapTopView {
  /** The sample type shown, e.g. `inuse_space`. */
  readonly sampleType: string;
  /** Its unit as the profile names it (`bytes`, `count`). */
  readonly unit: string;
  /** pprof's Total (the sum of every function's flat); null when the profile has no such sample type. */
  readonly total: number | null;
  /**
   * The functions that allocate themselves (flat ≠ 0), first rows of pprof's order (flat, then
   * name, then cum); pprof's rows with only a cum follow them and say nothing in a table of
   * allocating functions.
   */
  readonly rows: readonly HeapRow[];
}

export interface HeapTopOptions {
  /** Which sample type to rank by; `inuse_space` (what the heap holds now) unless told. */
  readonly sampleType?: string;
  /** How many rows; 10 unless told. */
  readonly limit?: number;
}

export function heapTopView(source: Profile | HeapProfileData, options: HeapTopOptions = {}): HeapTopView {
  const sampleType = options.sampleType ?? 'inuse_space';
  const limit = options.limit ?? 10;
  const isData = 'flame' in source;
  const sampleIndex = isData
    ? sampleTypeIndex(source, sampleType)
    : source.sampleTypes.findIndex((t) => t.type === sampleType);
  if (sampleIndex < 0) return { sampleType, unit: '', total: null, rows: [] };
  const entries = isData ? topEntries(source.top, sampleIndex) : computeTop(source, { sampleIndex });
  return {
    sampleType,
    unit: source.sampleTypes[sampleIndex]!.unit,
    total: entries.reduce((t, e) => t + e.flat, 0),
    rows: entries.filter((e) => e.flat !== 0).slice(0, limit),
  };
}
