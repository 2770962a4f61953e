// What the views keep of a heap profile once it is decoded: pprof's top of every function for
// every sample type (one pass) and the flame graph, plain data the decode worker sends to the
// host instead of the profile itself (a 300k-sample profile would be hundreds of MB of objects to
// copy). Pages, comparisons and the summary's table are made from it.
import { topTable, type TopTable } from '../analysis/top';
import type { Profile, ValueType } from '../model/profile';
import { tablesOf, type ProfileTables } from '../profile/profileTables';
import { buildFlameGraph, type FlameModel, type FlameOptions } from './flameGraph';

export interface HeapProfileData {
  readonly sampleTypes: readonly ValueType[];
  /** The profile's default sample type (`inuse_space` for heap, `alloc_space` for allocs). */
  readonly defaultIndex: number;
  /** Every function's flat and cum for every sample type: column i is sample type i. */
  readonly top: TopTable;
  readonly flame: FlameModel;
}

export function heapProfileData(profile: Profile | ProfileTables, options: FlameOptions = {}): HeapProfileData {
  const tables = 'cursor' in profile ? profile : tablesOf(profile);
  return {
    sampleTypes: tables.header.sampleTypes.map((t) => ({ type: t.type, unit: t.unit })),
    defaultIndex: tables.header.defaultSampleType,
    top: topTable(tables),
    flame: buildFlameGraph(tables, options),
  };
}

/** Index of a sample type by name, or -1. */
export function sampleTypeIndex(data: HeapProfileData, type: string): number {
  return data.sampleTypes.findIndex((t) => t.type === type);
}
