// Fuzz-style robustness: thousands of seeded mutations of real inputs (debug=2 from Go 1.19 and
// 1.27, crash output, debug=1, goroutineleak debug=1, a goroutine protobuf, gzip of text), cut
// into random chunks. Every run must end in a snapshot or an InputError — never another
// exception — and the whole test must finish (the runner's timeout catches a hang). The seeds
// are our own fixtures, so every clone fuzzes the same inputs; the shared corpus adds the same
// shapes from a larger service when it is present, and its seeds are skipped, by name, when not.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { InputError } from '../../../src/core/inputError';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { corpusPresent, repoRoot, shopdRoot, SKIP_NOTE } from './corpusFiles';
import { seededRandom } from '../../support/seededRandom';
import { PASTE_FORMS, pasteForm } from '../../support/pasteForms';
import type { GoroutineSnapshot } from '../../../src/core/model/goroutine';

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

// Pasted forms of every dump: tabs expanded, indentation mixed or added, CRLF, trailing spaces,
// a log prefix on every line (pasteForms.ts). Each must give the same groups (stacks, states,
// labels, creators, ancestors, ids, counts) and the same warnings on the same lines as the dump
// as the runtime wrote it; the runs are seeded, so every clone checks the same variants.
const VARIANTS_PER_FORM = 3;

/** Our own dumps: every goroutine text fixture of every version (debug=2, debug=1, crashes, races). */
function ownDumps(): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  for (const v of ['go1.19', 'go1.23', 'go1.27']) {
    for (const sub of ['leakyapi', 'meteohub', 'tracebacks', 'pasted']) {
      const dir = path.join(FIXTURES, v, sub);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).sort()) {
        const real = sub !== 'pasted' || /^(dump|crash|race|hang|ancestors|logdump)\.txt$/.test(f);
        if (real && /goroutine(leak)?_debug[12]\.txt(\.gz)?$|^[a-z_]+\.txt$/.test(f) && f !== 'GROUND_TRUTH.json')
          out.push({ name: `${v}/${sub}/${f}`, file: path.join(dir, f) });
      }
    }
  }
  return out;
}

function corpusDumps(): { name: string; file: string }[] {
  if (!corpusPresent) return [];
  const out: { name: string; file: string }[] = [];
  for (const v of readdirSync(shopdRoot).filter((d) => /^go1\.\d+$/.test(d))) {
    for (const f of readdirSync(path.join(shopdRoot, v)).sort()) {
      if (/goroutine(leak)?_debug[12]\.txt$/.test(f))
        out.push({ name: `shopd ${v}/${f}`, file: path.join(shopdRoot, v, f) });
    }
  }
  return out;
}

/** A snapshot as comparable data: groups in a canonical order, warnings by line. */
function canonical(s: GoroutineSnapshot) {
  const frames = (fs: readonly { function: string; file: string; line: number }[]) =>
    fs.map((f) => `${f.function} ${f.file}:${f.line}`).join(' | ');
  const groups = s.groups.map((g) =>
    JSON.stringify({
      stack: frames(g.stack.frames),
      elided: g.stack.elidedFrames,
      truncated: g.stack.truncated,
      state: g.state,
      labels: Object.entries(g.labels).sort(),
      createdBy: g.createdBy && frames([g.createdBy]),
      ancestors: (g.ancestors ?? []).map((a) => [frames(a.stack.frames), a.createdBy && frames([a.createdBy])]),
      ancestorIds: g.ancestorIds ?? [],
      race: g.race ?? null,
      count: g.count,
      ids: g.ids,
      parents: g.parentIds,
      minutes: g.waitMinutes,
      leaked: g.leakedCount,
    }),
  );
  return {
    goroutines: s.goroutineCount,
    groups: groups.sort(),
    warnings: s.warnings.map((w) => w.line ?? -1),
    testTimeout: s.testTimeout ?? null,
  };
}

async function snapshotOf(name: string, bytes: Uint8Array, chunk: number): Promise<GoroutineSnapshot> {
  const chunks = (async function* () {
    for (let k = 0; k < bytes.length; k += chunk) yield bytes.subarray(k, k + chunk);
  })();
  return loadSnapshot([{ name, chunks }], { inflater: zlibInflater });
}

describe('fuzz: pasted forms of every dump give the same groups', { timeout: 600_000 }, () => {
  const own = ownDumps();
  it('the project fixtures hold the dumps to paste', () => {
    // 3 versions × (leakyapi 3 dumps + 2 debug=1, meteohub, tracebacks 11, pasted 6): a missing folder fails here.
    assert.ok(own.length >= 60, `${own.length} dumps`);
  });
  for (const seedSet of [
    { label: 'project fixtures', dumps: own, skip: false as const },
    { label: 'shared corpus', dumps: corpusDumps(), skip: corpusPresent ? (false as const) : SKIP_NOTE },
  ]) {
    it(
      `${seedSet.label}: ${PASTE_FORMS.length} forms × ${VARIANTS_PER_FORM} variants of each dump`,
      { skip: seedSet.skip },
      async () => {
        let variants = 0;
        for (const d of seedSet.dumps) {
          let raw = readFileSync(d.file);
          if (d.file.endsWith('.gz')) raw = gunzipSync(raw);
          const text = raw.toString('utf8');
          const want = canonical(await snapshotOf(d.name, raw, raw.length));
          for (const form of PASTE_FORMS) {
            for (let k = 0; k < VARIANTS_PER_FORM; k++) {
              const r = seededRandom(raw.length * 31 + PASTE_FORMS.indexOf(form) * 7 + k);
              const pasted = new TextEncoder().encode(pasteForm(text, form, r));
              const chunk = k === 0 ? pasted.length : 1 + Math.floor(r() * 8192);
              const got = canonical(await snapshotOf(`${d.name} ${form}#${k}`, pasted, chunk));
              assert.deepEqual(got, want, `${d.name} as ${form} #${k} (chunks of ${chunk})`);
              variants++;
            }
          }
        }
        assert.equal(variants, seedSet.dumps.length * PASTE_FORMS.length * VARIANTS_PER_FORM);
        console.log(`${seedSet.label}: ${seedSet.dumps.length} dumps, ${variants} pasted variants, same groups`);
      },
    );
  }
});
