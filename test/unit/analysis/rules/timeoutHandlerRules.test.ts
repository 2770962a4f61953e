// The http.TimeoutHandler rule: an inner handler goroutine whose request has ended, told by its
// parent id (Go 1.21+) or, without ids, by more inner goroutines than requests waiting for them.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { timeoutHandlerCounts, timeoutHandlerOrphan } from '../../../../src/core/analysis/rules/timeoutHandlerRules';
import {
  assertVerdict,
  CREATED_BY_SERVER,
  factsFor,
  MAIN_SERVING,
  park,
  snapshotOf,
  type DumpGoroutine,
} from './factsFromDump';

const REPORT = 'example.com/orders.(*api).report';
const SERVER_GO = '/usr/local/go/src/net/http/server.go';

/** The inner handler, parked in a select inside TimeoutHandler's goroutine. */
function inner(id: number, parent?: number): DumpGoroutine {
  return {
    id,
    state: 'select',
    frames: [
      park('runtime.gopark'),
      park('runtime.selectgo', 'runtime/select.go:351'),
      `${REPORT} /build/orders/report.go:22`,
      `net/http.HandlerFunc.ServeHTTP ${SERVER_GO}:2294`,
      `net/http.(*timeoutHandler).ServeHTTP.func1 ${SERVER_GO}:3600`,
    ],
    createdBy: `net/http.(*timeoutHandler).ServeHTTP ${SERVER_GO}:3595`,
    parent,
  };
}

/** The request's goroutine, waiting in TimeoutHandler for the inner one or the deadline. */
function outer(id: number): DumpGoroutine {
  return {
    id,
    state: 'select',
    frames: [
      park('runtime.gopark'),
      park('runtime.selectgo', 'runtime/select.go:351'),
      `net/http.(*timeoutHandler).ServeHTTP ${SERVER_GO}:3608`,
      `net/http.serverHandler.ServeHTTP ${SERVER_GO}:3301`,
      `net/http.(*conn).serve ${SERVER_GO}:2102`,
    ],
    createdBy: CREATED_BY_SERVER,
    parent: 1,
  };
}

const INNER_FN = 'net/http.(*timeoutHandler).ServeHTTP.func1';

describe('timeoutHandlerOrphan', () => {
  it('leaks an inner handler whose request goroutine has exited (likely)', async () => {
    const f = await factsFor([MAIN_SERVING, inner(80, 79)], INNER_FN);
    assertVerdict(timeoutHandlerOrphan(f), {
      status: 'leak',
      kind: 'timeout-handler-orphan',
      confidence: 'likely',
      problem: /the request it served has already ended/,
      evidence: ['its creator goroutine has exited'],
    });
  });

  it('is possible when only some of the requests have ended', async () => {
    const f = await factsFor([MAIN_SERVING, inner(80, 79), inner(82, 81), outer(81)], INNER_FN);
    assertVerdict(timeoutHandlerOrphan(f), {
      status: 'leak',
      kind: 'timeout-handler-orphan',
      confidence: 'possible',
      problem: /1 of 2 requests have already ended/,
    });
  });

  it('passes while the request still waits for it', async () => {
    assert.equal(timeoutHandlerOrphan(await factsFor([MAIN_SERVING, inner(80, 79), outer(79)], INNER_FN)), null);
  });

  it('without parent ids (Go < 1.21), leaks when inner goroutines outnumber the requests waiting', async () => {
    const f = await factsFor([MAIN_SERVING, inner(80), inner(82), inner(84), outer(81)], INNER_FN);
    assert.equal(f.orphan.status, 'creator-running');
    assertVerdict(timeoutHandlerOrphan(f), {
      status: 'leak',
      kind: 'timeout-handler-orphan',
      confidence: 'likely',
      problem: /3 such goroutines but only 1 requests waiting for them, so 2 outlived their request/,
    });
  });

  it('without parent ids, passes when every inner goroutine has its request', async () => {
    assert.equal(
      timeoutHandlerOrphan(await factsFor([MAIN_SERVING, inner(80), inner(82), outer(79), outer(81)], INNER_FN)),
      null,
    );
  });

  it('passes on goroutines outside TimeoutHandler', async () => {
    assert.equal(
      timeoutHandlerOrphan(await factsFor([MAIN_SERVING, outer(79)], 'net/http.(*timeoutHandler).ServeHTTP')),
      null,
    );
  });
});

describe('timeoutHandlerCounts', () => {
  it('counts inner goroutines and the requests waiting for theirs', async () => {
    const snap = await snapshotOf([MAIN_SERVING, inner(80), inner(82), inner(84), outer(81), outer(83)]);
    assert.deepEqual(timeoutHandlerCounts(snap.groups), { timeoutInner: 3, timeoutOuter: 2 });
  });
});
