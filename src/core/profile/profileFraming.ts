// A streaming check of the top level of a Profile message, run on the bytes while they are read:
// the protobuf decoder needs the whole profile in memory, so without it a stream of random bytes
// (`top - < /dev/urandom`) was collected up to the size limit before the first byte was judged.
// It follows only the framing (tags, lengths) of the top-level fields, with the same rules as the
// decoder (profileWire.ts): field number 0, wire types 3, 4, 6 and 7, a known field with a wire
// type profile.proto does not allow, a length past the size limit (reported as the limit's error,
// since a genuine profile that is too large ends that way too). Random bytes break one of these
// within a few fields; a real profile passes at the cost of reading a few bytes per field.
import { InputError } from '../inputError';

/** Known top-level fields: true for length-delimited (messages, strings), false for varints. */
const LENGTH_DELIMITED: Readonly<Record<number, boolean>> = {
  1: true,
  2: true,
  3: true,
  4: true,
  5: true,
  6: true,
  7: false,
  8: false,
  9: false,
  10: false,
  11: true,
  12: false,
  14: false,
};
const COMMENT = 13; // repeated int64: varint or packed
/**
 * Unknown fields are skipped by the decoder, as protobuf requires, and profile.proto may grow; but
 * not to field numbers in the thousands, which is what random bytes read as a tag mostly give.
 */
const MAX_UNKNOWN_FIELD = 64;

type State = 'tag' | 'length' | 'varint' | 'skip';

export class ProfileFraming {
  private state: State = 'tag';
  private offset = 0;
  /** Start of the field being read, for messages. */
  private fieldAt = 0;
  private value = 0;
  private shift = 1;
  private skipLeft = 0;

  constructor(
    private readonly input: string,
    /** The whole profile is at most this long. */
    private readonly maxBytes: number,
    /** The error for a field that ends past `maxBytes` (the profile is too large, or random). */
    private readonly tooLarge: () => Error,
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'skip') {
        const n = Math.min(this.skipLeft, chunk.length - i);
        i += n;
        this.offset += n;
        this.skipLeft -= n;
        if (this.skipLeft === 0) this.state = 'tag';
        continue;
      }
      const b = chunk[i++]!;
      this.offset++;
      if (this.state === 'tag' && this.shift === 1 && this.value === 0) this.fieldAt = this.offset - 1;
      this.value += (b & 0x7f) * this.shift;
      this.shift *= 128;
      if (b >= 0x80) {
        // Ten bytes hold any 64-bit varint.
        if (this.shift > 2 ** 70) this.fail('a varint longer than 10 bytes');
        continue;
      }
      const v = this.value;
      this.value = 0;
      this.shift = 1;
      if (this.state === 'tag') this.tag(v);
      else if (this.state === 'length') {
        if (v > this.maxBytes - this.offset) throw this.tooLarge();
        this.skipLeft = v;
        this.state = v === 0 ? 'tag' : 'skip';
      } else this.state = 'tag';
    }
  }

  /** The input ended: it must not end inside a field. */
  finish(): void {
    if (this.state !== 'tag' || this.shift !== 1) this.fail('the profile ends inside a field');
  }

  private tag(tag: number): void {
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) this.fail('invalid field number 0 in Profile');
    if (field > MAX_UNKNOWN_FIELD) this.fail(`field ${field} of Profile is not in profile.proto`);
    const known = LENGTH_DELIMITED[field];
    const allowed =
      field === COMMENT
        ? wireType === 0 || wireType === 2
        : known === undefined
          ? wireType === 0 || wireType === 1 || wireType === 2 || wireType === 5
          : wireType === (known ? 2 : 0);
    if (!allowed)
      this.fail(`field ${field} of Profile has wire type ${wireType}, which profile.proto does not allow there`);
    if (wireType === 0) this.state = 'varint';
    else if (wireType === 2) this.state = 'length';
    else {
      this.skipLeft = wireType === 1 ? 8 : 4;
      this.state = 'skip';
    }
  }

  private fail(problem: string): never {
    throw new InputError(problem, {
      stage: 'decoding protobuf',
      input: this.input,
      offset: this.fieldAt,
      hint: 'The input is not a pprof protobuf profile (or is damaged)',
    });
  }
}
