// The channel rules one at a time: nil channels, senders and receivers whose other side (their
// creator, their request) has returned, a handler's plain receive, receives whose writers are gone,
// ranges over a ticker, and the waits nothing decides.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  nilChannel,
  receiveAfterCreatorReturned,
  receiveFromContext,
  receiveFromShortTimer,
  receiveOnCreatorsChannel,
  receiveUndecided,
  receiveWithoutCtxInHandler,
  receiveWithoutProducer,
  sendAfterRequestEnded,
  sendOnCreatorsChannel,
  sendStuckForMinutes,
  sendToReturnedReceiver,
  sendUndecided,
  tickerRangeInRequest,
} from '../../../../src/core/analysis/rules/channelRules';
import type { ProducerFacts } from '../../../../src/core/analysis/producers';
import type { ChannelOrigin } from '../../../../src/core/analysis/channelOrigin';
import {
  assertVerdict,
  CREATED_BY_SERVER,
  decideFacts,
  factsFor,
  MAIN_SERVING,
  park,
  requests,
  SERVED_BY_NET_HTTP,
  type DumpGoroutine,
} from './factsFromDump';

const SEND = [park('runtime.gopark'), park('runtime.chansend1', 'runtime/chan.go:161')];
const RECV = [park('runtime.gopark'), park('runtime.chanrecv1', 'runtime/chan.go:489')];
const SEARCH = 'example.com/orders.(*api).search';
const WORKER = `${SEARCH}.func1`;
const HANDLER = 'example.com/orders.(*api).export';

/**
 * `count` closures of the handler `search`, started by request goroutine 77, which has returned
 * unless `parentAlive` (then it is a live handler in a select).
 */
function closures(
  wait: string[],
  options: { state?: string; count?: number; parentAlive?: boolean } = {},
): DumpGoroutine[] {
  const out: DumpGoroutine[] = [MAIN_SERVING];
  for (let i = 0; i < (options.count ?? 1); i++) {
    out.push({
      id: 60 + i,
      state: options.state ?? 'chan send',
      frames: [...wait, `${WORKER} /build/orders/search.go:35`],
      createdBy: `${SEARCH} /build/orders/search.go:33`,
      parent: 77,
    });
  }
  if (options.parentAlive) {
    out.push({
      id: 77,
      state: 'select',
      frames: [
        park('runtime.gopark'),
        park('runtime.selectgo', 'runtime/select.go:351'),
        `${SEARCH} /build/orders/search.go:40`,
        ...SERVED_BY_NET_HTTP,
      ],
      createdBy: CREATED_BY_SERVER,
      parent: 1,
    });
  }
  return out;
}

/** A handler parked on a channel operation on its request's own goroutine. */
function handlerOn(wait: string[], state: string): DumpGoroutine[] {
  return requests({ wait, handler: `${HANDLER} /build/orders/export.go:52`, state });
}

const madeHere = (o: Partial<ChannelOrigin> = {}): ChannelOrigin => ({
  unbuffered: true,
  madeByCreator: true,
  creatorSignals: false,
  escapes: false,
  line: 31,
  ...o,
});
const receive = (
  kind: 'channel' | 'context-done' | 'timer' | 'cancel-channel',
  channel: string,
  durationMs: number | null = null,
) => ({
  kind,
  channel,
  rangeLoop: false,
  durationMs,
});

describe('nilChannel', () => {
  it('leaks a receive on a nil channel, proven: no operation can ever wake it', async () => {
    const f = await factsFor(closures(RECV, { state: 'chan receive (nil chan)' }), WORKER);
    assertVerdict(nilChannel(f), { status: 'leak', kind: 'nil-channel', confidence: 'proven', problem: /nil channel/ });
  });

  it('passes on an ordinary receive', async () => {
    assert.equal(nilChannel(await factsFor(closures(RECV, { state: 'chan receive' }), WORKER)), null);
  });
});

