// The WebAssembly goroutine scanner (wasm/goroutineScan.ts) against the parser without it: on
// every real dump we have and on generated dumps that hold every line form the parser knows,
// cut into chunks at random places, both must give the same goroutines, stacks, warnings and
// line count. Also: the embedded module is the one its source compiles to.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { GoroutineRecord } from '../../../src/core/model/goroutine';
import { Debug2Parser, type Debug2Summary } from '../../../src/core/traceback/debug2Parser';
import { createGoroutineScanner } from '../../../src/core/traceback/goroutineScanner';
import { StackTable } from '../../../src/core/traceback/stackTable';
import { GroupBuilder } from '../../../src/core/input/groupBuilder';
import { seededRandom } from '../../support/seededRandom';
import { corpusPresent, repoRoot, scaleRoot, SKIP_NOTE, shopdRoot } from '../input/corpusFiles';

interface Parsed {
  records: unknown[];
  summary: Omit<Debug2Summary, 'scanned'>;
  scanned: number;
}

/** Parse with or without the scanner, in chunks of the sizes `nextChunk` picks. */
function parse(bytes: Uint8Array, wasm: boolean, nextChunk: () => number = () => bytes.length || 1): Parsed {
  const records: unknown[] = [];
  const sink = {
    add: (g: GoroutineRecord) =>
      records.push({
        id: g.id,
        state: g.state,
        waitMinutes: g.waitMinutes,
        flags: { ...g.flags },
        labels: { ...g.labels },
        stack: g.stack.id,
        frames: g.stack.frames.map((f) => `${f.function} ${f.file}:${f.line}${f.inlined ? ' inlined' : ''}`),
        elided: g.stack.elidedFrames,
        truncated: g.stack.truncated,
        createdBy: g.createdBy === null ? null : `${g.createdBy.function} ${g.createdBy.file}:${g.createdBy.line}`,
        parentId: g.parentId,
      }),
  };
  const parser = new Debug2Parser(new StackTable(), sink, 'test', { wasm });
  // Chunks are copied into one reused buffer, as the file reader does.
  const reused = new Uint8Array(1 << 22);
  for (let i = 0; i < bytes.length;) {
    const n = Math.min(nextChunk(), bytes.length - i, reused.length);
    reused.set(bytes.subarray(i, i + n));
    parser.push(reused.subarray(0, n));
    i += n;
  }
  const { scanned, ...summary } = parser.finish();
  return { records, summary, scanned };
}

function randomChunks(seed: number, max: number): () => number {
  const random = seededRandom(seed);
  return () => 1 + Math.floor(random() * random() * max);
}

/** Groups as the group builder folds them (it takes the scanner's repeats through `addRepeat`). */
function grouped(bytes: Uint8Array, wasm: boolean, nextChunk: () => number = () => bytes.length || 1): unknown[] {
  const builder = new GroupBuilder();
  const parser = new Debug2Parser(new StackTable(), builder, 'test', { wasm });
  for (let i = 0; i < bytes.length;) {
    const n = Math.min(nextChunk(), bytes.length - i);
    parser.push(bytes.subarray(i, i + n));
    i += n;
  }
  parser.finish();
  builder.finish();
  return builder.groups.map((g) => ({
    ...g,
    stack: g.stack.frames.map((f) => `${f.function} ${f.file}:${f.line}`),
    createdBy: g.createdBy && `${g.createdBy.function}:${g.createdBy.line}`,
  }));
}

/** Both ways give the same result, for each chunking; returns the scanner's count of whole goroutines. */
function assertSame(bytes: Uint8Array, label: string, maxChunk = 1 << 16): number {
  assert.deepEqual(grouped(bytes, true, randomChunks(3, maxChunk)), grouped(bytes, false), `${label}: groups`);
  const plain = parse(bytes, false);
  assert.equal(plain.scanned, 0, `${label}: no scanner, nothing scanned`);
  let scanned = 0;
  const chunkings = [() => bytes.length || 1, randomChunks(1, maxChunk)];
  // Chunks of a few bytes cut every line somewhere (too slow for the large files).
  if (bytes.length < 256 << 10) chunkings.push(randomChunks(2, 64));
  for (const [i, chunks] of chunkings.entries()) {
    const fast = parse(bytes, true, chunks);
    assert.deepEqual(fast.summary, plain.summary, `${label}, chunking ${i}: summary`);
    assert.equal(fast.records.length, plain.records.length, `${label}, chunking ${i}: goroutines`);
    for (let g = 0; g < plain.records.length; g++) {
      assert.deepEqual(fast.records[g], plain.records[g], `${label}, chunking ${i}: goroutine #${g}`);
    }
    if (i === 0) scanned = fast.scanned;
  }
  return scanned;
}

function textFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...textFiles(p));
    else if (/\.txt(\.gz)?$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

function read(file: string): Uint8Array {
  const b = readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(b) : b;
}

describe('goroutine scanner (WebAssembly)', () => {
  it('runs here (Node has WebAssembly)', () => {
    assert.notEqual(createGoroutineScanner(), null);
  });

  it('the embedded module is what wasm/goroutineScan.ts compiles to', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'buildWasm.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });

  it('every text fixture of the repository: same goroutines with and without it', () => {
    const files = textFiles(path.join(repoRoot, 'test', 'fixtures'));
    assert.ok(files.length >= 40, `${files.length} fixtures`);
    let scanned = 0;
    for (const f of files) scanned += assertSame(read(f), path.relative(repoRoot, f));
    // The leakyapi and shopd dumps are plain: most of their goroutines never reach the parser's own line reading.
    assert.ok(scanned > 1000, `${scanned} goroutines scanned whole`);
  });

  it('every text file of the shared corpus', { skip: corpusPresent ? false : SKIP_NOTE }, () => {
    const files = textFiles(shopdRoot).filter((f) => !/n1000000/.test(f));
    for (const f of files) assertSame(read(f), path.relative(shopdRoot, f));
  });

  it(
    'the 100k dump of the scale corpus, in chunks up to 4 MiB (windows move inside a chunk)',
    { skip: existsSync(scaleRoot) ? false : SKIP_NOTE },
    () => {
      const bytes = read(path.join(scaleRoot, 'go1.23', 'n100000_goroutine_debug2.txt.gz'));
      const scanned = assertSame(bytes, 'n100000', 1 << 22);
      assert.ok(scanned > 99_000, `${scanned} of 100,004 goroutines scanned whole`);
    },
  );

  it('generated dumps with every line form, CRLF, noise, and cuts anywhere', () => {
    for (const seed of [1, 2, 3, 4]) {
      const text = generatedDump(seed, 400);
      assertSame(new TextEncoder().encode(text), `generated ${seed}`, 512);
      assertSame(new TextEncoder().encode(text.replace(/\n/g, '\r\n')), `generated ${seed} CRLF`, 512);
      // Cut off mid-line, mid-goroutine.
      const cut = text.slice(0, Math.floor(text.length * 0.61));
      assertSame(new TextEncoder().encode(cut), `generated ${seed} cut`, 512);
    }
  });

  it('more distinct frames than the first table holds (it grows), and goroutines one after another', () => {
    const parts: string[] = [];
    for (let i = 0; i < 12_000; i++) {
      parts.push(
        `goroutine ${i + 1} [select]:\nmain.f${i}(0x${i.toString(16)})\n\t/src/app/f${i % 97}.go:${i} +0x1d\nmain.main()\n\t/src/app/main.go:9 +0x25\n`,
      );
    }
    const bytes = new TextEncoder().encode(parts.join('\n'));
    const scanned = assertSame(bytes, '12,000 distinct frames', 1 << 20);
    assert.equal(scanned, 0, 'every frame is new: nothing to scan whole');
    const twice = new TextEncoder().encode(`${parts.join('\n')}\n${parts.join('\n')}`);
    // All but the last (no blank line after it) and those a window boundary cut.
    assert.ok(assertSame(twice, 'twice', 1 << 20) >= 11_990, 'the second copy is scanned whole');
  });

  it('a goroutine longer than the record buffer, and a line longer than the window', () => {
    const frames: string[] = [];
    for (let i = 0; i < 70_000; i++)
      frames.push(`main.rec${i % 3}(0x1)\n\t/src/app/rec.go:${10 + (i % 3)} +0x2${i % 3}\n`);
    const deep = `goroutine 7 [running]:\n${frames.join('')}created by main.main in goroutine 1\n\t/src/app/main.go:5 +0x1\n\n`;
    assertSame(new TextEncoder().encode(deep + deep.replace('goroutine 7 ', 'goroutine 8 ')), 'deep', 1 << 22);
    const long = `${deep}${'x'.repeat(3 << 20)}\n${deep}`;
    assertSame(new TextEncoder().encode(long), 'long line', 1 << 22);
  });
});

/** A dump with every header, frame and in-between form the parser knows, chosen by a seeded PRNG. */
function generatedDump(seed: number, goroutines: number): string {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const headers = [
    '[select]',
    '[select, 3 minutes]',
    '[chan receive, 120 minutes, locked to thread]',
    '[running]',
    '[IO wait (scan)]',
    '[chan send (leaked)]',
    '[sync.Mutex.Lock, 2 minutes]',
    '[select] {route: "/checkout", tenant: acme}',
    '[select] {broken label',
    '[sleep]',
    '[synctest bubble 3]',
  ];
  const frames = [
    'main.(*server).handle(0xc000010000, {0x7a, 0x9})\n\t/src/app/server.go:88 +0x14f',
    'github.com/acme/queue.(*Q).Pop(...)\n\t/root/go/pkg/mod/github.com/acme/queue@v1.2.0/q.go:41',
    'context.(*cancelCtx).Done(0xc0000a4000?)\n\t/usr/lib/go/src/context/context.go:440 +0x2a',
    'golang.org/x/sync/errgroup.(*Group).Wait(0x0?)\n\t/root/go/pkg/mod/golang.org/x/sync@v0.7.0/errgroup/errgroup.go:56 +0x25',
    'net/http.(*conn).serve(0xc000136000, {0x8c3d18, 0xc00007c0f0})\n\t/usr/lib/go/src/net/http/server.go:2039 +0x88d',
    'main.work[...](0x1, {0xc000012345, 0x3, 0x3})\n\t/src/app/generic.go:12 +0x3c',
    'runtime.gopark(0x1?, 0x0?, 0x0?, 0x0?, 0x0?)\n\t/usr/lib/go/src/runtime/proc.go:398 +0xce fp=0xc00004cf60 sp=0xc00004cf40 pc=0x43a1ce',
    'main.main.func1()\n\tC:/work/app/main.go:77 +0x33',
    'crypto/tls.(*Conn).Read(0xc0001a4000, {0xc0001b6000, 0x1000, 0x1000})\n\t/usr/lib/go/src/crypto/tls/conn.go:1369 +0x156',
  ];
  const noise = [
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b7c]',
    '2026/11/27 14:08:35 handler(req) failed: timeout (after 30s)',
    '\tgoroutine running on other thread; stack unavailable',
    '...additional frames elided...',
    '...7 frames elided...',
    'main.orphan(0x1)',
    'exit status 2',
  ];
  const out: string[] = [];
  for (let g = 0; g < goroutines; g++) {
    // Some ids around 2^31 (the scanner hands larger ones over as doubles).
    const id = random() < 0.1 ? 2_147_483_000 + Math.floor(random() * 2000) : 1 + Math.floor(random() * 1e6);
    out.push(
      random() < 0.05
        ? `goroutine ${id} gp=0xc000${g.toString(16).padStart(6, '0')} m=0 mp=0x9e4e60 ${pick(headers)}:`
        : `goroutine ${id} ${pick(headers)}:`,
    );
    const depth = Math.floor(random() * 12);
    for (let f = 0; f < depth; f++) {
      if (random() < 0.03) out.push(pick(noise));
      else out.push(pick(frames));
    }
    const r = random();
    if (r < 0.6)
      out.push(
        `created by main.main in goroutine ${pick([1, 2, 1234567890123, 12345678901234568])}\n\t/src/app/main.go:${pick([20, 21])} +0x${pick(['1c', '2d'])}`,
      );
    else if (r < 0.75)
      out.push('created by net/http.(*Server).Serve\n\t/usr/lib/go/src/net/http/server.go:3086 +0x5cb');
    else if (r < 0.8) out.push('created by main.main in goroutine 1');
    if (random() < 0.05) out.push(pick(noise));
    if (random() < 0.9) out.push('');
    if (random() < 0.05) out.push('');
  }
  return `${out.join('\n')}\n`;
}
