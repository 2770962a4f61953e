// The lock rules one at a time: a holder parked for good, a holder that sleeps, a lock held for
// minutes, a pile-up of requests, and ordinary contention.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  lockHeldByParkedGoroutine,
  lockHeldForMinutes,
  lockPileUp,
  lockUndecided,
} from '../../../../src/core/analysis/rules/lockRules';
import type { RuleFacts } from '../../../../src/core/analysis/rules/ruleFacts';
import {
  assertVerdict,
  decideFacts,
  factsFor,
  park,
  requests,
  snapshotOf,
  type DumpGoroutine,
  type Requests,
} from './factsFromDump';

const UPDATE = 'example.com/orders.(*accounts).update';
const HOLDER = 'example.com/orders.(*accounts).refresh';
const LOCK = [
  park('runtime.gopark'),
  park('runtime.goparkunlock', 'runtime/proc.go:441'),
  park('sync.runtime_SemacquireMutex', 'runtime/sema.go:95'),
  'sync.(*Mutex).lockSlow /usr/local/go/src/sync/mutex.go:173',
  'sync.(*Mutex).Lock /usr/local/go/src/sync/mutex.go:92',
];

/** `n` requests queued on the accounts lock, plus the goroutine holding it in `holderState`. */
function queued(
  n: number,
  state = 'sync.Mutex.Lock',
  holderState: string | null = 'chan receive',
  client?: Requests['client'],
): DumpGoroutine[] {
  const out = requests({ wait: LOCK, handler: `${UPDATE} /build/orders/accounts.go:41`, state, count: n, client });
  if (holderState !== null) {
    out.push({
      id: 30,
      state: holderState,
      frames: [
        park('runtime.gopark'),
        park('runtime.chanrecv1', 'runtime/chan.go:489'),
        `${HOLDER} /build/orders/accounts.go:70`,
      ],
      createdBy: 'main.main /build/orders/main.go:35',
      parent: 1,
    });
  }
  return out;
}

/** The source at the Lock line: `a.mu.Lock()`, and the holders the analysis found. */
async function withLockSource(goroutines: DumpGoroutine[], holders: boolean): Promise<RuleFacts> {
  const plain = await factsFor(goroutines, UPDATE);
  const snapshot = await snapshotOf(goroutines);
  const holder = snapshot.groups.find((g) => g.stack.frames.some((f) => f.function === HOLDER));
  const frame = holder?.stack.frames.find((f) => f.function === HOLDER);
  return factsFor(goroutines, UPDATE, {
    source: {
      path: '/ws/orders/accounts.go',
      line: plain.group.stack.frames[5]!.line,
      lock: {
        mutex: 'a.mu',
        name: 'a.mu',
        holders: holders && holder && frame ? [{ group: holder, frame }] : [],
      },
    },
  });
}

describe('lockHeldByParkedGoroutine', () => {
  it('leaks waiters of a lock whose holder is parked on a channel (likely), naming the holder', async () => {
    const f = await withLockSource(queued(2), true);
    assertVerdict(lockHeldByParkedGoroutine(f), {
      status: 'leak',
      kind: 'lock-wait',
      confidence: 'likely',
      problem:
        /for a\.mu, which orders\.\(\*accounts\)\.refresh \(accounts\.go:70, chan receive\) holds while itself parked/,
      evidence: [/^a\.mu is held by orders\.\(\*accounts\)\.refresh/],
    });
  });

  it('says unknown while a sleeping holder has held it under a minute: it lets go eventually', async () => {
    const f = await withLockSource(queued(2, 'sync.Mutex.Lock', 'sleep'), true);
    assertVerdict(lockHeldByParkedGoroutine(f), {
      status: 'unknown',
      evidence: ['the holder sleeps or does IO: it lets go eventually'],
    });
  });

  it('is only possible after minutes behind a sleeping holder', async () => {
    const f = await withLockSource(queued(2, 'sync.Mutex.Lock, 3 minutes', 'sleep'), true);
    assertVerdict(lockHeldByParkedGoroutine(f), { status: 'leak', kind: 'lock-wait', confidence: 'possible' });
  });

  it('passes when no parked holder was found', async () => {
    assert.equal(lockHeldByParkedGoroutine(await withLockSource(queued(2), false)), null);
  });
});

describe('lockHeldForMinutes', () => {
  it('leaks waiters of a lock nobody has released for minutes (likely)', async () => {
    const f = await withLockSource(queued(1, 'sync.Mutex.Lock, 6 minutes', null), false);
    assertVerdict(lockHeldForMinutes(f), {
      status: 'leak',
      kind: 'lock-wait',
      confidence: 'likely',
      problem: /nobody has released for minutes/,
      evidence: ['parked for 6 minutes', 'waits for a.mu; no parked holder found'],
    });
  });

  it('passes under a minute', async () => {
    assert.equal(lockHeldForMinutes(await factsFor(queued(1, 'sync.Mutex.Lock', null), UPDATE)), null);
  });
});

describe('lockPileUp', () => {
  it('suspects ten requests queued on one lock line, without source (possible)', async () => {
    const f = await factsFor(queued(10, 'sync.RWMutex.Lock', null), UPDATE);
    assert.equal(f.site.wait, 'rwmutex');
    assertVerdict(lockPileUp(f), {
      status: 'leak',
      kind: 'lock-wait',
      confidence: 'possible',
      problem: /10 requests queued on the same line/,
      evidence: ['no source given'],
    });
  });

  it('says unknown for nine: ordinary contention queues that many', async () => {
    const f = await factsFor(queued(9, 'sync.Mutex.Lock', null, 'unknown'), UPDATE);
    assert.equal(lockPileUp(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});

describe('lockUndecided', () => {
  it('says unknown for contention, with what the source said about the lock', async () => {
    const f = await withLockSource(queued(2), false);
    assertVerdict(lockUndecided(f), { status: 'unknown', evidence: ['waits for a.mu; no parked holder found'] });
  });

  it('passes on other waits', async () => {
    const f = await factsFor(queued(1, 'sync.Mutex.Lock', 'chan receive'), HOLDER);
    assert.equal(lockUndecided(f), null);
  });
});
