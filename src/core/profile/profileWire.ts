// Phase 2 of decoding (after gzip): the wire format of perftools.profiles.Profile into flat
// tables that still hold ids and string indexes, one decode loop per message like google/pprof's
// table per message. Unknown fields are skipped; repeated scalars are accepted packed or not.
// Field numbers are those of the public profile.proto.
import { ProtoReader, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protoReader';

export interface WireValueType {
  typeX: number;
  unitX: number;
}

/**
 * A growable column of byte offsets outside the JS heap: the garbage collector never scans it.
 * Offsets into a buffer under 4 GiB fit 32 bits, half the memory of doubles (three offsets per
 * sample: 12 bytes rather than 24, for samples that take 8 bytes on the wire).
 */
export class NumberColumn {
  data: Uint32Array | Float64Array;
  length = 0;

  constructor(maxValue: number) {
    this.data = maxValue <= 0xffffffff ? new Uint32Array(1024) : new Float64Array(1024);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger =
        this.data instanceof Uint32Array
          ? new Uint32Array(this.data.length * 2)
          : new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Where each Sample message lies: samples are by far the bulk of a large profile, and decoding
 * them into intermediate objects that the next phase throws away made memory traffic (page
 * faults, garbage collection) the main cost. They are decoded once, straight into the model
 * (decodeSamples.ts) or one at a time (sampleWalker.ts), after the tables they refer to are
 * resolved. Only the offset of each sample's tag is kept (4 bytes a sample; its length follows
 * the tag, see `enterSample`), which also names it in error messages.
 */
export interface WireSampleRanges {
  count: number;
  readonly tagOffset: NumberColumn;
}

/** Positions `r` on the payload of the sample whose tag is at `tagOffset`; returns where it ends. */
export function enterSample(r: ProtoReader, tagOffset: number): number {
  r.pos = tagOffset;
  r.uint(); // the tag, checked by the wire phase
  const length = r.uint();
  return r.pos + length;
}

export interface WireMapping {
  offset: number;
  id: number;
  memoryStart: number;
  memoryLimit: number;
  fileOffset: number;
  filenameX: number;
  buildIdX: number;
}

export interface WireLine {
  functionId: number;
  line: number;
}

export interface WireLocation {
  offset: number;
  id: number;
  mappingId: number;
  address: number;
  lines: WireLine[];
}

export interface WireFunction {
  offset: number;
  id: number;
  nameX: number;
  systemNameX: number;
  filenameX: number;
  startLine: number;
}

export interface WireProfile {
  sampleTypes: WireValueType[];
  samples: WireSampleRanges;
  mappings: WireMapping[];
  locations: WireLocation[];
  functions: WireFunction[];
  strings: string[];
  dropFramesX: number;
  keepFramesX: number;
  timeNanos: number;
  durationNanos: number;
  periodType: WireValueType | null;
  period: number;
  commentXs: number[];
  defaultSampleTypeX: number;
  /** Byte offset of each string, for error messages. */
  stringOffsets: number[];
}

export type MessageName = 'Profile' | 'ValueType' | 'Sample' | 'Label' | 'Mapping' | 'Location' | 'Line' | 'Function';

export function wrongWireType(r: ProtoReader, msg: MessageName, field: number, wireType: number, at: number): never {
  return r.fail(`field ${field} of ${msg} has wire type ${wireType}, which profile.proto does not allow there`, at);
}

/** Appends one or a packed run of varints (repeated int64/uint64 fields). */
function readRepeated(
  r: ProtoReader,
  wireType: number,
  limit: number,
  out: number[],
  signed: boolean,
  msg: MessageName,
  field: number,
  at: number,
): void {
  if (wireType === WIRE_VARINT) {
    out.push(signed ? r.int() : r.uint());
    return;
  }
  if (wireType !== WIRE_LENGTH_DELIMITED) wrongWireType(r, msg, field, wireType, at);
  const end = r.lengthEnd(limit, `packed field ${field} of ${msg}`);
  while (r.pos < end) out.push(signed ? r.int() : r.uint());
  if (r.pos !== end) r.fail(`packed field ${field} of ${msg} ends inside a varint`, at);
}

export function expectVarint(r: ProtoReader, msg: MessageName, field: number, wireType: number, at: number): void {
  if (wireType !== WIRE_VARINT) wrongWireType(r, msg, field, wireType, at);
}

export function subEnd(
  r: ProtoReader,
  msg: MessageName,
  field: number,
  wireType: number,
  at: number,
  limit: number,
): number {
  if (wireType !== WIRE_LENGTH_DELIMITED) wrongWireType(r, msg, field, wireType, at);
  return r.lengthEnd(limit, `field ${field} of ${msg}`);
}

export function readTag(r: ProtoReader, msg: MessageName): number {
  const at = r.pos;
  const tag = r.uint();
  if (tag >>> 3 === 0 || tag > 0xffffffff) r.fail(`invalid field number 0 in ${msg}`, at);
  return tag;
}

export function finish(r: ProtoReader, end: number, msg: MessageName, start: number): void {
  if (r.pos !== end) r.fail(`${msg} message overruns its length`, start);
}

function decodeValueType(r: ProtoReader, end: number): WireValueType {
  const start = r.pos;
  const vt: WireValueType = { typeX: 0, unitX: 0 };
  while (r.pos < end) {
    const at = r.pos;
    const tag = readTag(r, 'ValueType');
    const field = tag >>> 3,
      wt = tag & 7;
    if (field === 1) {
      expectVarint(r, 'ValueType', field, wt, at);
      vt.typeX = r.uint();
    } else if (field === 2) {
      expectVarint(r, 'ValueType', field, wt, at);
      vt.unitX = r.uint();
    } else r.skip(wt, end, at);
  }
  finish(r, end, 'ValueType', start);
  return vt;
}

function decodeMapping(r: ProtoReader, end: number, offset: number): WireMapping {
  const m: WireMapping = { offset, id: 0, memoryStart: 0, memoryLimit: 0, fileOffset: 0, filenameX: 0, buildIdX: 0 };
  while (r.pos < end) {
    const at = r.pos;
    const tag = readTag(r, 'Mapping');
    const field = tag >>> 3,
      wt = tag & 7;
    switch (field) {
      case 1:
        expectVarint(r, 'Mapping', field, wt, at);
        m.id = r.uint();
        break;
      case 2:
        expectVarint(r, 'Mapping', field, wt, at);
        m.memoryStart = r.approx(false);
        break;
      case 3:
        expectVarint(r, 'Mapping', field, wt, at);
        m.memoryLimit = r.approx(false);
        break;
      case 4:
        expectVarint(r, 'Mapping', field, wt, at);
        m.fileOffset = r.approx(false);
        break;
      case 5:
        expectVarint(r, 'Mapping', field, wt, at);
        m.filenameX = r.uint();
        break;
      case 6:
        expectVarint(r, 'Mapping', field, wt, at);
        m.buildIdX = r.uint();
        break;
      default:
        r.skip(wt, end, at); // 7..10: has_functions etc., which the model does not keep
    }
  }
  finish(r, end, 'Mapping', offset);
  return m;
}

function decodeLine(r: ProtoReader, end: number): WireLine {
  const start = r.pos;
  const l: WireLine = { functionId: 0, line: 0 };
  while (r.pos < end) {
    const at = r.pos;
    const tag = readTag(r, 'Line');
    const field = tag >>> 3,
      wt = tag & 7;
    if (field === 1) {
      expectVarint(r, 'Line', field, wt, at);
      l.functionId = r.uint();
    } else if (field === 2) {
      expectVarint(r, 'Line', field, wt, at);
      l.line = r.int();
    } else r.skip(wt, end, at); // 3: column
  }
  finish(r, end, 'Line', start);
  return l;
}

function decodeLocation(r: ProtoReader, end: number, offset: number): WireLocation {
  const l: WireLocation = { offset, id: 0, mappingId: 0, address: 0, lines: [] };
  while (r.pos < end) {
    const at = r.pos;
    const tag = readTag(r, 'Location');
    const field = tag >>> 3,
      wt = tag & 7;
    switch (field) {
      case 1:
        expectVarint(r, 'Location', field, wt, at);
        l.id = r.uint();
        break;
      case 2:
        expectVarint(r, 'Location', field, wt, at);
        l.mappingId = r.uint();
        break;
      case 3:
        expectVarint(r, 'Location', field, wt, at);
        l.address = r.approx(false);
        break;
      case 4:
        l.lines.push(decodeLine(r, subEnd(r, 'Location', field, wt, at, end)));
        break;
      default:
        r.skip(wt, end, at); // 5: is_folded
    }
  }
  finish(r, end, 'Location', offset);
  return l;
}

function decodeFunction(r: ProtoReader, end: number, offset: number): WireFunction {
  const f: WireFunction = { offset, id: 0, nameX: 0, systemNameX: 0, filenameX: 0, startLine: 0 };
  while (r.pos < end) {
    const at = r.pos;
    const tag = readTag(r, 'Function');
    const field = tag >>> 3,
      wt = tag & 7;
    switch (field) {
      case 1:
        expectVarint(r, 'Function', field, wt, at);
        f.id = r.uint();
        break;
      case 2:
        expectVarint(r, 'Function', field, wt, at);
        f.nameX = r.uint();
        break;
      case 3:
        expectVarint(r, 'Function', field, wt, at);
        f.systemNameX = r.uint();
        break;
      case 4:
        expectVarint(r, 'Function', field, wt, at);
        f.filenameX = r.uint();
        break;
      case 5:
        expectVarint(r, 'Function', field, wt, at);
        f.startLine = r.int();
        break;
      default:
        r.skip(wt, end, at);
    }
  }
  finish(r, end, 'Function', offset);
  return f;
}

/** Decodes the wire format; ids and string indexes are left for `resolveTables` to check. */
export function decodeProfileWire(buf: Uint8Array, input: string): WireProfile {
  const r = new ProtoReader(buf, input);
  const p: WireProfile = {
    sampleTypes: [],
    samples: { count: 0, tagOffset: new NumberColumn(buf.length) },
    mappings: [],
    locations: [],
    functions: [],
    strings: [],
    dropFramesX: 0,
    keepFramesX: 0,
    timeNanos: 0,
    durationNanos: 0,
    periodType: null,
    period: 0,
    commentXs: [],
    defaultSampleTypeX: 0,
    stringOffsets: [],
  };
  const end = buf.length;
  while (r.pos < end) {
    const at = r.pos;
    const tag = readTag(r, 'Profile');
    const field = tag >>> 3,
      wt = tag & 7;
    switch (field) {
      case 1:
        p.sampleTypes.push(decodeValueType(r, subEnd(r, 'Profile', field, wt, at, end)));
        break;
      case 2: {
        const e = subEnd(r, 'Profile', field, wt, at, end);
        p.samples.count++;
        p.samples.tagOffset.push(at);
        r.pos = e;
        break;
      }
      case 3: {
        const e = subEnd(r, 'Profile', field, wt, at, end);
        p.mappings.push(decodeMapping(r, e, at));
        break;
      }
      case 4: {
        const e = subEnd(r, 'Profile', field, wt, at, end);
        p.locations.push(decodeLocation(r, e, at));
        break;
      }
      case 5: {
        const e = subEnd(r, 'Profile', field, wt, at, end);
        p.functions.push(decodeFunction(r, e, at));
        break;
      }
      case 6: {
        const e = subEnd(r, 'Profile', field, wt, at, end);
        p.stringOffsets.push(at);
        p.strings.push(r.string(r.pos, e));
        r.pos = e;
        break;
      }
      case 7:
        expectVarint(r, 'Profile', field, wt, at);
        p.dropFramesX = r.uint();
        break;
      case 8:
        expectVarint(r, 'Profile', field, wt, at);
        p.keepFramesX = r.uint();
        break;
      case 9:
        expectVarint(r, 'Profile', field, wt, at);
        p.timeNanos = r.approx(true);
        break;
      case 10:
        expectVarint(r, 'Profile', field, wt, at);
        p.durationNanos = r.approx(true);
        break;
      case 11:
        p.periodType = decodeValueType(r, subEnd(r, 'Profile', field, wt, at, end));
        break;
      case 12:
        expectVarint(r, 'Profile', field, wt, at);
        p.period = r.int();
        break;
      case 13:
        readRepeated(r, wt, end, p.commentXs, false, 'Profile', field, at);
        break;
      case 14:
        expectVarint(r, 'Profile', field, wt, at);
        p.defaultSampleTypeX = r.uint();
        break;
      default:
        r.skip(wt, end, at);
    }
  }
  return p;
}
