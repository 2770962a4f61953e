// Bad input to the protobuf path: each case ends in one InputError naming the stage and, where it
// has one, the byte offset; the odd-but-valid cases (zero samples, unpacked fields, unknown fields,
// negative values) decode.
import { gunzipSync } from 'node:zlib';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../../src/core/inputError';
import { decodeProfile } from '../../../src/core/profile/decodeProfile';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { concat, message, packed, tinyProfile } from './protoWriter';

const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'malformed', 'proto');
const fixture = (name: string) => readFileSync(path.join(fixtures, name));

function inputError(fn: () => unknown, stage: string, message: RegExp): InputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    assert.equal(e.stage, stage);
    assert.match(e.message, message);
    return e;
  }
  assert.fail('expected an InputError');
}

async function rejectsInput(p: Promise<unknown>, stage: string, message: RegExp): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    assert.equal(e.stage, stage);
    assert.match(e.message, message);
    return e;
  }
  assert.fail('expected an InputError');
}

describe('decodeProfile: malformed input', () => {
  it('rejects an empty input', () => {
    inputError(
      () => decodeProfile(new Uint8Array(0), { input: 'empty.pb' }),
      'decoding protobuf',
      /^empty\.pb: decoding protobuf: the input is empty/,
    );
  });

  it('rejects garbage with the offending offset', () => {
    const e = inputError(() => decodeProfile(fixture('garbage.bin'), { input: 'g' }), 'decoding protobuf', /byte \d+/);
    assert.equal(typeof e.offset, 'number');
  });

  it('rejects a varint longer than 10 bytes, at the byte where it starts', () => {
    const e = inputError(
      () => decodeProfile(fixture('varint-11-bytes.pb'), { input: 'v' }),
      'decoding protobuf',
      /^v, byte 1: decoding protobuf: varint longer than 10 bytes$/,
    );
    assert.equal(e.offset, 1);
  });

  it('rejects a value above 2^53 instead of rounding it', () => {
    const bytes = tinyProfile({
      samples: [
        [
          [1, 1],
          [2, 2n ** 60n],
        ],
      ],
    });
    inputError(
      () => decodeProfile(bytes, { input: 'big' }),
      'decoding protobuf',
      /value 1152921504606846976 is outside ±2\^53/,
    );
  });

  it("accepts exactly 2^53 and negative int64 values (ten-byte two's complement)", () => {
    const p = decodeProfile(
      tinyProfile({
        samples: [
          [
            [1, 1],
            [2, 2n ** 53n],
          ],
          [
            [1, 1],
            [2, -5],
          ],
          [
            [1, 1],
            [2, -(2n ** 53n)],
          ],
        ],
      }),
      { input: 't' },
    );
    assert.deepEqual(
      p.samples.map((s) => s.values[0]),
      [2 ** 53, -5, -(2 ** 53)],
    );
  });

  it('rejects a protobuf truncated inside a field, naming truncation', () => {
    const raw = new Uint8Array(
      readFileSync(path.join(__dirname, '..', '..', 'golden', 'profile', 'go1.23_t1_goroutine.pb.gz')),
    );
    const full = gunzipSync(raw);
    // Cut inside the string table: a length-delimited field whose length runs past the end.
    inputError(
      () => decodeProfile(full.subarray(0, full.length - 3), { input: 't' }),
      'decoding protobuf',
      /runs past the end .*truncated protobuf\?/,
    );
    // Cut inside a varint.
    const cut = message([[1, message([[1, 1]])]]);
    inputError(
      () => decodeProfile(concat(cut, Uint8Array.from([0x48, 0x80])), { input: 't' }),
      'decoding protobuf',
      /varint runs past the end/,
    );
  });

  it('names the sample that refers to a missing location', () => {
    const e = inputError(
      () => decodeProfile(fixture('dangling-location.pb'), { input: 'd' }),
      'validating profile',
      /sample 3 refers to location 99, which does not exist/,
    );
    assert.ok(e.offset! > 0);
  });

  it('names the string index that is out of range', () => {
    inputError(
      () => decodeProfile(fixture('string-index-out-of-range.pb'), { input: 's' }),
      'validating profile',
      /sample 0 label "route" refers to string 70, but the string table has 7 entries/,
    );
  });

  it('rejects a location with a missing function or mapping, and duplicate or zero ids', () => {
    const badFn = tinyProfile({
      extra: [
        [
          4,
          message([
            [1, 2],
            [4, message([[1, 9]])],
          ]),
        ],
      ],
    });
    inputError(
      () => decodeProfile(badFn, { input: 'f' }),
      'validating profile',
      /location 2 refers to function 9, which does not exist/,
    );
    const badMapping = tinyProfile({
      extra: [
        [
          4,
          message([
            [1, 2],
            [2, 3],
          ]),
        ],
      ],
    });
    inputError(
      () => decodeProfile(badMapping, { input: 'm' }),
      'validating profile',
      /location 2 refers to mapping 3, which does not exist/,
    );
    const dup = tinyProfile({ extra: [[4, message([[1, 1]])]] });
    inputError(() => decodeProfile(dup, { input: 'm' }), 'validating profile', /location 1 repeats id 1/);
    const zero = tinyProfile({ extra: [[5, message([[2, 3]])]] });
    inputError(() => decodeProfile(zero, { input: 'm' }), 'validating profile', /function 1 has the reserved id 0/);
  });

  it('rejects a sample with a different number of values than sample types', () => {
    inputError(
      () =>
        decodeProfile(
          tinyProfile({
            samples: [
              [
                [1, 1],
                [2, 1],
                [2, 2],
              ],
            ],
          }),
          { input: 'x' },
        ),
      'validating profile',
      /sample 0 has 2 values but the profile has 1 sample types/,
    );
  });

  it('rejects a known field with the wrong wire type', () => {
    inputError(
      () => decodeProfile(message([[2, 7]]), { input: 'w' }),
      'decoding protobuf',
      /field 2 of Profile has wire type 0/,
    );
  });

  it('rejects a string table that does not start with ""', () => {
    inputError(() => decodeProfile(message([[6, 'x']]), { input: 'w' }), 'validating profile', /must start with ""/);
  });
});

