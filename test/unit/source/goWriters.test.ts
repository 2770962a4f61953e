// Who can still write to a channel or a pipe, read from real Go source (test/go/meteohub,
// test/go/leakyapi) and from snippets for the cases those services do not have.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createGoParser, type GoParser } from '../../../src/core/source/goParser';
import { enclosingFunctions } from '../../../src/core/source/goSyntax';
import {
  declarationsNamed,
  fieldChannelWriters,
  localHandOff,
  pipeWriterOf,
  receiverType,
  returnsWithoutClosing,
} from '../../../src/core/source/goWriters';
import { loadTreeSitterWasm } from '../../../src/node/treeSitterWasm';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const meteohub = path.join(repoRoot, 'test', 'go', 'meteohub', 'internal');

let parser: GoParser;
before(async () => {
  parser = await createGoParser(await loadTreeSitterWasm());
});

const file = (rel: string): Node => parser.parse(readFileSync(path.join(meteohub, rel), 'utf8')).rootNode;
const snippet = (body: string): Node => parser.parse(`package x\n\n${body}\n`).rootNode;
const only = (roots: Node[], name: string): Node => {
  const d = declarationsNamed(roots, name);
  assert.equal(d.length, 1, `one declaration of ${name}`);
  return d[0]!;
};

describe('fieldChannelWriters', () => {
  it('finds the one goroutine that sends on and closes an unexported channel field', () => {
    const keys = file('keys/keys.go');
    const w = fieldChannelWriters([keys], 'issued');
    assert.equal(w.escapes, false);
    assert.deepEqual(
      w.writers.map((x) => [x.fn.childForFieldName('name')?.text, x.runs, x.goRows.map((r) => r + 1)]),
      [['run', 'goroutine', [24]]],
    );
    assert.equal(receiverType(w.writers[0]!.fn), 'Service');
  });

  it('says a channel handed out (returned by a method) escapes, and that a writer called directly may run again', () => {
    assert.equal(fieldChannelWriters([file('stations/schedule.go')], 'open').escapes, true);
    const called = snippet(`type S struct{ ch chan int }
func New() *S { return &S{ch: make(chan int)} }
func (s *S) Publish(v int) { s.ch <- v }
func (s *S) Wait() int { return <-s.ch }
func use(s *S) { s.Publish(1) }`);
    const w = fieldChannelWriters([called], 'ch');
    assert.equal(w.escapes, false);
    assert.deepEqual(
      w.writers.map((x) => x.runs),
      ['called'],
    );
  });

  it('finds no writer for a channel nothing sends on, and counts a stored foreign channel as escaping', () => {
    const none = snippet(`type S struct{ prices chan float64 }
func New() *S { return &S{prices: make(chan float64)} }
func (s *S) Next() float64 { return <-s.prices }`);
    assert.deepEqual(fieldChannelWriters([none], 'prices'), { writers: [], escapes: false });
    const foreign = snippet(`type S struct{ in chan int }
func New(in chan int) *S { return &S{in: in} }`);
    assert.equal(fieldChannelWriters([foreign], 'in').escapes, true);
  });
});

describe('localHandOff and pipeWriterOf', () => {
  it('follows a local channel to the go statement that gets it', () => {
    const replay = file('stations/replay.go');
    const fn = only([replay], 'Replay');
    const flow = localHandOff(fn, 'frames');
    assert.equal(flow.escapes, false);
    assert.deepEqual(
      flow.goRows.map((r) => r + 1),
      [72],
    );
    assert.deepEqual(flow.goCalls, [{ row: 71, callee: 's.Archive.Stream', argIndex: 2 }]);
  });

  it('finds the writing end of an io.Pipe and where it goes', () => {
    const exp = file('stations/export.go');
    const fn = only([exp], 'ExportCSV');
    const row = 54; // export.go:55, io.Copy(w, pr)
    const pipe = pipeWriterOf(enclosingFunctions(exp, row), 'pr');
    assert.equal(pipe?.writer, 'pw');
    const flow = localHandOff(fn, 'pw', ['Close', 'CloseWithError']);
    assert.deepEqual(flow.goCalls, [{ row: 51, callee: 's.writeCSV', argIndex: 0 }]);
    assert.equal(flow.escapes, false);
    assert.equal(pipeWriterOf(enclosingFunctions(exp, row), 'w'), null);
  });

  it('says a channel passed to a plain call escapes', () => {
    const fn = only([snippet('func f(reg func(chan int)) { ch := make(chan int); reg(ch); <-ch }')], 'f');
    assert.equal(localHandOff(fn, 'ch').escapes, true);
  });
});

describe('returnsWithoutClosing', () => {
  it('finds the early return before the deferred close, and the path that skips Close', () => {
    assert.equal(returnsWithoutClosing(only([file('stations/replay.go')], 'Stream'), 'out'), 56);
    assert.equal(returnsWithoutClosing(only([file('stations/export.go')], 'writeCSV'), 'pw'), 64);
  });

  it('passes when every path closes', () => {
    assert.equal(returnsWithoutClosing(only([file('stations/export.go')], 'encodeArchive'), 'pw'), null);
    const deferred = snippet('func f(out chan int) { defer close(out); if x { return }; out <- 1 }');
    assert.equal(returnsWithoutClosing(only([deferred], 'f'), 'out'), null);
  });
});
