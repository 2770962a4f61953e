// `top`'s table printed as `go tool pprof -top` prints it (analysis/topFormat.ts): the unit of
// the whole table, every value, flat%, sum% and cum%, and the total. Checked against pprof's own
// output, kept beside the real CPU, block and mutex profiles of Go 1.19/1.23/1.27
// (test/fixtures/go1.*/profiles, written by scripts/generateParseFixtures.sh), and against the
// installed pprof, run here, on the heap and goroutine goldens and on profiles in microseconds
// (Node.js' wall time) and in a unit pprof does not know.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { computeTop } from '../../../src/core/analysis/top';
import { profileTotal, topLines } from '../../../src/core/analysis/topFormat';
import { decodeProfile } from '../../../src/core/profile/decodeProfile';
import { parseHeapText } from '../../../src/core/profile/heapText';
import type { Profile } from '../../../src/core/model/profile';
import { findPprof, repoRoot } from './goPprof';
import { message, type Field } from './protoWriter';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures');

function decode(file: string): Profile {
  let bytes: Uint8Array = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return decodeProfile(bytes, { input: file });
}

/** pprof's -top output: the total and the table (header and rows), `(inline)` marks dropped. */
function pprofTable(text: string): { total: string; rows: string[] } {
  const lines = text.split('\n');
  const showing = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  const total = /of (\S+) total$/.exec(showing ?? '')?.[1];
  assert.ok(total, `no total in:\n${text}`);
  const head = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  const rows = lines
    .slice(head, lines.length)
    .filter((l) => l !== '')
    .map((l) => l.replace(/ \((?:inline|partial-inline)\)$/, ''));
  return { total, rows };
}

function ours(profile: Profile, type: string): { total: string; rows: string[] } {
  const i = profile.sampleTypes.findIndex((t) => t.type === type);
  assert.ok(i >= 0, type);
  const { unit } = profile.sampleTypes[i]!;
  const lines = topLines(computeTop(profile, { sampleIndex: i }), { type, unit, total: profileTotal(profile, i) });
  assert.equal(lines[0], `Type: ${type}`);
  return { total: lines[1]!.replace(/^Total: /, ''), rows: lines.slice(2) };
}

describe('top prints units as pprof does', () => {
  for (const v of ['go1.19', 'go1.23', 'go1.27']) {
    const dir = path.join(FIXTURES, v, 'profiles');
    const goldens = readdirSync(dir).filter((f) => f.endsWith('.top.txt'));
    it(`${v}: CPU (samples, nanoseconds), block and mutex (contentions, delay) profiles`, () => {
      assert.equal(goldens.length, 6, goldens.join(', '));
      for (const g of goldens) {
        const [name, type] = g.split('.') as [string, string];
        const want = pprofTable(readFileSync(path.join(dir, g), 'utf8'));
        const got = ours(decode(path.join(dir, `${name}.pb.gz`)), type);
        assert.equal(got.total, want.total, `${v} ${g} total`);
        assert.deepEqual(got.rows, want.rows, `${v} ${g}`);
      }
    });
  }

  const pprof = findPprof();
  const skip = pprof === null ? 'no Go toolchain with pprof installed' : false;
  const live = (file: string, type: string) =>
    pprofTable(
      execFileSync(pprof!, ['-top', '-nodefraction=0', '-symbolize=none', `-sample_index=${type}`, file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );

  it('heap (bytes) and goroutine (count) goldens, against the installed pprof', { skip }, () => {
    const golden = path.join(repoRoot, 'test', 'golden', 'top');
    for (const [file, type] of [
      ['go1.19_t1_heap.pb.gz', 'inuse_space'],
      ['go1.19_t1_heap.pb.gz', 'alloc_objects'],
      ['go1.23_t2_allocs.pb.gz', 'alloc_space'],
      ['go1.27_t3_goroutine.pb.gz', 'goroutine'],
    ] as const) {
      const f = path.join(golden, file);
      assert.deepEqual(ours(decode(f), type), live(f, type), `${file} ${type}`);
    }
  });

  /** A profile of one sample type in `unit`: three functions, values chosen to need two units. */
  function profileIn(unit: string): Uint8Array {
    const strings = ['', 'wall', unit, 'main.serve', 'main.go', 'main.parse', 'main.log'];
    const fn = (id: number, name: number): Field => [
      5,
      message([
        [1, id],
        [2, name],
        [3, name],
        [4, 4],
      ]),
    ];
    const loc = (id: number, fnId: number): Field => [
      4,
      message([
        [1, id],
        [
          4,
          message([
            [1, fnId],
            [2, 10 + id],
          ]),
        ],
      ]),
    ];
    const sample = (value: number, ...locs: number[]): Field => [
      2,
      message([...locs.map((l): Field => [1, l]), [2, value]]),
    ];
    return message([
      [
        1,
        message([
          [1, 1],
          [2, 2],
        ]),
      ],
      sample(1_900, 1),
      sample(1_234_567, 2, 1),
      sample(37, 3, 1),
      loc(1, 1),
      loc(2, 2),
      loc(3, 3),
      fn(1, 3),
      fn(2, 5),
      fn(3, 6),
      ...strings.map((s): Field => [6, s]),
    ]);
  }

  it('heap text whose records list only addresses: the totals pprof reads, under <unknown>, with a warning', () => {
    // An old heap profile in text form has `@ 0x…` addresses and no `#` frame lines: the real
    // profile of the goldens with its `#` lines taken out.
    const text = gunzipSync(
      readFileSync(path.join(repoRoot, 'test', 'golden', 'profile', 'go1.23_t1_heap_debug1.txt.gz')),
    ).toString('utf8');
    const bare = text
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    const full = parseHeapText(text, { input: 'full' });
    const stripped = parseHeapText(bare, { input: 'stripped' });
    assert.deepEqual(full.warnings, []);
    assert.match(stripped.warnings[0]!, /^841 of 841 records list only addresses .*functions are unknown/);
    for (let i = 0; i < stripped.sampleTypes.length; i++) {
      const entries = computeTop(stripped, { sampleIndex: i });
      const total = computeTop(full, { sampleIndex: i }).reduce((n, e) => n + e.flat, 0);
      assert.ok(total > 0);
      // Never a zero that is not true: every byte and object is counted, under <unknown>.
      assert.deepEqual(
        entries.map((e) => [e.function, e.flat]),
        [['<unknown>', total]],
      );
    }
    if (pprof !== null) {
      const dir = mkdtempSync(path.join(tmpdir(), 'gi-heap-nosym-'));
      const f = path.join(dir, 'heap.txt');
      writeFileSync(f, bare);
      for (const type of ['inuse_space', 'alloc_objects'])
        assert.deepEqual(ours(stripped, type), live(f, type), `pprof on ${type}`);
    }
  });

  it('microseconds and a unit pprof does not know, against the installed pprof', { skip }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gi-top-units-'));
    for (const unit of ['microseconds', 'milliseconds', 'events']) {
      const f = path.join(dir, `${unit}.pb`);
      writeFileSync(f, profileIn(unit));
      const got = ours(decodeProfile(readFileSync(f), { input: f }), 'wall');
      assert.deepEqual(got, live(f, 'wall'), unit);
    }
    // What the issue saw as `Total: 1900` with no unit now says what it is.
    const micro = ours(decodeProfile(profileIn('microseconds'), { input: 'x' }), 'wall');
    assert.equal(micro.total, '1236.50ms');
  });
});
