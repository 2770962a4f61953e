// The sleep rules one at a time: a handler sleeping at least a minute, under a minute, or for
// minutes already with no duration read; a sleep outside any request.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  longSleepInHandler,
  shortSleepInHandler,
  sleepForMinutesInHandler,
} from '../../../../src/core/analysis/rules/sleepRules';
import {
  assertVerdict,
  decideFacts,
  factsFor,
  MAIN_SERVING,
  park,
  requests,
  type DumpGoroutine,
} from './factsFromDump';

const RETRY = 'example.com/orders.(*api).retry';
const SLEEP = [park('runtime.gopark'), 'time.Sleep /usr/local/go/src/runtime/time.go:363'];

function sleeping(state: string, handler = true): DumpGoroutine[] {
  // Whether the client is still there is not known (clientRules.test.ts covers what it changes).
  if (handler)
    return requests({ wait: SLEEP, handler: `${RETRY} /build/orders/retry.go:19`, state, client: 'unknown' });
  return [
    MAIN_SERVING,
    {
      id: 70,
      state,
      frames: [...SLEEP, `${RETRY} /build/orders/retry.go:19`],
      createdBy: 'main.main /build/orders/main.go:30',
      parent: 1,
    },
  ];
}

describe('longSleepInHandler', () => {
  it('leaks a handler in time.Sleep of at least a minute (likely), quoting the duration', async () => {
    const f = await factsFor(sleeping('sleep'), RETRY, {
      source: { sleep: { durationMs: 300_000, text: '5 * time.Minute' } },
    });
    assertVerdict(longSleepInHandler(f), {
      status: 'leak',
      kind: 'sleep',
      confidence: 'likely',
      problem: /time\.Sleep\(5 \* time\.Minute\), at least 5 minute\(s\), which ignores the request context/,
    });
  });

  it('passes on a sleep outside any request', async () => {
    const f = await factsFor(sleeping('sleep', false), RETRY, {
      source: { sleep: { durationMs: 300_000, text: '5 * time.Minute' } },
    });
    assert.equal(longSleepInHandler(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});

describe('shortSleepInHandler', () => {
  it('says unknown for a sleep under a minute: it ends soon whatever the client does', async () => {
    const f = await factsFor(sleeping('sleep'), RETRY, {
      source: { sleep: { durationMs: 2_000, text: '2 * time.Second' } },
    });
    const want = { status: 'unknown', evidence: ['sleeps 2 * time.Second, under a minute'] } as const;
    assertVerdict(shortSleepInHandler(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('passes when the duration is not a constant', async () => {
    const f = await factsFor(sleeping('sleep'), RETRY, { source: { sleep: { durationMs: null, text: 'backoff' } } });
    assert.equal(shortSleepInHandler(f), null);
  });
});

describe('sleepForMinutesInHandler', () => {
  it('suspects a handler that has slept minutes when no duration was read (possible)', async () => {
    const f = await factsFor(sleeping('sleep, 3 minutes'), RETRY);
    assertVerdict(sleepForMinutesInHandler(f), {
      status: 'leak',
      kind: 'sleep',
      confidence: 'possible',
      problem: /^in time\.Sleep, which ignores the request context$/,
      evidence: ['parked for 3 minutes', 'no source given'],
    });
  });

  it('quotes a duration it could not evaluate', async () => {
    const f = await factsFor(sleeping('sleep, 3 minutes'), RETRY, {
      source: { sleep: { durationMs: null, text: 'backoff' } },
    });
    assertVerdict(sleepForMinutesInHandler(f), {
      status: 'leak',
      kind: 'sleep',
      confidence: 'possible',
      problem: /time\.Sleep\(backoff\)/,
    });
  });

  it('says unknown under a minute', async () => {
    const f = await factsFor(sleeping('sleep'), RETRY);
    assert.equal(sleepForMinutesInHandler(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});
