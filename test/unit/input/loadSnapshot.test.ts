// loadSnapshot: format detection from content (gzip of any text too), bad inputs as InputErrors
// that say what and where, debug=1 text, merging rules that never guess, and streaming options.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import type { SnapshotInput } from '../../../src/core/input/snapshotInput';
import { parseDumpText } from '../../../src/core/input/parseDumpText';
import { InputError } from '../../../src/core/inputError';
import { zlibInflater } from '../../../src/node/zlibInflater';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'malformed', 'text');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

function input(name: string, bytes: Uint8Array, chunk = 1 << 16): SnapshotInput {
  return {
    name,
    chunks: (async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })(),
  };
}

const load = (...inputs: SnapshotInput[]) => loadSnapshot(inputs, { inflater: zlibInflater });

async function rejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.match(e.message, re);
    return true;
  });
}

const DEBUG1 = `goroutine profile: total 5
3 @ 0x43a1b6 0x44a3d2 0x6a0f6c 0x46b441
# labels: {"route":"/slow"}
#	0x6a0f6b	main.slow+0x8b	app/main.go:88
#	0x6a0f00	main.serve+0x10	app/main.go:20

2 @ 0x43a1b6 0x6a0f6d 0x46b441
#	0x6a0f6c	main.worker+0x8c	app/main.go:99
`;

const DEBUG2 = `goroutine 7 [select, 2 minutes]:
main.slow(0x1)
	app/main.go:88 +0x8b
main.serve(0x2)
	app/main.go:20 +0x10
created by main.main in goroutine 1
	app/main.go:10 +0x1

goroutine 8 [select]:
main.slow(0x3)
	app/main.go:88 +0x8b
main.serve(0x2)
	app/main.go:20 +0x10
created by main.main in goroutine 1
	app/main.go:10 +0x1

goroutine 9 [chan receive, 3 minutes]:
main.worker()
	app/main.go:99 +0x8c
created by main.main in goroutine 1
	app/main.go:11 +0x1
`;

describe('format detection and bad input', () => {
  it('gzip of a debug=2 dump and of a debug=1 profile are detected from content', async () => {
    const d2 = await load(input('dump.bin', gzipSync(DEBUG2)));
    assert.equal(d2.source, 'debug2');
    assert.equal(d2.goroutineCount, 3);
    const d1 = await load(input('whatever.pprof', gzipSync(DEBUG1)));
    assert.equal(d1.source, 'debug1');
    assert.equal(d1.goroutineCount, 5);
  });

  it('each bad input is an InputError naming the input and the problem', async () => {
    await rejects(load(input('empty.txt', fixture('empty.txt'))), /^empty\.txt: detecting format: the input is empty/);
    await rejects(load(input('ws.txt', fixture('whitespace-only.txt'))), /the input is empty/);
    await rejects(
      load(input('page.html', fixture('html-error-page.html'))),
      /^page\.html, line 1: detecting format: an HTML page.*<!DOCTYPE html>/,
    );
    await rejects(load(input('nul.txt', fixture('nul-only.txt'))), /only NUL bytes/);
    await rejects(
      load(input('404.txt', fixture('not-found.txt'))),
      /neither a goroutine dump nor a pprof profile \(at "404 page not found"\)/,
    );
    await rejects(load(input('u.txt', fixture('unknown-profile.txt'))), /answered "Unknown profile"/);
    await rejects(load(input('g.bin', fixture('binary-garbage.bin'))), /^g\.bin, byte \d+: decoding protobuf/);
    await rejects(
      load(input('heap.txt', new TextEncoder().encode('heap profile: 1: 2 [3: 4] @ heap/2\n'))),
      /heap profile.*goroutine-inspector top/,
    );
    const gz = gzipSync(DEBUG2);
    await rejects(
      load(input('cut.gz', gz.subarray(0, gz.length - 10))),
      /^cut\.gz.*decompressing: gzip data is corrupt or truncated/,
    );
    await assert.rejects(loadSnapshot([], { inflater: zlibInflater }), InputError);
  });

  it('a gzip bomb stops at the bound with a clear error', async () => {
    const bomb = gzipSync(Buffer.alloc(8 << 20, 0x61));
    await rejects(
      loadSnapshot([input('bomb.gz', bomb)], { inflater: zlibInflater, maxDecompressedBytes: 1 << 20 }),
      /exceeds the limit of 1048576 bytes/,
    );
  });

  it('progress is reported in raw bytes and an abort stops reading', async () => {
    const bytes = new TextEncoder().encode(DEBUG2.repeat(50));
    const seen: number[] = [];
    await loadSnapshot([input('a', bytes, 100)], { inflater: zlibInflater, onProgress: (n) => seen.push(n) });
    assert.equal(seen.at(-1), bytes.length);
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    await assert.rejects(
      loadSnapshot([input('a', bytes, 100)], { inflater: zlibInflater, signal: ac.signal }),
      /user cancelled/,
    );
  });
});

