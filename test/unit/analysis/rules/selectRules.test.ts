// The select rules one at a time, on small stacks: `select {}`, a select the source did not give,
// default, ctx.Done and stop channels, server-lifetime channels, timers, tickers, and a select
// with no way out.
import { describe, it } from 'node:test';
import type { SelectCase } from '../../../../src/core/source/goSelect';
import {
  emptySelect,
  selectListensToCancel,
  selectNotRead,
  selectOnlyServerLifetime,
  selectOutsideRequest,
  selectShortTimer,
  selectStopChannelNeverClosed,
  selectStopLost,
  selectWithDefault,
  selectWithoutCancel,
  selectWithoutProducer,
  tickerLoopWithoutStop,
} from '../../../../src/core/analysis/rules/selectRules';
import type { ContextFacts, ContextOrigin } from '../../../../src/core/analysis/contextProvenance';
import type { ProducerFacts } from '../../../../src/core/analysis/producers';
import {
  assertVerdict,
  decideFacts,
  factsFor,
  MAIN_SERVING,
  park,
  requests,
  type DumpGoroutine,
  type Requests,
} from './factsFromDump';
import { strict as assert } from 'node:assert';

const SELECT = [park('runtime.gopark'), park('runtime.selectgo', 'runtime/select.go:351')];
const WATCH = 'example.com/orders.(*api).watch';
const STREAM = 'example.com/orders.(*api).stream';

/** A handler parked in a select of its own, on its request's goroutine. */
function handlerInSelect(state = 'select', client?: Requests['client']): DumpGoroutine[] {
  return requests({ wait: SELECT, handler: `${WATCH} /build/orders/watch.go:61`, state, client });
}

/** A closure the handler `stream` started; its request (goroutine 77) has ended unless `parentAlive`. */
function closureInSelect(parentAlive: boolean): DumpGoroutine[] {
  const closure: DumpGoroutine = {
    id: 52,
    state: 'select',
    frames: [...SELECT, `${STREAM}.func1 /build/orders/stream.go:30`],
    createdBy: `${STREAM} /build/orders/stream.go:24`,
    parent: 77,
  };
  if (!parentAlive) return [MAIN_SERVING, closure];
  const request: DumpGoroutine = {
    id: 77,
    state: 'IO wait',
    frames: [
      'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:351',
      'net/http.(*connReader).backgroundRead /usr/local/go/src/net/http/server.go:690',
    ],
    createdBy: 'net/http.(*connReader).startBackgroundRead /usr/local/go/src/net/http/server.go:686',
    parent: 76,
  };
  return [MAIN_SERVING, closure, request];
}

const at = (kind: SelectCase['kind'], text: string, channel: string | null, durationMs: number | null = null) => ({
  kind,
  text,
  channel,
  durationMs,
  line: 62,
});
const ctxDone = at('context-done', '<-r.Context().Done()', 'r.Context().Done()');
const results = at('channel', 'res := <-results', 'results');
const done = at('cancel-channel', '<-done', 'done');
const quit = at('cancel-channel', '<-s.quit', 's.quit');
const tick = at('ticker', '<-ticker.C', 'ticker.C');
const soon = at('timer', '<-time.After(10 * time.Second)', null, 10_000);
const whenever = at('timer', '<-time.After(s.timeout)', null, null);
const readAt = { path: '/ws/orders/watch.go', line: 61 };

describe('emptySelect', () => {
  it('leaks a goroutine in `select {}` for good (proven): nothing can ever wake it', async () => {
    const f = await factsFor(
      [
        MAIN_SERVING,
        {
          id: 9,
          state: 'select (no cases)',
          frames: [
            park('runtime.gopark'),
            park('runtime.block', 'runtime/select.go:105'),
            'main.daemon /build/orders/main.go:90',
          ],
          createdBy: 'main.main /build/orders/main.go:38',
          parent: 1,
        },
      ],
      'main.daemon',
    );
    assertVerdict(emptySelect(f), {
      status: 'leak',
      kind: 'empty-select',
      confidence: 'proven',
      problem: /select \{\}/,
    });
  });

  it('leaves the main goroutine alone: parking main forever is how a program lives in its other goroutines', async () => {
    const f = await factsFor(
      [
        {
          id: 1,
          state: 'select (no cases)',
          frames: [
            park('runtime.gopark'),
            park('runtime.block', 'runtime/select.go:105'),
            'main.main /build/orders/main.go:44',
          ],
        },
      ],
      'main.main',
    );
    assertVerdict(emptySelect(f), { status: 'healthy', evidence: ['the main goroutine blocks forever by design'] });
  });

  it('passes on a select with cases', async () => {
    assert.equal(emptySelect(await factsFor(handlerInSelect(), WATCH)), null);
  });
});

