// The last decoding step for samples, which are the bulk of a large profile: each Sample message
// (located by the wire phase) is decoded straight into the model, its location ids checked and
// resolved as they are read. Scratch arrays are reused across samples, so the only memory written
// per sample is the model's own arrays: about 200 bytes (the sample object, its location and value
// arrays, the slot in `samples`) for the 8 bytes a minimal sample takes on the wire. A sample whose
// bytes repeat the previous one's shares its object instead: 10 million identical tiny samples
// (90 MB) took 2.3 GB, each a copy of the same few bytes.
import type { ProfileLocation, ProfileSample } from '../model/profile';
import { ProtoReader, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protoReader';
import { enterSample, expectVarint, finish, readTag, subEnd, wrongWireType } from './profileWire';
import type { WireSampleRanges } from './profileWire';
import type { IdTable } from './idTable';

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);
const EMPTY_NUM_LABELS: Readonly<Record<string, number>> = Object.freeze(Object.create(null) as Record<string, number>);

export interface SampleContext {
  readonly input: string;
  readonly sampleTypeCount: number;
  readonly locations: IdTable<ProfileLocation>;
  /** String table lookup that fails with a validation error naming `what`. */
  str(index: number, what: string, offset?: number): string;
  /** Throws the validation error. */
  fail(problem: string, offset?: number): never;
}

type LabelPair = [Record<string, string>, Record<string, number>];

interface LabelScratch {
  n: number;
  keyX: number[];
  strX: number[];
  num: number[];
  unitX: number[];
}

export function decodeSamples(buf: Uint8Array, ranges: WireSampleRanges, ctx: SampleContext): ProfileSample[] {
  const r = new ProtoReader(buf, ctx.input);
  const tagOffsets = ranges.tagOffset.data;
  let prevStart = 0,
    prevEnd = 0;
  const samples = new Array<ProfileSample>(ranges.count);
  const locs: ProfileLocation[] = [];
  const values: number[] = [];
  const labels: LabelScratch = { n: 0, keyX: [], strX: [], num: [], unitX: [] };
  const interner = new LabelInterner(ctx);
  const locations = ctx.locations;
  const nTypes = ctx.sampleTypeCount;
  for (let i = 0; i < ranges.count; i++) {
    const offset = tagOffsets[i]!;
    const end = enterSample(r, offset);
    const start = r.pos;
    const same = i > 0 && sameBytes(buf, prevStart, prevEnd, start, end);
    prevStart = start;
    prevEnd = end;
    if (same) {
      // Decoded and validated already: the model is read-only, so one object serves both.
      samples[i] = samples[i - 1]!;
      continue;
    }
    locs.length = 0;
    values.length = 0;
    labels.n = 0;
    // The common case, one packed run of location ids, goes straight into an array of exact size:
    // every varint ends in exactly one byte below 0x80, so counting those bytes counts the ids.
    let direct: ProfileLocation[] | null = null;
    // Likewise values: one packed run of exactly one value per sample type.
    let directValues: number[] | null = null;
    while (r.pos < end) {
      const at = r.pos;
      const tag = readTag(r, 'Sample');
      const field = tag >>> 3,
        wt = tag & 7;
      if (field === 1) {
        if (wt === WIRE_VARINT) {
          if (direct !== null) {
            for (const l of direct) locs.push(l);
            direct = null;
          }
          pushLocation(r.uint(), locs, ctx, i, offset);
        } else {
          if (wt !== WIRE_LENGTH_DELIMITED) wrongWireType(r, 'Sample', field, wt, at);
          const e = r.lengthEnd(end, 'packed field 1 of Sample');
          if (direct === null && locs.length === 0 && endsOnVarint(buf, e)) {
            direct = new Array<ProfileLocation>(countVarints(buf, r.pos, e));
            for (let k = 0; r.pos < e; k++) {
              const id = r.uint();
              const loc = locations.get(id);
              if (!loc) ctx.fail(`sample ${i} refers to location ${id}, which does not exist`, offset);
              direct[k] = loc!;
            }
          } else {
            if (direct !== null) {
              for (const l of direct) locs.push(l);
              direct = null;
            }
            while (r.pos < e) pushLocation(r.uint(), locs, ctx, i, offset);
          }
          if (r.pos !== e) r.fail('packed field 1 of Sample ends inside a varint', at);
        }
      } else if (field === 2) {
        if (directValues !== null) {
          for (const v of directValues) values.push(v);
          directValues = null;
        }
        if (wt === WIRE_VARINT) values.push(r.int());
        else {
          if (wt !== WIRE_LENGTH_DELIMITED) wrongWireType(r, 'Sample', field, wt, at);
          const e = r.lengthEnd(end, 'packed field 2 of Sample');
          if (values.length === 0 && endsOnVarint(buf, e) && countVarints(buf, r.pos, e) === nTypes) {
            directValues = new Array<number>(nTypes);
            for (let k = 0; k < nTypes; k++) directValues[k] = r.int();
          } else {
            while (r.pos < e) values.push(r.int());
          }
          if (r.pos !== e) r.fail('packed field 2 of Sample ends inside a varint', at);
        }
      } else if (field === 3) {
        decodeLabel(r, subEnd(r, 'Sample', field, wt, at, end), labels);
      } else {
        r.skip(wt, end, at);
      }
    }
    finish(r, end, 'Sample', offset);
    if (directValues === null && values.length !== nTypes) {
      ctx.fail(`sample ${i} has ${values.length} values but the profile has ${nTypes} sample types`, offset);
    }
    const [l, nl] = labels.n === 0 ? [EMPTY_LABELS, EMPTY_NUM_LABELS] : interner.resolve(labels, i, offset);
    samples[i] = {
      locations: direct ?? locs.slice(),
      values: directValues ?? values.slice(),
      labels: l,
      numLabels: nl,
    };
  }
  return samples;
}

