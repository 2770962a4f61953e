// Reading Go source at a stack line with tree-sitter: select cases, channel origins, locks, go
// statements. Real sources: the shared shopd service (when present) and our own test/go/leakyapi.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { createGoParser, type GoParser } from '../../../src/core/source/goParser';
import {
  callArgumentAt,
  callsAt,
  enclosingFunctions,
  goStatementArgs,
  hasHttpHandlerSignature,
  methodReceiverAt,
  parameterNames,
} from '../../../src/core/source/goSyntax';
import { receiveAt, selectAt, selectCases, sendAt } from '../../../src/core/source/goSelect';
import { findLocalChannel } from '../../../src/core/source/goChannels';
import { holdsLockAt, lockAt } from '../../../src/core/source/goLocks';
import { localGoroutineSkipsDone } from '../../../src/core/source/goWaitGroups';
import { durationLowerBoundMs, durationMs } from '../../../src/core/source/goDurations';
import { loadTreeSitterWasm } from '../../../src/node/treeSitterWasm';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const shopdMain = path.resolve(repoRoot, '..', 'shared', 'corpus', 'shopd', 'src', 'main.go');
const leakyapi = path.join(repoRoot, 'test', 'go', 'leakyapi');

let parser: GoParser;
before(async () => {
  parser = await createGoParser(await loadTreeSitterWasm());
});

function parse(file: string): Node {
  return parser.parse(readFileSync(file, 'utf8')).rootNode;
}

/** 0-based row of the first line containing `text` (the tests name lines by content, not number). */
function rowOf(root: Node, text: string, from = 0): number {
  const lines = root.text.split('\n');
  const i = lines.findIndex((l, n) => n >= from && l.includes(text));
  assert.ok(i >= 0, `line containing ${text}`);
  return i;
}

describe(
  'goSyntax on shopd',
  { skip: existsSync(shopdMain) ? false : `shared corpus not found at ${shopdMain}` },
  () => {
    it('lists the cases of a select without a context case', () => {
      const root = parse(shopdMain);
      const row = 60; // main.go:61, as printed in every shopd stack of slowSelect
      const s = selectAt(root, row);
      assert.ok(s);
      const cases = selectCases(s, enclosingFunctions(root, row));
      assert.deepEqual(
        cases.map((c) => c.kind),
        ['timer', 'channel'],
      );
      assert.equal(cases[0]!.durationMs, 30 * 60_000);
      assert.equal(cases[1]!.channel, 's.priceCh');
    });

    it('recognizes r.Context().Done(), ctx.Done(), and ticker plus quit channel cases', () => {
      const root = parse(shopdMain);
      const kinds = (row: number) =>
        selectCases(selectAt(root, row)!, enclosingFunctions(root, row)).map((c) => c.kind);
      assert.deepEqual(kinds(109), ['context-done', 'channel']);
      assert.deepEqual(kinds(187), ['context-done', 'channel']);
      assert.deepEqual(kinds(169), ['context-done', 'context-done']);
      assert.deepEqual(kinds(213), ['ticker', 'cancel-channel']);
    });

    it('finds the unbuffered channel a closure sends on, made by the enclosing handler', () => {
      const root = parse(shopdMain);
      const row = 76; // main.go:77 `ch <- buf[:n]`
      assert.equal(sendAt(root, row), 'ch');
      const scope = enclosingFunctions(root, row);
      assert.equal(scope[0]!.type, 'func_literal');
      assert.ok(hasHttpHandlerSignature(scope[1]!));
      const origin = findLocalChannel(scope, 'ch');
      assert.ok(origin);
      assert.equal(origin.buffered, false);
      assert.equal(origin.line, 73);
      assert.equal(origin.declaredIn.startIndex, scope[1]!.startIndex);
    });

    it('reads the lock taken on a line and tells which function still holds it', () => {
      const root = parse(shopdMain);
      assert.deepEqual(lockAt(root, 132), { mutex: 's.invMu', name: 'invMu', method: 'Lock' });
      const maintenance = enclosingFunctions(root, 142)[0]!; // parked at `<-s.maintenanceDone` after Lock
      assert.equal(holdsLockAt(maintenance, 142, 'invMu'), true);
      const reserve = enclosingFunctions(root, 134)[0]!; // after Lock with a deferred Unlock
      assert.equal(holdsLockAt(reserve, 134, 'invMu'), true);
      assert.equal(holdsLockAt(maintenance, 140, 'invMu'), false, 'not before its Lock');
    });

    it('reads receives, range loops and calls on a line', () => {
      const root = parse(shopdMain);
      const r = receiveAt(root, 202, enclosingFunctions(root, 202)); // `for job := range s.jobs`
      assert.deepEqual(r && { channel: r.channel, rangeLoop: r.rangeLoop }, { channel: 's.jobs', rangeLoop: true });
      assert.deepEqual(callsAt(root, 120), ['http.Get']);
    });
  },
);

describe('goSyntax on test/go/leakyapi', () => {
  const handlers = path.join(leakyapi, 'handlers.go');

  it('maps a named goroutine function parameter to the go statement argument', () => {
    const root = parse(handlers);
    const goRow = rowOf(root, 'go a.applyEntries(rows, applied)');
    assert.deepEqual(goStatementArgs(root, goRow), ['rows', 'applied']);
    const fnRow = rowOf(root, 'for e := range rows');
    const fn = enclosingFunctions(root, fnRow)[0]!;
    assert.deepEqual(parameterNames(fn), ['rows', 'applied']);
    const made = findLocalChannel(enclosingFunctions(root, goRow), 'rows');
    assert.equal(made?.buffered, false);
  });

  it('sees a goroutine that can return before wg.Done()', () => {
    const root = parse(handlers);
    const row = rowOf(root, 'wg.Wait()');
    assert.equal(methodReceiverAt(root, row, 'Wait'), 'wg');
    assert.equal(localGoroutineSkipsDone(enclosingFunctions(root, row)[0]!, 'wg'), true);
  });

  it('evaluates constant durations and leaves computed ones unknown', () => {
    const root = parse(handlers);
    const row = rowOf(root, 'time.Sleep(time.Duration(attempt+1)');
    const arg = callArgumentAt(root, row, 'time.Sleep');
    assert.ok(arg);
    assert.equal(durationMs(arg), null);
    const selectRow = rowOf(root, 'select {', rowOf(root, 'func (a *api) exchangeRate'));
    const sel = selectAt(root, selectRow);
    assert.ok(sel);
    const timer = selectCases(sel, enclosingFunctions(root, selectRow)).find((c) => c.kind === 'timer');
    assert.equal(timer?.durationMs, 20 * 60_000);
  });
});

describe('duration lower bounds', () => {
  it('takes unknown factors of a product as 1 and keeps bare numbers as counts', () => {
    const root = parse(path.join(leakyapi, 'handlers.go'));
    const row = rowOf(root, 'time.Sleep(time.Duration(attempt+1)');
    assert.equal(durationLowerBoundMs(callArgumentAt(root, row, 'time.Sleep')!), 10 * 60_000);
  });
});
