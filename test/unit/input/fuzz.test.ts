// Fuzz-style robustness: thousands of seeded mutations of real inputs (debug=2 from Go 1.19 and
// 1.27, crash output, debug=1, goroutineleak debug=1, a goroutine protobuf, gzip of text), cut
// into random chunks. Every run must end in a snapshot or an InputError — never another
// exception — and the whole test must finish (the runner's timeout catches a hang). The seeds
// are our own fixtures, so every clone fuzzes the same inputs; the shared corpus adds the same
// shapes from a larger service when it is present, and its seeds are skipped, by name, when not.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { InputError } from '../../../src/core/inputError';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { corpusPresent, repoRoot, shopdRoot, SKIP_NOTE } from './corpusFiles';
import { seededRandom } from '../../support/seededRandom';

const TOKENS = [
  '\n',
  '\r\n',
  '\t',
  '\0',
  'goroutine ',
  ' [',
  ']:',
  '(',
  ')',
  ':',
  ' +0x',
  'created by ',
  ' in goroutine ',
  '...5 frames elided...',
  '{',
  '}',
  '"',
  '\\',
  ' minutes',
  ', locked to thread',
  '# labels: {"a":"b"}',
  '#\t0x1\tf+0x1\tx.go:1',
  '99999999999999999999',
];

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  let b = src;
  const edits = 1 + Math.floor(r() * 8);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (b.length + 1));
    const kind = Math.floor(r() * 6);
    if (kind === 0 && b.length > 0) {
      const c = b.slice();
      c[Math.min(at, c.length - 1)] = Math.floor(r() * 256);
      b = c;
    } else if (kind === 1) {
      const len = Math.floor(r() * 200);
      b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + len)));
    } else if (kind === 2) {
      const len = Math.floor(r() * 300);
      b = concat(b.subarray(0, at), b.subarray(at, at + len), b.subarray(at));
    } else if (kind === 3) {
      const t = new TextEncoder().encode(TOKENS[Math.floor(r() * TOKENS.length)]!);
      b = concat(b.subarray(0, at), t, b.subarray(at));
    } else if (kind === 4) {
      b = b.subarray(0, at);
    } else {
      const other = Math.floor(r() * (b.length + 1));
      const line = b.subarray(other, other + 80);
      b = concat(b.subarray(0, at), line, b.subarray(at));
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

interface Seed {
  readonly name: string;
  readonly file: string;
  /** Fuzz the decompressed bytes (a gzipped proto), not the gzip stream. */
  readonly gunzip?: boolean;
}

const FIXTURES = path.join(repoRoot, 'test', 'fixtures');

/** Committed with the repository: a missing one fails the test instead of vanishing from the run. */
const OWN_SEEDS: readonly Seed[] = [
  { name: 'crash', file: path.join(FIXTURES, 'malformed/text/crash-gotraceback-system-go1.23.txt') },
  { name: 'headers', file: path.join(FIXTURES, 'malformed/text/headers-and-frames.txt') },
  { name: 'go1.19-debug2', file: path.join(FIXTURES, 'go1.19/leakyapi/t1_goroutine_debug2.txt') },
  { name: 'go1.27-debug2', file: path.join(FIXTURES, 'go1.27/leakyapi/t1_goroutine_debug2.txt') },
  { name: 'go1.23-debug1', file: path.join(FIXTURES, 'go1.23/leakyapi/t1_goroutine_debug1.txt') },
  { name: 'go1.27-leak-debug1', file: path.join(FIXTURES, 'go1.27/leakyapi/t1_goroutineleak_debug1.txt') },
  { name: 'go1.23-proto', file: path.join(FIXTURES, 'go1.23/leakyapi/t1_goroutine_debug0.pb.gz'), gunzip: true },
];

/** The shared corpus's larger service, when it sits beside the repository. */
const CORPUS_SEEDS: readonly Seed[] = [
  { name: 'shopd go1.19-debug2', file: path.join(shopdRoot, 'go1.19/t1_goroutine_debug2.txt') },
  { name: 'shopd go1.27-debug2', file: path.join(shopdRoot, 'go1.27/t1_goroutine_debug2.txt') },
  { name: 'shopd go1.23-debug1', file: path.join(shopdRoot, 'go1.23/t1_goroutine_debug1.txt') },
  { name: 'shopd go1.27-leak-debug1', file: path.join(shopdRoot, 'go1.27/t1_goroutineleak_debug1.txt') },
  { name: 'shopd go1.23-proto', file: path.join(shopdRoot, 'go1.23/t1_goroutine_debug0.pb.gz'), gunzip: true },
];

function seedBytes(seed: Seed): Uint8Array {
  const bytes = readFileSync(seed.file);
  return seed.gunzip ? new Uint8Array(gunzipSync(bytes)) : bytes;
}

const RUNS_PER_SEED = 400;

describe('fuzz: mutated real inputs', { timeout: 300_000 }, () => {
  for (const seed of [...OWN_SEEDS, ...CORPUS_SEEDS]) {
    const skip = OWN_SEEDS.includes(seed) || corpusPresent ? false : SKIP_NOTE;
    it(`${seed.name}: ${RUNS_PER_SEED} mutations end in a snapshot or an InputError`, { skip }, async () => {
      const source = seedBytes(seed);
      let ok = 0;
      let refused = 0;
      for (let i = 0; i < RUNS_PER_SEED; i++) {
        const r = seededRandom(i * 7919 + source.length);
        let bytes = mutate(source, r);
        if (r() < 0.1) bytes = gzipSync(bytes);
        if (r() < 0.05) {
          const gz = gzipSync(bytes);
          bytes = gz.subarray(0, Math.floor(r() * gz.length));
        }
        const chunk = 1 + Math.floor(r() * 4096);
        const chunks = (async function* () {
          for (let k = 0; k < bytes.length; k += chunk) yield bytes.subarray(k, k + chunk);
        })();
        try {
          const s = await loadSnapshot([{ name: `${seed.name}#${i}`, chunks }], { inflater: zlibInflater });
          assert.equal(
            s.goroutineCount,
            s.groups.reduce((n, g) => n + g.count, 0),
          );
          ok++;
        } catch (e) {
          if (!(e instanceof InputError)) {
            assert.fail(
              `${seed.name} mutation ${i} threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`,
            );
          }
          refused++;
        }
      }
      assert.equal(ok + refused, RUNS_PER_SEED);
      assert.ok(ok > 0, 'some mutations should still decode');
    });
  }
});
