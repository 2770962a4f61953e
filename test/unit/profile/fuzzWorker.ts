// The fuzz loop of fuzz.test.ts, in a worker so the test's watchdog can stop a hang: seeded
// mutations of real profiles go through the decoder; anything but an InputError or a valid
// Profile is reported with the case number and mutation, so a failure reproduces from the seed.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { computeTop } from '../../../src/core/analysis/top';
import { InputError } from '../../../src/core/inputError';
import type { Profile } from '../../../src/core/model/profile';
import { decodeProfile } from '../../../src/core/profile/decodeProfile';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { seededRandom } from '../../support/seededRandom';

export interface FuzzJob {
  seed: number;
  cases: number;
  files: string[];
}
export type FuzzMessage =
  | { kind: 'start'; i: number; what: string }
  | { kind: 'bad'; i: number; what: string; error: string }
  | { kind: 'done'; inputErrors: number; valid: number };

function mutate(rand: () => number, src: Uint8Array, other: Uint8Array): [Uint8Array, string] {
  const int = (n: number) => Math.floor(rand() * n);
  const kind = int(5);
  if (kind === 0) {
    const out = src.slice();
    const flips = 1 + int(8);
    for (let k = 0; k < flips; k++) {
      const at = int(out.length);
      out[at]! ^= 1 << int(8);
    }
    return [out, `${flips} bit flips`];
  }
  if (kind === 1) {
    const at = int(src.length);
    return [src.slice(0, at), `truncated at ${at}`];
  }
  if (kind === 2) {
    const at = int(src.length),
      from = int(other.length),
      len = int(Math.min(4096, other.length - from));
    const out = new Uint8Array(src.length + len);
    out.set(src.subarray(0, at));
    out.set(other.subarray(from, from + len), at);
    out.set(src.subarray(at), at + len);
    return [out, `spliced ${len} bytes at ${at}`];
  }
  if (kind === 3) {
    const out = src.slice();
    const interesting = [0x00, 0x7f, 0x80, 0xff, 0x0a, 0x12];
    const n = 1 + int(4);
    for (let k = 0; k < n; k++) out[int(out.length)] = interesting[int(interesting.length)]!;
    return [out, `${n} interesting bytes`];
  }
  const at = int(src.length),
    len = int(Math.min(2048, src.length - at));
  const out = new Uint8Array(src.length + len);
  out.set(src.subarray(0, at + len));
  out.set(src.subarray(at, at + len), at + len);
  out.set(src.subarray(at + len), at + 2 * len);
  return [out, `duplicated ${len} bytes at ${at}`];
}

function checkValid(p: Profile): void {
  const locations = new Set(p.locations);
  for (const s of p.samples) {
    if (s.values.length !== p.sampleTypes.length) throw new Error('sample value count differs from sample types');
    for (const l of s.locations)
      if (!locations.has(l)) throw new Error('sample refers to a location outside the profile');
  }
  for (let i = 0; i < p.sampleTypes.length; i++) computeTop(p, { sampleIndex: i });
}

async function run(job: FuzzJob): Promise<void> {
  const port = parentPort!;
  const gz = job.files.map((f) => new Uint8Array(readFileSync(f)));
  const raw = gz.map((b) => new Uint8Array(gunzipSync(b)));
  const rand = seededRandom(job.seed);
  let inputErrors = 0,
    valid = 0;
  for (let i = 0; i < job.cases; i++) {
    const pick = Math.floor(rand() * raw.length);
    const other = Math.floor(rand() * raw.length);
    // One case in eight mutates the gzip bytes and goes through an inflater with a small bound.
    const viaGzip = rand() < 0.125;
    const [bytes, how] = mutate(rand, viaGzip ? gz[pick]! : raw[pick]!, raw[other]!);
    const what = `${job.files[pick]}${viaGzip ? ' (gzip)' : ''}: ${how}`;
    port.postMessage({ kind: 'start', i, what } satisfies FuzzMessage);
    try {
      const p = viaGzip
        ? await readProfile(bytesInput('fuzz', bytes), {
            inflater: zlibInflater,
            maxDecompressedBytes: 8 << 20,
          })
        : decodeProfile(bytes, { input: 'fuzz' });
      checkValid(p);
      valid++;
    } catch (e) {
      if (e instanceof InputError) {
        inputErrors++;
        continue;
      }
      port.postMessage({
        kind: 'bad',
        i,
        what,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      } satisfies FuzzMessage);
    }
  }
  port.postMessage({ kind: 'done', inputErrors, valid } satisfies FuzzMessage);
}

if (parentPort) void run(workerData as FuzzJob);
