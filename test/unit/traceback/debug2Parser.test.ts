// The debug=2 scanner on real crash output (Go 1.19 and 1.23: panic, GOTRACEBACK=all/system,
// SIGQUIT, go test timeout) and on hand-made inputs for each header and frame form, log noise,
// cut-off dumps, NUL bytes, CRLF and chunk boundaries anywhere.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GoroutineRecord } from '../../../src/core/model/goroutine';
import { Debug2Parser } from '../../../src/core/traceback/debug2Parser';
import { StackTable } from '../../../src/core/traceback/stackTable';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'malformed', 'text');

function parse(bytes: Uint8Array, chunkSize = bytes.length || 1) {
  const records: GoroutineRecord[] = [];
  const parser = new Debug2Parser(new StackTable(), { add: (g) => records.push({ ...g }) }, 'test');
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  const summary = parser.finish();
  return { records, summary };
}

function fixture(name: string) {
  return parse(readFileSync(path.join(FIXTURES, name)));
}

const fns = (g: GoroutineRecord) => g.stack.frames.map((f) => f.function);

describe('debug=2 parser on real crash output', () => {
  it('a panic (go1.23): the panicking goroutine, log line before ignored', () => {
    const { records, summary } = fixture('panic-go1.23.txt');
    assert.equal(records.length, 1);
    assert.deepEqual(fns(records[0]!), ['main.main']);
    assert.equal(records[0]!.state, 'running');
    assert.deepEqual(summary.warnings, []);
  });

  it('GOTRACEBACK=system (go1.23): gp=/m= headers, fp= sp= pc= file lines, runtime goroutines, elided frames', () => {
    const { records, summary } = fixture('crash-gotraceback-system-go1.23.txt');
    assert.equal(records.length, 10);
    const g1 = records.find((g) => g.id === 1)!;
    assert.deepEqual(fns(g1), ['panic', 'runtime.mapassign_faststr', 'main.main', 'runtime.main', 'runtime.goexit']);
    assert.equal(g1.stack.frames[2]!.file, '/tmp/crash/main.go');
    assert.equal(g1.stack.frames[2]!.line, 32);
    const forcegc = records.find((g) => g.state === 'force gc (idle)')!;
    assert.deepEqual(forcegc.createdBy, {
      function: 'runtime.init.7',
      file: '/usr/lib/go-1.23/src/runtime/proc.go',
      line: 325,
    });
    assert.equal(forcegc.parentId, 1);
    assert.equal(forcegc.stack.frames[1]!.inlined, true); // runtime.goparkunlock(...) has no +0x
    const deep = records.find((g) => g.state === 'select (no cases)')!;
    assert.equal(deep.stack.elidedFrames, 25);
    assert.equal(deep.stack.truncated, true);
    assert.deepEqual(summary.warnings, []);
  });

  it('SIGQUIT (go1.23): goroutine 0 [idle] and the register dump after the last goroutine', () => {
    const { records, summary } = fixture('sigquit-go1.23.txt');
    assert.equal(records.length, 11);
    assert.equal(records[0]!.id, 0);
    assert.equal(records[0]!.state, 'idle');
    const last = records[records.length - 1]!;
    assert.equal(fns(last).at(-1), 'runtime.goexit');
    assert.equal(last.createdBy?.function, 'main.main');
    assert.deepEqual(summary.warnings, []);
  });

  it('GOTRACEBACK=all (go1.19): old `created by`, locked to thread, the silent 100-frame cut', () => {
    const { records } = fixture('crash-gotraceback-all-go1.19.txt');
    assert.equal(records.length, 6);
    const blockers = records.filter((g) => fns(g)[0] === 'main.blocker');
    assert.equal(blockers.length, 3);
    assert.equal(blockers[0]!.parentId, null);
    assert.equal(blockers[0]!.createdBy?.function, 'main.main');
    assert.equal(blockers[0]!.stack, blockers[1]!.stack); // interned
    const sleeper = records.find((g) => g.state === 'sleep')!;
    assert.equal(sleeper.flags.lockedToThread, true);
    const deep = records.find((g) => g.state === 'select (no cases)')!;
    assert.ok(deep.stack.frames.length >= 95);
    assert.equal(deep.stack.truncated, true);
    assert.equal(deep.stack.elidedFrames, 0);
  });

  it('a go test timeout (go1.23): the alarm goroutine and the test goroutines', () => {
    const { records } = fixture('go-test-timeout-go1.23.txt');
    assert.deepEqual(
      records.map((g) => fns(g)[0]),
      ['testing.(*M).startAlarm.func1', 'testing.(*T).Run', 'crash.TestHang', 'crash.blocker'],
    );
    assert.equal(records[3]!.stack.frames[0]!.inlined, true);
    assert.equal(records[3]!.parentId, 18);
  });
});

