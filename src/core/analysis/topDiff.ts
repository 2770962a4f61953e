// The difference of two profiles per function, the numbers of `go tool pprof -top
// -diff_base=BEFORE AFTER`. pprof negates every value of the base, labels its samples
// `pprof::base` (so they never merge with the other side's) and merges the two profiles; a
// graph's flat and cum are sums over samples, so each function's flat and cum in the merge are
// its flat and cum in AFTER minus those in BEFORE, which is how they are computed here. What the
// merge decides besides the samples is mirrored: the sample type is chosen by name in both
// profiles, drop_frames and keep_frames are the first profile's that has them, and the total
// percentages divide by is the base's (report.computeTotal counts only `pprof::base` samples
// when there are any).
import { InputError } from '../inputError';
import type { Profile } from '../model/profile';
import { tablesOf, type ProfileTables } from '../profile/profileTables';
import { sortTop, topTable, type TopEntry, type TopTable } from './top';

export interface TopDiffOptions {
  /** Sample type by name (`inuse_space`); the later profile's default unless given. */
  readonly sampleType?: string;
}

export interface TopDiff {
  readonly sampleType: string;
  readonly unit: string;
  /** pprof's order (|flat|, name, |cum|); functions whose flat and cum both cancel out are left out. */
  readonly entries: TopEntry[];
  /** What pprof's percentages divide by: the sum of |value| over the base's samples. */
  readonly total: number;
}

type Side = Profile | ProfileTables;

export function computeTopDiff(after: Side, before: Side, options: TopDiffOptions = {}): TopDiff {
  const a = 'cursor' in after ? after : tablesOf(after);
  const b = 'cursor' in before ? before : tablesOf(before);
  const sampleType = options.sampleType ?? a.header.sampleTypes[a.header.defaultSampleType]?.type;
  if (sampleType === undefined) throw incompatible('the later profile has no sample types');
  const ia = a.header.sampleTypes.findIndex((t) => t.type === sampleType);
  const ib = b.header.sampleTypes.findIndex((t) => t.type === sampleType);
  if (ia < 0 || ib < 0) {
    const names = (t: ProfileTables) => t.header.sampleTypes.map((x) => x.type).join(', ') || 'none';
    throw incompatible(`sample type "${sampleType}" is not in both profiles (later: ${names(a)}; base: ${names(b)})`);
  }
  const unit = a.header.sampleTypes[ia]!.unit;
  if (b.header.sampleTypes[ib]!.unit !== unit) {
    throw incompatible(
      `${sampleType} is in ${unit} in the later profile but in ${b.header.sampleTypes[ib]!.unit} in the base`,
    );
  }
  const pa = a.header.periodType;
  const pb = b.header.periodType;
  if ((pa?.type ?? '') !== (pb?.type ?? '') || (pa?.unit ?? '') !== (pb?.unit ?? '')) {
    throw incompatible(
      `the profiles measure different things (period type ${pa ? `${pa.type}/${pa.unit}` : 'none'} against ${pb ? `${pb.type}/${pb.unit}` : 'none'})`,
    );
  }
  const frames = {
    dropFrames: a.header.dropFrames || b.header.dropFrames,
    keepFrames: a.header.keepFrames || b.header.keepFrames,
  };
  const ta = topTable(a, { ...frames, sampleIndexes: [ia] });
  const tb = topTable(b, { ...frames, sampleIndexes: [ib] });
  return { sampleType, unit, ...diffTopTables(ta, 0, tb, 0) };
}

/**
 * Column `ca` of `after` minus column `cb` of `before`, node by node (pprof's node key: the name,
 * or for a frame without one its binary and start line), in pprof's order; and the base's total.
 */
export function diffTopTables(
  after: TopTable,
  ca: number,
  before: TopTable,
  cb: number,
): { entries: TopEntry[]; total: number } {
  const na = after.sampleIndexes.length;
  const nb = before.sampleIndexes.length;
  const byKey = new Map<string, { function: string; flat: number; cum: number }>();
  after.keys.forEach((key, n) =>
    byKey.set(key, { function: after.names[n]!, flat: after.flat[n * na + ca]!, cum: after.cum[n * na + ca]! }),
  );
  before.keys.forEach((key, n) => {
    const e = byKey.get(key) ?? { function: before.names[n]!, flat: 0, cum: 0 };
    e.flat -= before.flat[n * nb + cb]!;
    e.cum -= before.cum[n * nb + cb]!;
    byKey.set(key, e);
  });
  const entries: TopEntry[] = [];
  for (const e of byKey.values()) if (e.flat !== 0 || e.cum !== 0) entries.push(e);
  const baseTotal = before.totals[cb]!;
  return { entries: sortTop(entries), total: baseTotal > 0 ? baseTotal : after.totals[ca]! };
}

function incompatible(problem: string): InputError {
  return new InputError(problem, { stage: 'comparing profiles' });
}
