// The protobuf wire format over a Uint8Array, hand-written rather than protobufjs' Reader so that
// every error knows its byte offset and so that 64-bit varints become plain numbers without Long
// objects (see bench/decodeProfile.ts for the measured difference). This is the decoder's one
// number policy: a varint is exact up to 2^53 or rejected, except addresses and timestamps (`approx`).
import { InputError } from '../inputError';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const utf8Decoder = new TextDecoder('utf-8');
const TWO_32 = 4294967296;
/** Largest high word (bits 32..63) of a value ≤ 2^53: 2^53 = 0x200000 << 32. */
const MAX_SAFE_HIGH = 0x200000;

export class ProtoReader {
  pos: number;
  private readonly buf: Uint8Array;
  private readonly input: string;

  constructor(buf: Uint8Array, input: string) {
    this.buf = buf;
    this.pos = 0;
    this.input = input;
  }

  fail(problem: string, offset: number): never {
    throw new InputError(problem, { stage: 'decoding protobuf', input: this.input, offset });
  }

  /** Reads a varint as a non-negative number ≤ 2^53 (ids, string indexes, tags, lengths). */
  uint(): number {
    const buf = this.buf;
    const pos = this.pos;
    // Fast path: most varints in a profile are one or two bytes.
    if (pos < buf.length) {
      const b0 = buf[pos]!;
      if (b0 < 0x80) {
        this.pos = pos + 1;
        return b0;
      }
      if (pos + 1 < buf.length) {
        const b1 = buf[pos + 1]!;
        if (b1 < 0x80) {
          this.pos = pos + 2;
          return (b0 & 0x7f) | (b1 << 7);
        }
      }
    }
    return this.slowVarint(false, false);
  }

  /** Reads an int64 varint: negative values arrive as ten-byte two's complement. */
  int(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < buf.length && buf[pos]! < 0x80) {
      this.pos = pos + 1;
      return buf[pos]!;
    }
    return this.slowVarint(true, false);
  }

  /**
   * Reads a varint that is a label, not a quantity: addresses and wall-clock nanoseconds. Real
   * profiles hold values above 2^53 there (`time_nanos` is ~1.8e18; the `[vsyscall]` mapping sits
   * at 0xffffffffff600000) and nothing adds or compares them, so they are the one exception to
   * the 2^53 rule: above it they are rounded to the nearest double (~256 ns for a timestamp).
   */
  approx(signed: boolean): number {
    return this.slowVarint(signed, true);
  }

  private slowVarint(signed: boolean, inexactOk: boolean): number {
    const buf = this.buf;
    const start = this.pos;
    let lo = 0;
    let hi: number;
    let pos = start;
    let b: number;
    // Bytes 0..3 fill bits 0..27 of the low word.
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= buf.length) this.truncatedVarint(start);
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return lo >>> 0;
      }
    }
    // Byte 4 straddles the words: 4 bits low, 3 bits high.
    if (pos >= buf.length) this.truncatedVarint(start);
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (pos - start >= 10) this.fail('varint longer than 10 bytes', start);
        if (pos >= buf.length) this.truncatedVarint(start);
        b = buf[pos++]!;
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    lo >>>= 0;
    hi >>>= 0;
    if (hi < MAX_SAFE_HIGH || (hi === MAX_SAFE_HIGH && lo === 0)) return hi * TWO_32 + lo;
    if (signed && hi >= 0xffe00000) {
      // Two's complement negative with magnitude ≤ 2^53.
      return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
    }
    if (inexactOk) return signed && hi >= 0x80000000 ? -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1) : hi * TWO_32 + lo;
    const shown = (BigInt(hi) << 32n) | BigInt(lo);
    return this.fail(
      `value ${signed ? BigInt.asIntN(64, shown) : shown} is outside ±2^53, the largest integer this decoder represents exactly`,
      start,
    );
  }

  private truncatedVarint(start: number): never {
    return this.fail('varint runs past the end of the data (truncated protobuf?)', start);
  }

  /** Reads a length prefix and returns the end offset of the field, checked against `limit`. */
  lengthEnd(limit: number, what: string): number {
    const at = this.pos;
    const len = this.uint();
    const end = this.pos + len;
    if (end > limit) {
      this.fail(
        `${what} of ${len} bytes runs past the end of its enclosing message at byte ${limit} (truncated protobuf?)`,
        at,
      );
    }
    return end;
  }

  /** Skips a field of an unknown number (forward compatibility, as profile.proto grows). */
  skip(wireType: number, limit: number, tagOffset: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.slowVarint(false, true);
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_LENGTH_DELIMITED:
        this.pos = this.lengthEnd(limit, 'unknown field');
        return;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        this.fail(`unsupported wire type ${wireType}`, tagOffset);
    }
    if (this.pos > limit)
      this.fail('fixed-size field runs past the end of its message (truncated protobuf?)', tagOffset);
  }

  string(start: number, end: number): string {
    const buf = this.buf;
    // Short ASCII (most function names and file paths) without TextDecoder's per-call overhead.
    if (end - start <= 64) {
      let s = '';
      for (let i = start; i < end; i++) {
        const c = buf[i]!;
        if (c >= 0x80) return this.utf8(start, end);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.utf8(start, end);
  }

  private utf8(start: number, end: number): string {
    return utf8Decoder.decode(this.buf.subarray(start, end));
  }
}
