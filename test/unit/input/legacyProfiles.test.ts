// Profiles in pprof's legacy formats (the binary CPU profile of gperftools and Go before 1.9, the
// text forms of contention, threadcreate and heap growth profiles): recognised by their first
// bytes and refused with what they are and how to convert them, by analyze and top alike, instead
// of "invalid field number 0 in Profile". Built from the formats' layout; where a Go toolchain is
// installed, its pprof reads each of them (they are real legacy profiles) and converts it with
// the command the message gives into a protobuf that `top` then reads.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { detectFormat } from '../../../src/core/input/detectFormat';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { readProfile } from '../../../src/core/input/readProfile';
import { InputError } from '../../../src/core/inputError';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { findPprof } from '../profile/goPprof';

/** gperftools' CPU profile: header words 0, 3, 0, period (µs), 0; samples (count, n, PCs); trailer 0, 1, 0; maps. */
function legacyCpu(wordBytes: 4 | 8, little: boolean): Uint8Array {
  const words = [0, 3, 0, 10000, 0, 5, 2, 0x401000, 0x401100, 3, 1, 0x401200, 0, 1, 0];
  const out = new Uint8Array(words.length * wordBytes);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => {
    if (wordBytes === 8) dv.setBigUint64(i * 8, BigInt(w), little);
    else dv.setUint32(i * 4, w, little);
  });
  const maps = new TextEncoder().encode('00400000-00452000 r-xp 00000000 08:01 123 /usr/bin/legacy\n');
  const all = new Uint8Array(out.length + maps.length);
  all.set(out);
  all.set(maps, out.length);
  return all;
}

const TEXT: [name: string, text: string, what: RegExp][] = [
  ['contention', '--- contention:\ncycles/second=2000000000\n2000 5 @ 0x401000 0x401100\n', /a contention profile/],
  ['mutex', '--- mutex:\ncycles/second=2000000000\nsampling period=1\n2000 5 @ 0x401000 0x401100\n', /a mutex profile/],
  ['threadcreate', 'threadcreate profile: total 2\n1 @ 0x401000\n1 @ 0x401000 0x401100\n', /a threadcreate profile/],
  ['growth', 'heap profile: 1: 512 [1: 512] @ growthz\n1: 512 [1: 512] @ 0x401000\n', /a heap growth profile/],
];

describe('legacy profiles are named, with how to convert them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-legacy-'));
  const files: [string, Uint8Array, RegExp][] = [
    ['cpu64le', legacyCpu(8, true), /a legacy CPU profile/],
    ['cpu32le', legacyCpu(4, true), /a legacy CPU profile/],
    ['cpu64be', legacyCpu(8, false), /a legacy CPU profile/],
    ...TEXT.map(([n, t, w]): [string, Uint8Array, RegExp] => [n, new TextEncoder().encode(t), w]),
  ];

  it('detectFormat knows them from their first bytes', () => {
    for (const [name, bytes] of files)
      assert.equal(detectFormat(bytes), name.startsWith('cpu') ? 'legacy-cpu' : 'other-text-profile', name);
  });

  it('analyze and top refuse them with what they are and the conversion', async () => {
    for (const [name, bytes, what] of files) {
      const f = path.join(dir, name);
      writeFileSync(f, bytes);
      for (const read of [
        () => loadSnapshot([readInput(f)], { inflater: zlibInflater }),
        () => readProfile(readInput(f), { inflater: zlibInflater }),
      ]) {
        await assert.rejects(read, (e: unknown) => {
          assert.ok(e instanceof InputError, String(e));
          assert.match(e.message, what);
          assert.match(e.message, /go tool pprof -proto FILE > FILE\.pb\.gz/);
          assert.doesNotMatch(e.message, /field number/);
          return true;
        });
      }
    }
  });

  const pprof = findPprof();
  it(
    'pprof reads each of them, and its -proto output is what top reads',
    { skip: pprof === null ? 'no Go toolchain with pprof installed' : false },
    async () => {
      for (const [name] of files) {
        const f = path.join(dir, name);
        const converted = `${f}.pb.gz`;
        execFileSync(pprof!, ['-proto', '-symbolize=none', '-output', converted, f], { stdio: 'ignore' });
        const profile = await readProfile(readInput(converted), { inflater: zlibInflater });
        assert.ok(profile.samples.length > 0, `${name}: the converted profile has samples`);
      }
    },
  );
});