function sameBytes(buf: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (buf[aStart + k] !== buf[bStart + k]) return false;
  return true;
}

function countVarints(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) if (buf[j]! < 0x80) n++;
  return n;
}

/** A packed run whose last byte ends a varint: otherwise the count would be short by one. */
function endsOnVarint(buf: Uint8Array, end: number): boolean {
  return end === 0 || buf[end - 1]! < 0x80;
}

function pushLocation(id: number, locs: ProfileLocation[], ctx: SampleContext, sample: number, offset: number): void {
  const loc = ctx.locations.get(id);
  if (!loc) ctx.fail(`sample ${sample} refers to location ${id}, which does not exist`, offset);
  locs.push(loc!);
}

function decodeLabel(r: ProtoReader, end: number, out: LabelScratch): void {
  const start = r.pos;
  let keyX = 0,
    strX = 0,
    num = 0,
    unitX = 0;
  while (r.pos < end) {
    const at = r.pos;
    const tag = readTag(r, 'Label');
    const field = tag >>> 3,
      wt = tag & 7;
    switch (field) {
      case 1:
        expectVarint(r, 'Label', field, wt, at);
        keyX = r.uint();
        break;
      case 2:
        expectVarint(r, 'Label', field, wt, at);
        strX = r.uint();
        break;
      case 3:
        expectVarint(r, 'Label', field, wt, at);
        num = r.int();
        break;
      case 4:
        expectVarint(r, 'Label', field, wt, at);
        unitX = r.uint();
        break;
      default:
        r.skip(wt, end, at);
    }
  }
  finish(r, end, 'Label', start);
  const n = out.n++;
  out.keyX[n] = keyX;
  out.strX[n] = strX;
  out.num[n] = num;
  out.unitX[n] = unitX;
}

/**
 * Labels with google/pprof's rule (a label with a string is a string label, else numeric when it
 * has a number or unit), one frozen object per distinct label set: a heap profile labels every
 * sample with its block size and a goroutine profile every sample with its route, so sharing
 * saves an object per sample. Keys are untrusted: the objects have no prototype.
 */
class LabelInterner {
  private readonly cache = new Map<string, LabelPair>();
  /** One label, the common case: keyed by numbers, no key string to build. */
  private readonly single = new Map<number, Map<number, LabelPair>>();

  constructor(private readonly ctx: SampleContext) {}

  resolve(s: LabelScratch, sample: number, offset: number): LabelPair {
    if (s.n === 1 && s.unitX[0] === 0) {
      // A string label is keyed by its string index; a numeric one without unit by -1 - value.
      const v = s.strX[0] !== 0 ? s.strX[0]! : -1 - s.num[0]!;
      let byValue = this.single.get(s.keyX[0]!);
      if (!byValue) {
        byValue = new Map();
        this.single.set(s.keyX[0]!, byValue);
      }
      let hit = byValue.get(v);
      if (!hit) {
        hit = this.build(s, sample, offset);
        byValue.set(v, hit);
      }
      return hit;
    }
    let key = '';
    for (let j = 0; j < s.n; j++) key += `${s.keyX[j]},${s.strX[j]},${s.num[j]},${s.unitX[j]};`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.build(s, sample, offset);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private build(s: LabelScratch, sample: number, offset: number): LabelPair {
    const { str } = this.ctx;
    let labels: Record<string, string> | null = null;
    let numLabels: Record<string, number> | null = null;
    for (let j = 0; j < s.n; j++) {
      const name = str(s.keyX[j]!, `sample ${sample} label key`, offset);
      const strX = s.strX[j]!,
        num = s.num[j]!,
        unitX = s.unitX[j]!;
      if (strX !== 0) {
        labels ??= Object.create(null) as Record<string, string>;
        // Keep the first value of a repeated key: the model holds one value per key.
        if (!(name in labels)) labels[name] = str(strX, `sample ${sample} label "${name}"`, offset);
      } else if (num !== 0 || unitX !== 0) {
        if (unitX !== 0) str(unitX, `sample ${sample} label "${name}" unit`, offset);
        numLabels ??= Object.create(null) as Record<string, number>;
        if (!(name in numLabels)) numLabels[name] = num;
      }
    }
    return [labels ? Object.freeze(labels) : EMPTY_LABELS, numLabels ? Object.freeze(numLabels) : EMPTY_NUM_LABELS];
  }
}