describe('selectNotRead', () => {
  it('says unknown, never leak, when no source tells whether the select listens to its context', async () => {
    const f = await factsFor(handlerInSelect('select, 5 minutes', 'unknown'), WATCH);
    const want = {
      status: 'unknown',
      evidence: [
        'no source given',
        'parked for 5 minutes',
        'cannot tell from the stack whether this select listens to its context',
      ],
    } as const;
    assertVerdict(selectNotRead(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('says so when the source at the line holds no select', async () => {
    const f = await factsFor(handlerInSelect(), WATCH, { source: { ...readAt } });
    assertVerdict(selectNotRead(f), {
      status: 'unknown',
      evidence: ['source read at watch.go:61', 'no select statement at the blocking line'],
    });
  });

  it('passes once the cases are read', async () => {
    assert.equal(selectNotRead(await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [ctxDone] } })), null);
  });
});

describe('selectWithDefault', () => {
  it('calls a select with a default case healthy: it never blocks', async () => {
    const f = await factsFor(handlerInSelect('select', 'unknown'), WATCH, {
      source: { ...readAt, selectCases: [tick, at('default', 'default', null)] },
    });
    assertVerdict(selectWithDefault(f), {
      status: 'healthy',
      evidence: ['has a default case', /^select cases: <-ticker\.C, default$/],
    });
    assertVerdict(decideFacts(f), { status: 'healthy', evidence: ['has a default case'] });
  });

  it('passes on a select without default', async () => {
    assert.equal(
      selectWithDefault(await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results] } })),
      null,
    );
  });
});

describe('selectListensToCancel', () => {
  const contextOf = (origin: ContextOrigin): ContextFacts => ({
    origin,
    expression: origin === 'request' ? 'r.Context()' : 'context.Background()',
    path: 'server.go',
    line: 40,
    call: '<-ctx.Done()',
    implicit: false,
  });

  it("calls a handler select on the request's context healthy, however long it has waited", async () => {
    const f = await factsFor(handlerInSelect('select, 12 minutes', 'unknown'), WATCH, {
      source: { ...readAt, selectCases: [results, ctxDone], context: contextOf('request') },
    });
    const want = {
      status: 'healthy',
      evidence: ['listens to <-r.Context().Done()', /the request's/, 'parked for 12 minutes'],
    } as const;
    assertVerdict(selectListensToCancel(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('calls one on a context with a deadline healthy: it ends then', async () => {
    const f = await factsFor(handlerInSelect('select', 'unknown'), WATCH, {
      source: { ...readAt, selectCases: [results, ctxDone], context: contextOf('bounded') },
    });
    assertVerdict(selectListensToCancel(f), { status: 'healthy', evidence: ['the context has a deadline'] });
  });

  it('leaves a handler select undecided, not healthy, when nothing shows its context will be cancelled', async () => {
    for (const context of [null, contextOf('background'), contextOf('unknown')]) {
      const f = await factsFor(handlerInSelect('select, 12 minutes', 'unknown'), WATCH, {
        source: { ...readAt, selectCases: [results, ctxDone], context },
      });
      assertVerdict(selectListensToCancel(f), {
        status: 'unknown',
        evidence: [/listens to <-r\.Context\(\)\.Done\(\), but nothing shows that anyone will cancel it/],
      });
    }
  });

  it('passes on a select with no cancel case', async () => {
    assert.equal(
      selectListensToCancel(await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results] } })),
      null,
    );
  });
});

describe('selectStopChannelNeverClosed', () => {
  const stale = { selectCases: [done, tick], unsignalledStopChannels: ['done'] };

  it('leaks a ticker loop whose creator returned without closing the stop channel it made', async () => {
    const f = await factsFor(closureInSelect(false), `${STREAM}.func1`, { source: stale });
    assertVerdict(selectStopChannelNeverClosed(f), {
      status: 'leak',
      kind: 'ticker-not-stopped',
      confidence: 'likely',
      problem: /stop channel `done` its creator never closes/,
      evidence: ['its creator goroutine has exited', 'select cases: <-done, <-ticker.C'],
    });
  });

  it('calls it select-no-ctx when no ticker drives the loop', async () => {
    const f = await factsFor(closureInSelect(false), `${STREAM}.func1`, {
      source: { selectCases: [done, results], unsignalledStopChannels: ['done'] },
    });
    assertVerdict(selectStopChannelNeverClosed(f), {
      status: 'leak',
      kind: 'select-no-ctx',
      confidence: 'likely',
      problem: /`done`/,
    });
  });

  it('passes while the creator is alive: it may still close the channel', async () => {
    const f = await factsFor(closureInSelect(true), `${STREAM}.func1`, { source: stale });
    assert.equal(f.orphaned, false);
    assert.equal(selectStopChannelNeverClosed(f), null);
    // Alive, it may close it; nothing shows it will: undecided, never listed as healthy.
    assertVerdict(decideFacts(f), { status: 'unknown', evidence: [/a loop owned by a live goroutine/] });
  });

  it('passes when a ctx.Done case is there too', async () => {
    const f = await factsFor(closureInSelect(false), `${STREAM}.func1`, {
      source: { selectCases: [done, ctxDone, tick], unsignalledStopChannels: ['done'] },
    });
    assert.equal(selectStopChannelNeverClosed(f), null);
  });
});

describe('selectOnlyServerLifetime', () => {
  it("suspects a handler whose only way out is a server's field channel: it waits for shutdown, not its client", async () => {
    const f = await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results, quit] } });
    assertVerdict(selectOnlyServerLifetime(f), {
      status: 'leak',
      kind: 'select-no-ctx',
      confidence: 'possible',
      problem: /only way out, `<-s\.quit`, is a long-lived channel/,
    });
  });

  it('passes when a timer wakes it within a minute, or the channel is a local one', async () => {
    assert.equal(
      selectOnlyServerLifetime(await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [quit, soon] } })),
      null,
    );
    assert.equal(
      selectOnlyServerLifetime(await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results, done] } })),
      null,
    );
  });
});

