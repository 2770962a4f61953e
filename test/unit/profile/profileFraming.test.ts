// ProfileFraming, the streaming check of a Profile's top-level framing that `top` runs while it
// reads: every real fixture profile passes whatever the chunking, random bytes and truncated or
// damaged profiles fail, a field past the size limit gets the limit's error.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/inputError';
import { ProfileFraming } from '../../../src/core/profile/profileFraming';
import { seededRandom } from '../../support/seededRandom';

const fixtures = path.join(__dirname, '..', '..', 'fixtures');

function protos(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'malformed' ? [] : protos(p);
    return name.endsWith('.pb.gz') ? [p] : [];
  });
}

class TooLarge extends Error {}

function check(bytes: Uint8Array, chunk: number, maxBytes = bytes.length): void {
  const f = new ProfileFraming('test', maxBytes, () => new TooLarge('too large'));
  for (let i = 0; i < bytes.length; i += chunk) f.push(bytes.subarray(i, i + chunk));
  f.finish();
}

describe('ProfileFraming', () => {
  const all = protos(fixtures).map((p) => [p, gunzipSync(readFileSync(p))] as const);

  it('passes every fixture profile, in chunks of any size', () => {
    assert.ok(all.length >= 10, `${all.length} fixture profiles`);
    for (const [file, bytes] of all) {
      for (const chunk of [1, 7, 4096, bytes.length]) {
        assert.doesNotThrow(() => check(bytes, chunk), `${file} in chunks of ${chunk}`);
      }
    }
  });

  it('fails random bytes, nearly always within the first kilobytes', () => {
    const rnd = seededRandom(12);
    const offsets: number[] = [];
    for (let n = 0; n < 500; n++) {
      const bytes = Uint8Array.from({ length: 64 << 10 }, () => Math.floor(rnd() * 256));
      const f = new ProfileFraming('random', 1 << 30, () => new TooLarge('too large'));
      let at = 0;
      assert.throws(
        () => {
          for (; at < bytes.length; at += 1024) f.push(bytes.subarray(at, at + 1024));
          f.finish();
        },
        (e: Error) => e instanceof InputError || e instanceof TooLarge,
      );
      offsets.push(at);
    }
    offsets.sort((a, b) => a - b);
    // A random length can make the check skip far (bounded by the size limit), but rarely.
    assert.equal(offsets[Math.floor(offsets.length * 0.95)], 0, `95th percentile: ${offsets[475]} bytes`);
  });

  it('fails a profile cut short, naming where the cut field starts', () => {
    const [, bytes] = all[0]!;
    assert.throws(() => check(bytes.subarray(0, bytes.length - 3), 4096, bytes.length), /ends inside a field/);
  });

  it('gives the size limit its own error', () => {
    const [, bytes] = all[0]!;
    assert.throws(() => check(bytes, 4096, bytes.length - 1), TooLarge);
  });

  it('refuses a wire type profile.proto does not allow for a known field', () => {
    // Field 2 (sample) as a varint, field 0, wire type 7, field 1000.
    for (const bad of [[0x10, 0x01], [0x00], [0x0f], [0xc0, 0x3e, 0x01]]) {
      assert.throws(
        () => check(Uint8Array.from(bad), 1),
        (e: Error) => e instanceof InputError,
        String(bad),
      );
    }
  });
});