describe('debug=1 text', () => {
  it('records: counts, labels, frames with file:line and inlining from shared PCs', () => {
    const s = parseDumpText(DEBUG1);
    assert.equal(s.source, 'debug1');
    assert.equal(s.hasIds, false);
    assert.deepEqual(
      s.groups.map((g) => [g.count, g.state, g.labels, g.stack.frames.map((f) => `${f.function} ${f.file}:${f.line}`)]),
      [
        [3, null, { route: '/slow' }, ['main.slow app/main.go:88', 'main.serve app/main.go:20']],
        [2, null, {}, ['main.worker app/main.go:99']],
      ],
    );
  });

  it('a header total that disagrees with the records is a warning', () => {
    const s = parseDumpText(DEBUG1.replace('total 5', 'total 9'));
    assert.match(s.warnings[0]!.message, /header says 9 goroutines but the records add up to 5/);
  });

  it('a line that is not a record is quoted in a warning with its line number', () => {
    const s = parseDumpText(DEBUG1 + 'garbage here\n');
    assert.deepEqual(
      s.warnings.map((w) => [w.line, w.message]),
      [[9, 'not a debug=1 record; ignored (at "garbage here")']],
    );
  });
});

describe('wait minutes per group', () => {
  const dump = [
    'goroutine 1 [select, 3 minutes]:',
    'main.wait()',
    '\t/app/main.go:10 +0x1',
    '',
    'goroutine 2 [select, 3 minutes]:',
    'main.wait()',
    '\t/app/main.go:10 +0x1',
    '',
    'goroutine 3 [select]:',
    'main.wait()',
    '\t/app/main.go:10 +0x1',
    '',
    'goroutine 4 [select, 12 minutes]:',
    'main.wait()',
    '\t/app/main.go:10 +0x1',
    '',
    'goroutine 5 [select, 3 minutes]:',
    'main.wait()',
    '\t/app/main.go:10 +0x1',
    '',
    'goroutine 6 [chan receive, 1 minutes]:',
    'main.recv()',
    '\t/app/main.go:20 +0x1',
    '',
    '',
  ].join('\n');

  it("counts each group's goroutines by printed minutes (none: 0), in any chunking", async () => {
    for (const chunk of [dump.length, 7, 64]) {
      const s = await load(input('d', new TextEncoder().encode(dump), chunk));
      const byFn = new Map(s.groups.map((g) => [g.stack.frames[0]!.function, g]));
      assert.deepEqual(
        byFn.get('main.wait')!.minuteCounts,
        [
          [0, 1],
          [3, 3],
          [12, 1],
        ],
        `chunk ${chunk}`,
      );
      assert.deepEqual(byFn.get('main.wait')!.waitMinutes, [0, 12]);
      assert.deepEqual(byFn.get('main.recv')!.minuteCounts, [[1, 1]]);
    }
  });

  it('inputs without per-goroutine headers have none', async () => {
    const s = await load(input('d1', new TextEncoder().encode(DEBUG1)));
    for (const g of s.groups) assert.deepEqual(g.minuteCounts, []);
  });
});