describe('decodeProfile: odd but valid input', () => {
  it('accepts a profile with zero samples', () => {
    const p = decodeProfile(tinyProfile({ samples: [] }), { input: 'z' });
    assert.equal(p.samples.length, 0);
    assert.deepEqual(p.sampleTypes, [{ type: 'goroutine', unit: 'count' }]);
  });

  it('decodes packed and unpacked repeated fields alike', () => {
    const unpacked = tinyProfile({
      samples: [
        [
          [1, 1],
          [1, 1],
          [2, 3],
        ],
      ],
    });
    const packedForm = tinyProfile({
      samples: [
        [
          [1, packed([1, 1])],
          [2, packed([3])],
        ],
      ],
    });
    const a = decodeProfile(unpacked, { input: 'u' });
    const b = decodeProfile(packedForm, { input: 'p' });
    assert.deepEqual(b.samples[0]!.values, [3]);
    assert.equal(b.samples[0]!.locations.length, 2);
    assert.deepEqual(JSON.stringify(a), JSON.stringify(b));
  });

  it('decodes location ids split over packed runs and single varints, in order', () => {
    const bytes = message([
      [
        1,
        message([
          [1, 1],
          [2, 2],
        ]),
      ],
      [
        2,
        message([
          [1, packed([1, 2])],
          [1, 1],
          [2, 4],
          [1, packed([2])],
        ]),
      ],
      [4, message([[1, 1]])],
      [4, message([[1, 2]])],
      ...['', 'goroutine', 'count'].map((s): [number, string] => [6, s]),
    ]);
    const p = decodeProfile(bytes, { input: 'mixed' });
    assert.deepEqual(
      p.samples[0]!.locations.map((l) => l.id),
      [1, 2, 1, 2],
    );
  });

  it('skips unknown fields of every wire type', () => {
    const fixed32 = Uint8Array.from([(((100 << 3) | 5) & 0x7f) | 0x80, 100 >> 4, 1, 2, 3, 4]);
    const fixed64 = Uint8Array.from([(((101 << 3) | 1) & 0x7f) | 0x80, 101 >> 4, 1, 2, 3, 4, 5, 6, 7, 8]);
    const p = decodeProfile(
      concat(
        tinyProfile(),
        message([
          [99, 7],
          [98, 'x'],
        ]),
        fixed32,
        fixed64,
      ),
      { input: 'u' },
    );
    assert.equal(p.samples.length, 1);
    assert.equal(p.samples[0]!.labels['route'], '/x');
  });

  it('keeps label keys that look like Object.prototype members as plain data', () => {
    const bytes = message([
      [
        1,
        message([
          [1, 1],
          [2, 2],
        ]),
      ],
      [
        2,
        message([
          [2, 1],
          [
            3,
            message([
              [1, 3],
              [2, 4],
            ]),
          ],
          [
            3,
            message([
              [1, 5],
              [3, 7],
            ]),
          ],
        ]),
      ],
      ...['', 'goroutine', 'count', '__proto__', 'polluted', 'toString'].map((s): [number, string] => [6, s]),
    ]);
    const p = decodeProfile(bytes, { input: 'p' });
    assert.equal(p.samples[0]!.labels['__proto__'], 'polluted');
    assert.equal(p.samples[0]!.numLabels['toString'], 7);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('readProfile: what is not a profile, by the one format detector', () => {
  it('recognises an HTML error page', async () => {
    const e = await rejectsInput(
      readProfile(bytesInput('page', fixture('html-error-page.html')), { inflater: zlibInflater }),
      'detecting format',
      /an HTML page, not a profile or goroutine dump/,
    );
    assert.equal(e.excerpt, '<!DOCTYPE html>');
  });

  it('recognises a plain-text answer such as a 404 body', async () => {
    await rejectsInput(
      readProfile(bytesInput('x', fixture('not-found.txt')), { inflater: zlibInflater }),
      'detecting format',
      /neither a pprof protobuf profile nor a heap profile in text form \(at "404 page not found"\)/,
    );
  });

  it('names a goroutine dump, whatever its first bytes (not a wire error halfway in)', async () => {
    const dump = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'malformed', 'text', 'sigquit-go1.23.txt'));
    await rejectsInput(
      readProfile(bytesInput('dump', gzipSync(dump)), { inflater: zlibInflater }),
      'detecting format',
      /^dump: detecting format: a goroutine dump, not a pprof profile\. Use `goroutine-inspector analyze`/,
    );
  });

  it('reads heap debug=1 text as a profile', async () => {
    const text = 'heap profile: 1: 16 [2: 32] @ heap/2\n1: 16 [2: 32] @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go:3\n';
    const p = await readProfile(bytesInput('h', new TextEncoder().encode(text)), { inflater: zlibInflater });
    assert.deepEqual(
      p.sampleTypes.map((t) => t.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
  });
});

describe('readProfile: gzip', () => {
  const inflater = zlibInflater;
  it('rejects truncated gzip', async () => {
    await rejectsInput(
      readProfile(bytesInput('t.gz', fixture('truncated.pb.gz')), { inflater }),
      'decompressing',
      /^t\.gz, byte \d+: decompressing: gzip data is corrupt or truncated/,
    );
  });

  it('decodes gzipped and raw alike', async () => {
    const raw = tinyProfile();
    const a = await readProfile(bytesInput('a', gzipSync(raw)), { inflater });
    const b = await readProfile(bytesInput('b', raw), { inflater });
    assert.deepEqual(JSON.stringify(a), JSON.stringify(b));
  });

  it('stops a gzip bomb at the limit (2 GiB of zeros in ~2 MB)', async () => {
    const bomb = gzipBomb();
    assert.ok(bomb.length < 4 << 20, `bomb is ${bomb.length} bytes`);
    const before = process.memoryUsage().rss;
    const e = await rejectsInput(
      readProfile(bytesInput('bomb.gz', bomb), { inflater, maxDecompressedBytes: 1 << 20 }),
      'decompressing',
      /exceeds the limit of 1048576 bytes/,
    );
    assert.match(e.message, /gzip bomb/);
    // Bounded memory: nowhere near the 2 GiB the bomb expands to.
    assert.ok(process.memoryUsage().rss - before < 256 << 20);
  });

  it('rejects an empty gzip member as an empty profile', async () => {
    await rejectsInput(
      readProfile(bytesInput('e.gz', gzipSync(new Uint8Array(0))), { inflater }),
      'detecting format',
      /the input is empty/,
    );
  });
});

/**
 * A profile followed by 2 GiB of one valid field again and again (drop_frames = 0, `38 00`) as
 * gzip: one member of 16 MiB (~16 KB compressed) repeated 128 times. Concatenated members are one
 * valid gzip stream (RFC 1952), which zlib follows. Valid framing all the way, so that only the
 * bound stops it: zeros are refused on sight as NUL bytes, garbage by the framing check.
 */
function gzipBomb(): Uint8Array {
  const fields = new Uint8Array(16 << 20);
  for (let i = 0; i < fields.length; i += 2) fields[i] = 0x38;
  const member = gzipSync(fields, { level: 9 });
  return concat(gzipSync(tinyProfile()), ...Array.from({ length: 128 }, () => member));
}
