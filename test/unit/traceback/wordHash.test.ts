// The word-at-a-time byte search agrees with a plain backwards loop at every alignment, for bytes
// that differ from the searched one in a single bit (the cases a wrong zero-byte test would miss).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lastIndexOfByte } from '../../../src/core/traceback/wordHash';

function naive(buf: Uint8Array, start: number, end: number, c: number): number {
  for (let i = end - 1; i >= start; i--) if (buf[i] === c) return i;
  return -1;
}

describe('lastIndexOfByte', () => {
  it('finds the last `(` like a byte loop, over every range of many random lines', () => {
    const alphabet = [0x28, 0x29, 0x29 ^ 0x01, 0x28 ^ 0x80, 0x28 ^ 0x08, 0x00, 0xff, 0x61, 0x2e, 0x7b];
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let found = 0;
    for (let trial = 0; trial < 300; trial++) {
      const buf = new Uint8Array(3 + Math.floor(rnd() * 40));
      for (let i = 0; i < buf.length; i++) buf[i] = rnd() < 0.1 ? 0x28 : alphabet[Math.floor(rnd() * alphabet.length)]!;
      const dv = new DataView(buf.buffer);
      for (let s = 0; s <= buf.length; s++) {
        for (let e = s; e <= buf.length; e++) {
          const want = naive(buf, s, e, 0x28);
          if (want >= 0) found++;
          assert.equal(
            lastIndexOfByte(dv, buf, s, e, 0x28, 0x28282828),
            want,
            `range [${s}, ${e}) of ${Array.from(buf)}`,
          );
        }
      }
    }
    assert.ok(found > 1000);
  });

  it('works on a view that starts inside its buffer', () => {
    const whole = new TextEncoder().encode('xxxxxnet/http.(*conn).serve(0xc01059e1b0, {0x79f0a8, 0xc01e9c60f0})');
    const buf = whole.subarray(5);
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    assert.equal(lastIndexOfByte(dv, buf, 1, buf.length - 1, 0x28, 0x28282828), 'net/http.(*conn).serve'.length);
  });
});