describe('selectOutsideRequest', () => {
  it('says unknown for a loop that no request started and whose owner is alive', async () => {
    const worker: DumpGoroutine = {
      id: 12,
      state: 'select, 30 minutes',
      frames: [...SELECT, 'example.com/orders.(*queue).run /build/orders/queue.go:48'],
      createdBy: 'main.main /build/orders/main.go:36',
      parent: 1,
    };
    const f = await factsFor([MAIN_SERVING, worker], 'example.com/orders.(*queue).run', {
      source: { selectCases: [results] },
    });
    assertVerdict(selectOutsideRequest(f), {
      status: 'unknown',
      evidence: ['not started for a request: a loop owned by a live goroutine'],
    });
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });

  it("passes on a handler's select", async () => {
    assert.equal(
      selectOutsideRequest(await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results] } })),
      null,
    );
  });
});

describe('selectShortTimer', () => {
  it('says unknown when a timer case wakes the select within a minute', async () => {
    const f = await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results, soon] } });
    assertVerdict(selectShortTimer(f), { status: 'unknown', evidence: ['a timer case wakes it within a minute'] });
  });

  it('passes on a timer of unknown length', async () => {
    assert.equal(
      selectShortTimer(await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results, whenever] } })),
      null,
    );
  });
});

describe('tickerLoopWithoutStop', () => {
  it("leaks a handler's ticker loop with no way out (likely)", async () => {
    const f = await factsFor(handlerInSelect(), WATCH, { source: { ...readAt, selectCases: [tick] } });
    assertVerdict(tickerLoopWithoutStop(f), {
      status: 'leak',
      kind: 'ticker-not-stopped',
      confidence: 'likely',
      problem: /ticker loop with no way to stop it/,
      evidence: ['select cases: <-ticker.C', 'source read at watch.go:61'],
    });
  });
});

describe('selectWithoutCancel', () => {
  it("leaks a handler's select that has no ctx.Done case (likely)", async () => {
    const f = await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results] } });
    const want = {
      status: 'leak',
      kind: 'select-no-ctx',
      confidence: 'likely',
      problem: /no ctx\.Done case/,
      evidence: ['select cases: res := <-results', `belongs to handler ${WATCH} (via stack)`],
    } as const;
    assertVerdict(selectWithoutCancel(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('is only possible while a timer of unknown length may still end it, likely after minutes', async () => {
    const fresh = await factsFor(handlerInSelect(), WATCH, { source: { selectCases: [results, whenever] } });
    assertVerdict(selectWithoutCancel(fresh), { status: 'leak', kind: 'select-no-ctx', confidence: 'possible' });
    const old = await factsFor(handlerInSelect('select, 3 minutes'), WATCH, {
      source: { selectCases: [results, whenever] },
    });
    assertVerdict(selectWithoutCancel(old), { status: 'leak', kind: 'select-no-ctx', confidence: 'likely' });
  });
});

