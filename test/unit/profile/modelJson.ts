// The Profile model as plain JSON with references written as ids, for golden files: stable,
// diffable, and a change to the decoder's output shows up as a readable diff.
import type { Profile } from '../../../src/core/model/profile';

export function profileToJson(p: Profile): unknown {
  return {
    sampleTypes: p.sampleTypes,
    defaultSampleType: p.defaultSampleType,
    periodType: p.periodType,
    period: p.period,
    timeNanos: p.timeNanos,
    durationNanos: p.durationNanos,
    dropFrames: p.dropFrames,
    keepFrames: p.keepFrames,
    comments: p.comments,
    mappings: p.mappings,
    functions: p.functions,
    locations: p.locations.map((l) => ({
      id: l.id,
      address: '0x' + l.address.toString(16),
      mappingId: l.mapping?.id ?? 0,
      lines: l.lines.map((ln) => ({ functionId: ln.function.id, line: ln.line })),
    })),
    samples: p.samples.map((s) => ({
      locationIds: s.locations.map((l) => l.id),
      values: s.values,
      labels: { ...s.labels },
      numLabels: { ...s.numLabels },
    })),
  };
}