describe('debug=2 parser on hand-made inputs', () => {
  it('header forms: minutes, locked to thread, (scan), (leaked), (durable)/(synctest), bubbles, labels with quoting', () => {
    const { records, summary } = fixture('headers-and-frames.txt');
    const byId = new Map(records.map((g) => [g.id, g]));
    assert.deepEqual(
      [byId.get(10)!.state, byId.get(10)!.waitMinutes, byId.get(10)!.flags.lockedToThread],
      ['select', 5, true],
    );
    assert.deepEqual(
      byId.get(10)!.stack.frames.map((f) => f.inlined),
      [true, false],
    );
    assert.equal(byId.get(10)!.parentId, null);
    assert.deepEqual([byId.get(11)!.state, byId.get(11)!.flags.scan], ['chan receive', true]);
    assert.deepEqual([byId.get(12)!.state, byId.get(12)!.flags.leaked], ['chan send', true]);
    assert.deepEqual(
      [byId.get(13)!.state, byId.get(13)!.flags.durable, byId.get(13)!.flags.syncTestBubble],
      ['chan receive', true, 3],
    );
    assert.deepEqual(
      [byId.get(14)!.state, byId.get(14)!.flags.durable, byId.get(14)!.waitMinutes],
      ['select', true, 2],
    );
    assert.equal(byId.get(15)!.state, 'chan receive (nil chan)');
    assert.deepEqual(byId.get(15)!.labels, { route: '/a b', 'k"q': 'café', n: 'x' });
    assert.deepEqual(byId.get(16)!.labels, { route: '/x' });
    assert.deepEqual(byId.get(17)!.labels, { route: '/x' });
    assert.equal(byId.get(16)!.stack, byId.get(17)!.stack);
    assert.equal(byId.get(16)!.stack.elidedFrames, 3);
    assert.deepEqual(byId.get(18)!.stack.frames, []);
    assert.equal(byId.get(18)!.createdBy?.function, 'main.main');
    assert.deepEqual(summary.warnings, []);
  });

  it('log noise before, between and after goroutines is skipped', () => {
    const { records, summary } = fixture('log-noise.txt');
    assert.deepEqual(
      records.map((g) => g.id),
      [7, 8, 1],
    );
    assert.deepEqual(fns(records[0]!), ['main.(*shop).slowSelect', 'net/http.HandlerFunc.ServeHTTP']);
    assert.equal(records[0]!.stack, records[1]!.stack);
    assert.deepEqual(fns(records[2]!), ['main.main']);
    assert.deepEqual(summary.warnings, []);
  });

  it('a dump cut off mid-goroutine parses with a warning that quotes where', () => {
    const { records, summary } = fixture('truncated-mid-goroutine.txt');
    assert.equal(records.length, 3);
    const cut = records[2]!;
    assert.equal(cut.stack.truncated, true);
    assert.deepEqual(fns(cut), ['main.(*shop).spawnSend.func1']);
    assert.equal(summary.warnings.length, 1);
    assert.match(summary.warnings[0]!.message, /ends in the middle of goroutine 9; its stack is incomplete/);
    assert.equal(summary.warnings[0]!.line, 16);
  });

  it('CRLF line ends read like LF', () => {
    const crlf = fixture('crlf.txt');
    assert.deepEqual(
      crlf.records.map((g) => [g.id, g.state, g.stack.frames[0]!.file, g.stack.frames[0]!.line, g.createdBy?.line]),
      [
        [7, 'select', 'shopd/main.go', 61, 3360],
        [8, 'chan send', 'shopd/main.go', 77, 73],
      ],
    );
  });

  it('NUL bytes: the line is skipped with a warning, the goroutines around it are kept', () => {
    const { records, summary } = fixture('nul-bytes.txt');
    assert.deepEqual(
      records.map((g) => g.id),
      [7, 8, 10],
    );
    assert.equal(summary.warnings.length, 1);
    assert.match(summary.warnings[0]!.message, /NUL bytes/);
    assert.equal(summary.warnings[0]!.line, 13);
  });

  it('a line longer than 1 MiB is skipped without being buffered', () => {
    const text = `goroutine 1 [select]:\nmain.a()\n\tx.go:1 +0x1\n${'y'.repeat(3 << 20)}\n\ngoroutine 2 [select]:\nmain.b()\n\tx.go:2 +0x1\n`;
    const { records } = parse(new TextEncoder().encode(text), 64 * 1024);
    assert.deepEqual(
      records.map((g) => [g.id, fns(g)]),
      [
        [1, ['main.a']],
        [2, ['main.b']],
      ],
    );
  });

  it('the same result whatever the chunk boundaries', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'crash-gotraceback-system-go1.23.txt'));
    const whole = parse(bytes).records.map((g) =>
      JSON.stringify([g.id, g.state, g.stack.frames, g.createdBy, g.parentId]),
    );
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const split = parse(bytes, size).records.map((g) =>
        JSON.stringify([g.id, g.state, g.stack.frames, g.createdBy, g.parentId]),
      );
      assert.deepEqual(split, whole, `chunks of ${size}`);
    }
  });

  it('a reused chunk buffer does not corrupt a function line pending across the boundary', () => {
    const text = new TextEncoder().encode('goroutine 1 [select]:\nmain.pending(0x1)\n\tx.go:1 +0x1\n');
    const records: GoroutineRecord[] = [];
    const parser = new Debug2Parser(new StackTable(), { add: (g) => records.push({ ...g }) }, 'test');
    const buf = new Uint8Array(40);
    buf.set(text.subarray(0, 40));
    parser.push(buf);
    buf.fill(0x7a); // the caller reuses its buffer
    parser.push(text.subarray(40));
    parser.finish();
    assert.equal(records[0]!.stack.frames[0]!.function, 'main.pending');
  });
});
