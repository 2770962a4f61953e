// The WaitGroup and Cond rules one at a time: a Done that can be skipped, a Cond nothing signals,
// and handlers waiting minutes or piling up (with the threshold's negative side).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  condNeverSignalled,
  condWaitInHandler,
  waitGroupDoneSkipped,
  waitGroupInHandler,
} from '../../../../src/core/analysis/rules/waitGroupRules';
import { assertVerdict, decideFacts, factsFor, park, requests, type DumpGoroutine } from './factsFromDump';

const BATCH = 'example.com/orders.(*api).batch';
const JOBS = 'example.com/orders.(*api).nextJob';
const WG = [
  park('runtime.gopark'),
  park('sync.runtime_SemacquireWaitGroup', 'runtime/sema.go:114'),
  'sync.(*WaitGroup).Wait /usr/local/go/src/sync/waitgroup.go:118',
];
const COND = [
  park('runtime.gopark'),
  park('sync.runtime_notifyListWait', 'runtime/sema.go:597'),
  'sync.(*Cond).Wait /usr/local/go/src/sync/cond.go:71',
];

/** `n` requests of `handler` parked in `wait`, their clients' state unknown (clientRules.test.ts covers it). */
function handlers(n: number, state: string, wait: string[], handler: string): DumpGoroutine[] {
  return requests({ wait, handler: `${handler} /build/orders/batch.go:27`, state, count: n, client: 'unknown' });
}

describe('waitGroupDoneSkipped', () => {
  it('leaks a handler in Wait when a counted goroutine can return before Done (likely), naming the group', async () => {
    const f = await factsFor(handlers(1, 'sync.WaitGroup.Wait', WG, BATCH), BATCH, {
      source: { waitGroup: { name: 'wg', skipsDone: true } },
    });
    assertVerdict(waitGroupDoneSkipped(f), {
      status: 'leak',
      kind: 'waitgroup-wait',
      confidence: 'likely',
      problem: /counted in wg can return before calling wg\.Done\(\)/,
      evidence: [`belongs to handler ${BATCH} (via stack)`],
    });
  });

  it('passes when every goroutine calls Done', async () => {
    const f = await factsFor(handlers(1, 'sync.WaitGroup.Wait', WG, BATCH), BATCH, {
      source: { waitGroup: { name: 'wg', skipsDone: false } },
    });
    assert.equal(waitGroupDoneSkipped(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});

describe('waitGroupInHandler', () => {
  it('suspects ten requests piled up in Wait when the source was not read (possible)', async () => {
    const f = await factsFor(handlers(10, 'sync.WaitGroup.Wait', WG, BATCH), BATCH);
    assertVerdict(waitGroupInHandler(f), {
      status: 'leak',
      kind: 'waitgroup-wait',
      confidence: 'possible',
      problem: /nothing cancels when the client leaves/,
      evidence: ['no source given'],
    });
  });

  it('says unknown for a pile-up under the threshold', async () => {
    const f = await factsFor(handlers(9, 'sync.WaitGroup.Wait', WG, BATCH), BATCH);
    assert.equal(waitGroupInHandler(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown', evidence: ['no source given'] });
  });

  it('trusts the source over a pile-up: a WaitGroup it read that skips no Done is not suspected', async () => {
    const f = await factsFor(handlers(10, 'sync.WaitGroup.Wait', WG, BATCH), BATCH, {
      source: { waitGroup: { name: 'wg', skipsDone: false } },
    });
    assert.equal(waitGroupInHandler(f), null);
  });

  it('suspects one request after minutes', async () => {
    const f = await factsFor(handlers(1, 'sync.WaitGroup.Wait, 2 minutes', WG, BATCH), BATCH);
    assertVerdict(waitGroupInHandler(f), { status: 'leak', kind: 'waitgroup-wait', confidence: 'possible' });
  });
});

describe('condNeverSignalled', () => {
  it('leaks a handler waiting on a Cond nothing in its file signals (likely), naming it', async () => {
    const f = await factsFor(handlers(1, 'sync.Cond.Wait', COND, JOBS), JOBS, {
      source: { cond: { name: 'q.ready', signalledInFile: false } },
    });
    assertVerdict(condNeverSignalled(f), {
      status: 'leak',
      kind: 'cond-wait',
      confidence: 'likely',
      problem: /on q\.ready, which nothing in its file ever signals or broadcasts/,
    });
  });

  it('passes when the file signals it', async () => {
    const f = await factsFor(handlers(1, 'sync.Cond.Wait', COND, JOBS), JOBS, {
      source: { cond: { name: 'q.ready', signalledInFile: true } },
    });
    assert.equal(condNeverSignalled(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});

describe('condWaitInHandler', () => {
  it('suspects a pile-up of ten without source, and not nine', async () => {
    assertVerdict(condWaitInHandler(await factsFor(handlers(10, 'sync.Cond.Wait', COND, JOBS), JOBS)), {
      status: 'leak',
      kind: 'cond-wait',
      confidence: 'possible',
      problem: /nothing cancels when the client leaves/,
    });
    const nine = await factsFor(handlers(9, 'sync.Cond.Wait', COND, JOBS), JOBS);
    assert.equal(condWaitInHandler(nine), null);
    assertVerdict(decideFacts(nine), { status: 'unknown' });
  });

  it('suspects one request after minutes', async () => {
    const f = await factsFor(handlers(1, 'sync.Cond.Wait, 8 minutes', COND, JOBS), JOBS);
    assertVerdict(condWaitInHandler(f), {
      status: 'leak',
      kind: 'cond-wait',
      confidence: 'possible',
      evidence: ['parked for 8 minutes'],
    });
  });
});