describe('selectWithoutProducer', () => {
  const later = at('timer', '<-time.After(30 * time.Minute)', null, 30 * 60_000);
  const prices = at('channel', 'v := <-s.priceCh', 's.priceCh');
  const producer = (channel: string, state: ProducerFacts['state']): ProducerFacts => ({
    channel,
    state,
    evidence:
      state === 'none'
        ? `nothing under the source roots sends on .${channel.slice(channel.lastIndexOf('.') + 1)} or closes it`
        : `${channel}: ${state}`,
    unclosedReturn: null,
  });

  it('leaks a handler select whose channels nothing sends on, whatever its client does: only its 30-minute timer ends it', async () => {
    const f = await factsFor(handlerInSelect('select', 'connected'), WATCH, {
      source: { ...readAt, selectCases: [later, prices], producers: [producer('s.priceCh', 'none')] },
    });
    const want = {
      status: 'leak',
      kind: 'select-no-ctx',
      confidence: 'likely',
      problem:
        /^that has no ctx\.Done case, and nothing sends on `s\.priceCh`: only `<-time\.After\(30 \* time\.Minute\)` can end it$/,
      evidence: ['nothing under the source roots sends on .priceCh or closes it'],
    } as const;
    assertVerdict(selectWithoutProducer(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('calls it producer-vanished when a writer existed and exited', async () => {
    const f = await factsFor(handlerInSelect('select', 'unknown'), WATCH, {
      source: { selectCases: [results], producers: [producer('results', 'gone')] },
    });
    assertVerdict(selectWithoutProducer(f), { status: 'leak', kind: 'producer-vanished', confidence: 'likely' });
  });

  it('passes when a writer may still send, with a short timer, a ticker or a cancel case, and for background loops', async () => {
    const ask = (cases: SelectCase[], states: ProducerFacts['state'][]) =>
      factsFor(handlerInSelect('select', 'unknown'), WATCH, {
        source: {
          selectCases: cases,
          producers: cases
            .filter((c) => c.channel && c.kind !== 'context-done')
            .map((c, i) => producer(c.channel!, states[i] ?? 'none')),
        },
      });
    assert.equal(selectWithoutProducer(await ask([results], ['running'])), null);
    assert.equal(selectWithoutProducer(await ask([results], ['unknown'])), null);
    assert.equal(selectWithoutProducer(await ask([results, soon], ['none'])), null);
    assert.equal(selectWithoutProducer(await ask([results, tick], ['none'])), null);
    assert.equal(selectWithoutProducer(await ask([results, ctxDone], ['none'])), null);
    const loop = await factsFor(closureInSelect(true), `${STREAM}.func1`, {
      source: { selectCases: [results], producers: [producer('results', 'none')] },
    });
    assert.equal(selectWithoutProducer(loop), null);
  });
});

describe('selectStopLost', () => {
  /** A beacon loop started by `Start`, whose request (goroutine 77) has ended. */
  const beacon: DumpGoroutine[] = [
    MAIN_SERVING,
    {
      id: 52,
      state: 'select',
      frames: [...SELECT, 'example.com/orders/blink.(*beacon).run /build/orders/blink/blink.go:30'],
      createdBy: 'example.com/orders/blink.Start /build/orders/blink/blink.go:20',
      parent: 77,
    },
  ];
  const stopDone = at('cancel-channel', '<-b.done', 'b.done');
  const bTick = at('ticker', '<-b.C', 'b.C');
  const lost = (dropsInHandler: boolean): ProducerFacts => ({
    channel: 'b.done',
    state: 'lost',
    evidence: 'only stop closes .done, and stop is only returned by Start, whose callers drop it (api.go:40)',
    unclosedReturn: null,
    lost: { closer: 'stop', returnedBy: ['Start'], droppedAt: ['api.go:40'], dropsInHandler },
  });

  it('leaks a ticker loop whose stop function the handler drops', async () => {
    const f = await factsFor(beacon, 'example.com/orders/blink.(*beacon).run', {
      source: { ...readAt, selectCases: [bTick, stopDone], producers: [lost(true)] },
    });
    assertVerdict(selectStopLost(f), {
      status: 'leak',
      kind: 'ticker-not-stopped',
      confidence: 'likely',
      problem: /only way out, `<-b\.done`, nobody can close: only stop closes \.done/,
    });
    assert.equal(decideFacts(f).kind, 'ticker-not-stopped');
  });

  it('passes a loop whose stop is dropped outside any request (it may be meant to run for good)', async () => {
    const f = await factsFor(beacon, 'example.com/orders/blink.(*beacon).run', {
      source: { ...readAt, selectCases: [bTick, stopDone], producers: [lost(false)] },
    });
    assert.equal(selectStopLost(f), null);
  });

  it('passes when a closer may still run, or a context case may end it', async () => {
    const running: ProducerFacts = { ...lost(true), state: 'unknown', lost: undefined };
    const f = await factsFor(beacon, 'example.com/orders/blink.(*beacon).run', {
      source: { ...readAt, selectCases: [bTick, stopDone], producers: [running] },
    });
    assert.equal(selectStopLost(f), null);
    const withCtx = await factsFor(beacon, 'example.com/orders/blink.(*beacon).run', {
      source: { ...readAt, selectCases: [bTick, stopDone, ctxDone], producers: [lost(true)] },
    });
    assert.equal(selectStopLost(withCtx), null);
  });
});
