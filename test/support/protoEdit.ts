// Edits real pprof profiles at the wire level, to build hostile inputs from real fixtures: the
// top-level fields of perftools.profiles.Profile are split, some are rewritten (the string table,
// the samples) and the rest are copied byte for byte. Test support only: no validation beyond what
// the split needs.

export interface TopField {
  readonly field: number;
  readonly wireType: number;
  /** The whole field, tag included, as it was in the input. */
  readonly raw: Uint8Array;
  /** Length-delimited fields: the payload. */
  readonly payload: Uint8Array | null;
}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let mul = 1;
  for (;;) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * mul;
    if (b < 0x80) return [value, pos];
    mul *= 128;
  }
}

export function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

export function splitTopLevel(buf: Uint8Array): TopField[] {
  const out: TopField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    let tag: number;
    [tag, pos] = readVarint(buf, pos);
    const wireType = tag & 7;
    let payload: Uint8Array | null = null;
    if (wireType === 0) [, pos] = readVarint(buf, pos);
    else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else if (wireType === 2) {
      let len: number;
      [len, pos] = readVarint(buf, pos);
      payload = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new Error(`wire type ${wireType} at ${start}`);
    out.push({ field: tag >>> 3, wireType, raw: buf.subarray(start, pos), payload });
  }
  return out;
}

export function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  const head = [...varint((field << 3) | 2), ...varint(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

const STRING_TABLE = 6;

/** The profile with each string-table entry replaced by `edit(entry, index)` (index 0 stays ""). */
export function editStrings(profile: Uint8Array, edit: (s: string, index: number) => string): Uint8Array {
  let index = 0;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return concatBytes(
    splitTopLevel(profile).map((f) => {
      if (f.field !== STRING_TABLE || f.payload === null) return f.raw;
      const i = index++;
      return i === 0 ? f.raw : lengthDelimited(STRING_TABLE, enc.encode(edit(dec.decode(f.payload), i)));
    }),
  );
}

/** The first location id of the profile's first sample (a real location the new samples can use). */
export function firstSampleLocation(profile: Uint8Array): number {
  const sample = splitTopLevel(profile).find((f) => f.field === 2)!.payload!;
  for (const f of splitTopLevel(sample)) {
    if (f.field !== 1) continue;
    if (f.wireType === 0) return readVarint(f.raw, varint(f.field << 3).length)[0];
    return readVarint(f.payload!, 0)[0];
  }
  throw new Error('the first sample has no location');
}

/**
 * The profile's tables with its samples replaced by `count` tiny samples: one location, one value
 * per sample type. Each sample costs `8 + (sampleTypes - 1)` bytes on the wire, the least a sample
 * with a location can cost. With `distinct`, no two neighbours are equal (the values cycle through
 * 1..127), which is the worst case for the decoder; otherwise all are equal (value 1).
 */
export function withTinySamples(profile: Uint8Array, count: number, distinct = false): Uint8Array {
  const fields = splitTopLevel(profile);
  const sampleTypes = fields.filter((f) => f.field === 1).length;
  const loc = varint(firstSampleLocation(profile));
  const body = [0x0a, loc.length, ...loc, 0x12, sampleTypes, ...new Array<number>(sampleTypes).fill(1)];
  const one = Uint8Array.from([0x12, body.length, ...body]);
  const samples = new Uint8Array(one.length * count);
  for (let i = 0; i < count; i++) {
    samples.set(one, i * one.length);
    if (distinct) samples[(i + 1) * one.length - 1] = (i % 127) + 1;
  }
  const rest = fields.filter((f) => f.field !== 2).map((f) => f.raw);
  return concatBytes([...rest, samples]);
}