describe('merging inputs of one moment', () => {
  it('debug=2 gets debug=1 labels by stack match; groups, ids and minutes stay from debug=2', async () => {
    const s = await load(input('d2', new TextEncoder().encode(DEBUG2)), input('d1', new TextEncoder().encode(DEBUG1)));
    assert.equal(s.source, 'debug2');
    assert.deepEqual(s.inputs, ['d2', 'd1']);
    assert.deepEqual(
      s.groups.map((g) => [g.count, g.ids, g.waitMinutes, g.labels]),
      [
        [2, [7, 8], [0, 2], { route: '/slow' }],
        [1, [9], [3, 3], {}],
      ],
    );
    assert.deepEqual(s.warnings, []);
  });

  it('a stack with two label sets in debug=1 leaves the labels unset, with a warning', async () => {
    const ambiguous =
      DEBUG1.replace('total 5', 'total 6') +
      `
1 @ 0x43a1b6 0x44a3d2 0x6a0f6c 0x46b441
# labels: {"route":"/other"}
#	0x6a0f6b	main.slow+0x8b	app/main.go:88
#	0x6a0f00	main.serve+0x10	app/main.go:20
`;
    const s = await load(
      input('d2', new TextEncoder().encode(DEBUG2)),
      input('d1', new TextEncoder().encode(ambiguous)),
    );
    assert.deepEqual(s.groups[0]!.labels, {});
    assert.equal(s.warnings.length, 1);
    assert.match(
      s.warnings[0]!.message,
      /2 goroutine\(s\) in main\.slow carry 2 different label sets in d1; their labels are left unset/,
    );
  });

  it('a leak debug=1 profile sets leakedCount by stack match and hasLeakProfile', async () => {
    const leak = `goroutineleak profile: total 1
1 @ 0x1 0x2
#	0x6a0f6c	main.worker+0x8c	app/main.go:99
`;
    const s = await load(input('d2', new TextEncoder().encode(DEBUG2)), input('leak', new TextEncoder().encode(leak)));
    assert.equal(s.hasLeakProfile, true);
    assert.deepEqual(
      s.groups.map((g) => g.leakedCount),
      [0, 1],
    );
  });

  it('flagged goroutines on a stack shared by groups that differ in state are not assigned by guess', async () => {
    const twoStates = DEBUG2.replace('goroutine 8 [select]', 'goroutine 8 [chan receive]');
    const leak = `goroutineleak profile: total 1
1 @ 0x1 0x2
#	0x6a0f6b	main.slow+0x8b	app/main.go:88
#	0x6a0f00	main.serve+0x10	app/main.go:20
`;
    const s = await load(
      input('d2', new TextEncoder().encode(twoStates)),
      input('leak', new TextEncoder().encode(leak)),
    );
    assert.deepEqual(
      s.groups.map((g) => g.leakedCount),
      [0, 0, 0],
    );
    assert.match(s.warnings[0]!.message, /1 flagged goroutine\(s\) match 2 groups of d2 .* not guessed/);
  });

  it('a second dump of the same kind is reported as unused', async () => {
    const s = await load(input('a', new TextEncoder().encode(DEBUG2)), input('b', new TextEncoder().encode(DEBUG2)));
    assert.equal(s.goroutineCount, 3);
    assert.match(s.warnings[0]!.message, /a second debug=2 dump of the same moment adds nothing to a/);
  });
});

describe('sources that reuse one buffer', () => {
  // Our own capture (test/fixtures, committed), so the test runs in every clone.
  const LEAKYAPI = path.resolve(__dirname, '..', '..', 'fixtures', 'go1.23', 'leakyapi');
  /** Every chunk is the same memory, overwritten by the next read (as src/node/readInput.ts does). */
  function reusing(name: string, bytes: Uint8Array, chunk: number): SnapshotInput {
    const buf = new Uint8Array(chunk);
    return {
      name,
      reusesBuffers: true,
      chunks: (async function* () {
        for (let i = 0; i < bytes.length; i += chunk) {
          const n = Math.min(chunk, bytes.length - i);
          buf.fill(0x7a);
          buf.set(bytes.subarray(i, i + n));
          yield buf.subarray(0, n);
        }
      })(),
    };
  }
  const summary = (s: Awaited<ReturnType<typeof load>>) =>
    JSON.stringify({
      n: s.goroutineCount,
      g: s.groups.map((g) => [g.key, g.count, g.ids, g.stack.frames.map((f) => `${f.function} ${f.file}:${f.line}`)]),
    });

  for (const chunk of [7, 4096, 1 << 20]) {
    it(`a debug=2 dump, a gzipped one and a debug=1 profile read in reused ${chunk}-byte chunks decode as from fresh memory`, async () => {
      for (const file of ['t1_goroutine_debug2.txt', 't1_goroutine_debug1.txt']) {
        const bytes = readFileSync(path.join(LEAKYAPI, file));
        const expected = summary(await load(input(file, bytes)));
        assert.ok(JSON.parse(expected).n > 100, `${file}: the capture has its goroutines`);
        assert.equal(summary(await load(reusing(file, bytes, chunk))), expected, file);
        assert.equal(summary(await load(reusing(file, gzipSync(bytes), chunk))), expected, `${file}.gz`);
      }
    });
  }

  it('the first line quoted for an unrecognized input is not overwritten by later reads', async () => {
    const bytes = new TextEncoder().encode('hello, this is not a dump\n' + 'y'.repeat(3 << 20) + '\n');
    await rejects(load(reusing('x', bytes, 1 << 20)), /neither a goroutine dump nor a pprof profile/);
    await assert.rejects(load(reusing('x', bytes, 1 << 20)), (e: unknown) => {
      assert.match(JSON.stringify(e), /hello, this is not a dump/);
      return true;
    });
  });
});
