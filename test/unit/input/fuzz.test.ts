// Fuzz-style robustness: thousands of seeded mutations of real inputs (debug=2 from Go 1.19 and
// 1.27, crash output, debug=1, goroutineleak debug=1, a goroutine protobuf, gzip of text), cut
// into random chunks. Every run must end in a snapshot or an InputError — never another
// exception — and the whole test must finish (the runner's timeout catches a hang).
import { gunzipSync } from 'node:zlib';
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { InputError } from '../../../src/core/inputError';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { repoRoot, shopdRoot } from './corpusFiles';
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

function seeds(): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  const add = (name: string, file: string) => {
    if (existsSync(file)) out.push({ name, bytes: readFileSync(file) });
  };
  add('crash', path.join(repoRoot, 'test/fixtures/malformed/text/crash-gotraceback-system-go1.23.txt'));
  add('headers', path.join(repoRoot, 'test/fixtures/malformed/text/headers-and-frames.txt'));
  add('go1.19-debug2', path.join(shopdRoot, 'go1.19/t1_goroutine_debug2.txt'));
  add('go1.27-debug2', path.join(shopdRoot, 'go1.27/t1_goroutine_debug2.txt'));
  add('go1.23-debug1', path.join(shopdRoot, 'go1.23/t1_goroutine_debug1.txt'));
  add('go1.27-leak-debug1', path.join(shopdRoot, 'go1.27/t1_goroutineleak_debug1.txt'));
  if (existsSync(path.join(shopdRoot, 'go1.23/t1_goroutine_debug0.pb.gz'))) {
    out.push({
      name: 'go1.23-proto',
      bytes: zlibInflaterSync(readFileSync(path.join(shopdRoot, 'go1.23/t1_goroutine_debug0.pb.gz'))),
    });
  }
  return out;
}

function zlibInflaterSync(b: Uint8Array): Uint8Array {
  return new Uint8Array(gunzipSync(b));
}

const RUNS_PER_SEED = 400;

describe('fuzz: mutated real inputs', { timeout: 300_000 }, () => {
  for (const seed of seeds()) {
    it(`${seed.name}: ${RUNS_PER_SEED} mutations end in a snapshot or an InputError`, async () => {
      let ok = 0;
      let refused = 0;
      for (let i = 0; i < RUNS_PER_SEED; i++) {
        const r = seededRandom(i * 7919 + seed.bytes.length);
        let bytes = mutate(seed.bytes, r);
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