describe('sendOnCreatorsChannel', () => {
  it('leaks a send on the unbuffered channel its creator made and has returned from (likely)', async () => {
    const f = await factsFor(closures(SEND), WORKER, { source: { sendChannel: 'results', channelOrigin: madeHere() } });
    assertVerdict(sendOnCreatorsChannel(f), {
      status: 'leak',
      kind: 'chan-send-orphan',
      confidence: 'likely',
      problem: /unbuffered channel results made by orders\.\(\*api\)\.search, which has returned/,
      evidence: ['channel results made at line 31, unbuffered by the creator', 'its creator goroutine has exited'],
    });
  });

  it('is only possible when the channel is buffered or handed to others too', async () => {
    const buffered = await factsFor(closures(SEND), WORKER, {
      source: { sendChannel: 'results', channelOrigin: madeHere({ unbuffered: false }) },
    });
    assertVerdict(sendOnCreatorsChannel(buffered), {
      status: 'leak',
      kind: 'chan-send-orphan',
      confidence: 'possible',
      problem: /buffered channel/,
    });
    const shared = await factsFor(closures(SEND), WORKER, {
      source: { sendChannel: 'results', channelOrigin: madeHere({ escapes: true }) },
    });
    assertVerdict(sendOnCreatorsChannel(shared), {
      status: 'leak',
      kind: 'chan-send-orphan',
      confidence: 'possible',
      evidence: [/also handed to others/],
    });
  });

  it('passes while the creator is still running: it may yet receive', async () => {
    const f = await factsFor(closures(SEND, { parentAlive: true }), WORKER, {
      source: { sendChannel: 'results', channelOrigin: madeHere() },
    });
    assert.equal(sendOnCreatorsChannel(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});

describe('sendAfterRequestEnded', () => {
  it("suspects a send on someone else's channel once the request that started it has ended", async () => {
    const f = await factsFor(closures(SEND), WORKER, {
      source: { sendChannel: 's.events', creatorIsHttpHandler: true },
    });
    assertVerdict(sendAfterRequestEnded(f), {
      status: 'leak',
      kind: 'chan-send-orphan',
      confidence: 'possible',
      problem: /on s\.events although the request that started it has ended/,
    });
  });

  it('passes on a goroutine no request owns: someone else may still receive', async () => {
    const f = await factsFor(closures(SEND), WORKER, { source: { sendChannel: 's.events' } });
    assert.equal(sendAfterRequestEnded(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});

describe('sendToReturnedReceiver', () => {
  it('leaks, without source, a pile-up of closures sending after their creator returned', async () => {
    const f = await factsFor(closures(SEND, { count: 3 }), WORKER);
    assertVerdict(sendToReturnedReceiver(f), {
      status: 'leak',
      kind: 'chan-send-orphan',
      confidence: 'likely',
      problem: /whose receiver, orders\.\(\*api\)\.search, has returned/,
      evidence: ['no source given', 'its creator goroutine has exited'],
    });
  });

  it('is only possible without parent ids (Go < 1.21): a new call of the creator may have started since', async () => {
    const goroutines = closures(SEND, { count: 3 }).map((g) => ({ ...g, parent: undefined }));
    const f = await factsFor(goroutines, WORKER);
    assert.equal(f.orphan.status, 'creator-returned');
    assertVerdict(sendToReturnedReceiver(f), { status: 'leak', kind: 'chan-send-orphan', confidence: 'possible' });
  });

  it('passes under the pile-up threshold: one background producer looks the same', async () => {
    const f = await factsFor(closures(SEND, { count: 2 }), WORKER);
    assert.equal(sendToReturnedReceiver(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });

  it('passes when the source named the channel (the source rules decide)', async () => {
    assert.equal(
      sendToReturnedReceiver(
        await factsFor(closures(SEND, { count: 3 }), WORKER, { source: { sendChannel: 's.events' } }),
      ),
      null,
    );
  });
});

describe('sendStuckForMinutes', () => {
  it("suspects a handler's send nobody has received for minutes", async () => {
    const f = await factsFor(handlerOn(SEND, 'chan send, 4 minutes'), HANDLER);
    assertVerdict(sendStuckForMinutes(f), {
      status: 'leak',
      kind: 'chan-send-orphan',
      confidence: 'possible',
      problem: /nobody has received from for minutes/,
      evidence: ['parked for 4 minutes'],
    });
  });

  it('passes under a minute', async () => {
    assert.equal(sendStuckForMinutes(await factsFor(handlerOn(SEND, 'chan send'), HANDLER)), null);
  });
});

describe('sendUndecided', () => {
  it('says unknown for any other send, with the channel it read', async () => {
    const f = await factsFor(closures(SEND, { parentAlive: true }), WORKER, {
      source: { sendChannel: 'out', channelOrigin: madeHere({ madeByCreator: false, unbuffered: null }) },
    });
    assertVerdict(sendUndecided(f), { status: 'unknown', evidence: ['channel out made at line 31'] });
  });
});

describe('receiveFromContext and receiveFromShortTimer', () => {
  it('calls `<-ctx.Done()` healthy', async () => {
    const f = await factsFor(handlerOn(RECV, 'chan receive, 9 minutes'), HANDLER, {
      source: { receive: receive('context-done', 'ctx.Done()') },
    });
    assertVerdict(receiveFromContext(f), {
      status: 'healthy',
      evidence: ['waits on a context', 'receives from ctx.Done()'],
    });
  });

  it('calls a receive from a timer under a minute healthy, and passes on a longer one', async () => {
    const short = await factsFor(handlerOn(RECV, 'chan receive'), HANDLER, {
      source: { receive: receive('timer', 'time.After(2 * time.Second)', 2_000) },
    });
    assertVerdict(receiveFromShortTimer(short), { status: 'healthy', evidence: ['a timer wakes it'] });
    const long = await factsFor(handlerOn(RECV, 'chan receive'), HANDLER, {
      source: { receive: receive('timer', 'time.After(time.Hour)', 3_600_000) },
    });
    assert.equal(receiveFromShortTimer(long), null);
  });
});

describe('receiveOnCreatorsChannel', () => {
  it('leaks a receive on a channel its creator made, never closed, and returned from', async () => {
    const f = await factsFor(closures(RECV, { state: 'chan receive' }), WORKER, {
      source: { receive: receive('channel', 'jobs'), channelOrigin: madeHere() },
    });
    assertVerdict(receiveOnCreatorsChannel(f), {
      status: 'leak',
      kind: 'chan-receive-orphan',
      confidence: 'likely',
      problem: /on jobs, which its creator orders\.\(\*api\)\.search made, never closes, and has returned/,
      evidence: ['receives from jobs'],
    });
  });

  it('says the creator did not close on its path when it closes elsewhere, and is possible when the channel escapes', async () => {
    const f = await factsFor(closures(RECV, { state: 'chan receive' }), WORKER, {
      source: { receive: receive('channel', 'jobs'), channelOrigin: madeHere({ creatorSignals: true, escapes: true }) },
    });
    assertVerdict(receiveOnCreatorsChannel(f), {
      status: 'leak',
      kind: 'chan-receive-orphan',
      confidence: 'possible',
      problem: /did not close on the path it took/,
    });
  });
});

describe('receiveAfterCreatorReturned', () => {
  it("suspects a request's goroutine receiving after its creator returned", async () => {
    const f = await factsFor(closures(RECV, { state: 'chan receive' }), WORKER, {
      source: { receive: receive('channel', 's.replies'), creatorIsHttpHandler: true },
    });
    assertVerdict(receiveAfterCreatorReturned(f), {
      status: 'leak',
      kind: 'chan-receive-orphan',
      confidence: 'possible',
      problem: /although orders\.\(\*api\)\.search has returned/,
    });
  });

  it('passes when no request owns it', async () => {
    const f = await factsFor(closures(RECV, { state: 'chan receive' }), WORKER, {
      source: { receive: receive('channel', 's.replies') },
    });
    assert.equal(receiveAfterCreatorReturned(f), null);
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });
});

describe('receiveWithoutCtxInHandler', () => {
  it("leaks a handler's plain receive (likely): it cannot notice the client leaving", async () => {
    const f = await factsFor(handlerOn(RECV, 'chan receive'), HANDLER, {
      source: { receive: receive('channel', 'rows') },
    });
    const want = {
      status: 'leak',
      kind: 'chan-receive-no-ctx',
      confidence: 'likely',
      problem: /on rows without a ctx\.Done case/,
      evidence: ['receives from rows', `belongs to handler ${HANDLER} (via stack)`],
    } as const;
    assertVerdict(receiveWithoutCtxInHandler(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('passes on a receive from a stop channel, and without source', async () => {
    assert.equal(
      receiveWithoutCtxInHandler(
        await factsFor(handlerOn(RECV, 'chan receive'), HANDLER, {
          source: { receive: receive('cancel-channel', 'done') },
        }),
      ),
      null,
    );
    assert.equal(receiveWithoutCtxInHandler(await factsFor(handlerOn(RECV, 'chan receive'), HANDLER)), null);
  });
});

describe('receiveUndecided', () => {
  it('says it cannot tell, without source, for a handler waiting minutes', async () => {
    const f = await factsFor(handlerOn(RECV, 'chan receive, 2 minutes'), HANDLER);
    assertVerdict(receiveUndecided(f), {
      status: 'unknown',
      evidence: ['no source given', 'cannot tell from the stack whether anyone will send'],
    });
  });

  it('passes on other waits', async () => {
    assert.equal(receiveUndecided(await factsFor(handlerOn(SEND, 'chan send'), HANDLER)), null);
  });
});

describe('receiveWithoutProducer', () => {
  const producer = (state: ProducerFacts['state'], unclosedReturn: string | null = null): ProducerFacts => ({
    channel: 'frames',
    state,
    evidence: `the goroutine it was handed to (go statement at replay.go:72) ${state === 'running' ? 'still runs' : 'has exited'}`,
    unclosedReturn,
  });
  const source = (state: ProducerFacts['state'], unclosedReturn: string | null = null) => ({
    receive: { ...receive('channel', 'frames'), rangeLoop: true },
    producers: [producer(state, unclosedReturn)],
  });

  it('leaks a handler ranging over a channel whose writer exited without closing it (likely)', async () => {
    const f = await factsFor(handlerOn(RECV, 'chan receive'), HANDLER, {
      source: source('gone', 'Stream returns at line 56 without closing out'),
    });
    const want = {
      status: 'leak',
      kind: 'producer-vanished',
      confidence: 'likely',
      problem: /on frames, whose writers have all exited without closing it \(Stream returns at line 56/,
      evidence: ['receives from frames in a range loop', /has exited/, 'Stream returns at line 56 without closing out'],
    } as const;
    assertVerdict(receiveWithoutProducer(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('leaks one nothing in the source sends on, even while its client is connected', async () => {
    const f = await factsFor(
      requests({
        wait: RECV,
        handler: `${HANDLER} /build/orders/export.go:52`,
        state: 'chan receive',
        client: 'connected',
      }),
      HANDLER,
      { source: source('none') },
    );
    assertVerdict(decideFacts(f), {
      status: 'leak',
      kind: 'producer-vanished',
      confidence: 'likely',
      problem: /which nothing sends on or closes/,
    });
  });

  it('passes while a writer runs or is not known, and for goroutines serving no request', async () => {
    assert.equal(
      receiveWithoutProducer(await factsFor(handlerOn(RECV, 'chan receive'), HANDLER, { source: source('running') })),
      null,
    );
    assert.equal(
      receiveWithoutProducer(await factsFor(handlerOn(RECV, 'chan receive'), HANDLER, { source: source('unknown') })),
      null,
    );
    const background: DumpGoroutine[] = [
      MAIN_SERVING,
      {
        id: 20,
        state: 'chan receive',
        frames: [...RECV, 'example.com/orders.(*feed).run /build/orders/feed.go:20'],
        createdBy: 'main.main /build/orders/main.go:30',
        parent: 1,
      },
    ];
    assert.equal(
      receiveWithoutProducer(await factsFor(background, 'example.com/orders.(*feed).run', { source: source('gone') })),
      null,
    );
  });
});

describe('tickerRangeInRequest', () => {
  const ticks = { receive: { ...receive('timer', 't.C'), kind: 'ticker' as const, rangeLoop: true } };

  it('leaks a goroutine a returned handler left ranging over a ticker (likely): Stop never closes C', async () => {
    const f = await factsFor(closures(RECV, { state: 'chan receive' }), WORKER, { source: ticks });
    assertVerdict(tickerRangeInRequest(f), {
      status: 'leak',
      kind: 'ticker-not-stopped',
      confidence: 'likely',
      problem: /ranging over t\.C, which a ticker never closes/,
    });
  });

  it('passes on a plain receive from a ticker, and on a range over another channel', async () => {
    const once = { receive: { ...receive('timer', 't.C'), kind: 'ticker' as const } };
    assert.equal(
      tickerRangeInRequest(await factsFor(closures(RECV, { state: 'chan receive' }), WORKER, { source: once })),
      null,
    );
    const jobs = { receive: { ...receive('channel', 'jobs'), rangeLoop: true } };
    assert.equal(
      tickerRangeInRequest(await factsFor(closures(RECV, { state: 'chan receive' }), WORKER, { source: jobs })),
      null,
    );
  });
});
