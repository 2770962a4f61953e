// The context rule: a request's goroutine parked inside a call whose context, followed out to where
// it was made (contextProvenance.ts, given here as source facts), is not the request's.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { contextNotRequest } from '../../../../src/core/analysis/rules/contextRules';
import type { ContextFacts } from '../../../../src/core/analysis/contextProvenance';
import {
  assertVerdict,
  decideFacts,
  factsFor,
  MAIN_SERVING,
  park,
  requests,
  type DumpGoroutine,
} from './factsFromDump';

const HISTORY = 'example.com/orders.(*api).history';
const GO = '/usr/local/go/src';
/** A query queued for a pool connection inside database/sql. */
const QUERY = [
  park('runtime.selectgo', 'runtime/select.go:351'),
  `database/sql.(*DB).conn ${GO}/database/sql/sql.go:1361`,
  `database/sql.(*DB).query ${GO}/database/sql/sql.go:1751`,
  `database/sql.(*DB).QueryContext ${GO}/database/sql/sql.go:1733`,
];

function queries(client: 'connected' | 'gone' | 'unknown' = 'gone'): DumpGoroutine[] {
  return requests({ wait: QUERY, handler: `${HISTORY} /build/orders/history.go:30`, state: 'select', client });
}

const made = (origin: ContextFacts['origin'], expression: string, o: Partial<ContextFacts> = {}): ContextFacts => ({
  origin,
  expression,
  path: '/ws/orders/history.go',
  line: 28,
  call: 's.store.History',
  implicit: false,
  ...o,
});

describe('contextNotRequest', () => {
  it('leaks a handler waiting inside a call given context.Background() (likely), naming where', async () => {
    const f = await factsFor(queries('connected'), HISTORY, {
      source: { context: made('background', 'context.Background()') },
    });
    const want = {
      status: 'leak',
      kind: 'context-not-request',
      confidence: 'likely',
      problem: /^inside s\.store\.History, given context\.Background\(\) \(history\.go:28\), which is never cancelled/,
      evidence: ['the context of s.store.History comes from context.Background() at history.go:28 (background)'],
    } as const;
    assertVerdict(contextNotRequest(f), want);
    // Whether its client is connected does not matter: nothing will end the call.
    assertVerdict(decideFacts(f), want);
    assert.match(contextNotRequest(f)!.fix!, /instead of context\.Background\(\)/);
  });

  it('leaks for a context that can never be cancelled, and for the service’s own stored context', async () => {
    for (const origin of ['detached', 'lifetime'] as const) {
      const f = await factsFor(queries(), HISTORY, { source: { context: made(origin, 'c.life') } });
      assertVerdict(contextNotRequest(f), { status: 'leak', kind: 'context-not-request', confidence: 'likely' });
    }
  });

  it('passes on the request’s context, a deadline-bounded one, an unknown one, and an API that takes none', async () => {
    for (const origin of ['request', 'bounded', 'unknown'] as const) {
      assert.equal(
        contextNotRequest(await factsFor(queries(), HISTORY, { source: { context: made(origin, 'ctx') } })),
        null,
      );
    }
    const implicit = made('background', 'r.db.Query(…)', { implicit: true });
    assert.equal(contextNotRequest(await factsFor(queries(), HISTORY, { source: { context: implicit } })), null);
    assert.equal(contextNotRequest(await factsFor(queries(), HISTORY)), null);
  });

  it('passes on goroutines that are not the handler’s own, and on waits that end by themselves', async () => {
    const job: DumpGoroutine[] = [
      MAIN_SERVING,
      {
        id: 40,
        state: 'select',
        frames: [...QUERY, `${HISTORY}.func1 /build/orders/history.go:40`],
        createdBy: `${HISTORY} /build/orders/history.go:38`,
        parent: 1,
      },
    ];
    const bg = made('background', 'context.Background()');
    assert.equal(contextNotRequest(await factsFor(job, `${HISTORY}.func1`, { source: { context: bg } })), null);
    const sleep = requests({
      wait: [park('runtime.gopark'), `time.Sleep ${GO}/runtime/time.go:363`],
      handler: `${HISTORY} /build/orders/history.go:30`,
      state: 'sleep',
    });
    assert.equal(contextNotRequest(await factsFor(sleep, HISTORY, { source: { context: bg } })), null);
    const soon = {
      kind: 'timer' as const,
      text: '<-time.After(time.Second)',
      channel: null,
      durationMs: 1000,
      line: 29,
    };
    assert.equal(
      contextNotRequest(await factsFor(queries(), HISTORY, { source: { context: bg, selectCases: [soon] } })),
      null,
    );
  });
});
