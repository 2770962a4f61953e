// What net/http's connection goroutines say about a handler's client (requestClients.ts), and the
// rules that read it: a handler still parked after its connection's background reader ended has
// lost its client (clientGone overrules healthy and unknown verdicts); one whose reader still reads
// serves a connected client (waitsWithConnectedClient); before Go 1.21 only counts can tell.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { requestClients } from '../../../../src/core/analysis/requestClients';
import { SnapshotIndex } from '../../../../src/core/analysis/snapshotIndex';
import { clientGone, clientUndecided, waitsWithConnectedClient } from '../../../../src/core/analysis/rules/clientRules';
import { selectWithoutCancel } from '../../../../src/core/analysis/rules/selectRules';
import type { SelectCase } from '../../../../src/core/source/goSelect';
import {
  assertVerdict,
  backgroundReader,
  CREATED_BY_SERVER,
  decideFacts,
  factsFor,
  park,
  requests,
  SERVED_BY_NET_HTTP,
  snapshotOf,
  type DumpGoroutine,
  type Requests,
} from './factsFromDump';

const WATCH = 'example.com/orders.(*api).watch';
const SELECT = [park('runtime.gopark'), park('runtime.selectgo', 'runtime/select.go:351')];
const GO = '/usr/local/go/src';

function handlerInSelect(client: Requests['client'], count = 1): DumpGoroutine[] {
  return requests({ wait: SELECT, handler: `${WATCH} /build/orders/watch.go:61`, state: 'select', client, count });
}

/** The same goroutines as Go 1.19/1.20 print them: no `in goroutine N`. */
function oldGo(goroutines: readonly DumpGoroutine[]): DumpGoroutine[] {
  return goroutines.map(({ parent: _parent, ...g }) => g);
}

const ctxDone: SelectCase = {
  kind: 'context-done',
  text: '<-ctx.Done()',
  channel: 'ctx.Done()',
  durationMs: null,
  line: 62,
};
const results: SelectCase = { kind: 'channel', text: '<-results', channel: 'results', durationMs: null, line: 63 };

async function partsOf(goroutines: readonly DumpGoroutine[], fn = WATCH) {
  const snapshot = await snapshotOf(goroutines);
  const g = snapshot.groups.find((x) => x.stack.frames.some((f) => f.function === fn))!;
  return requestClients(snapshot, new SnapshotIndex(snapshot)).partsOf(g);
}

describe('requestClients', () => {
  it('ties each background reader to the handler goroutine that started it (Go 1.21+), and splits a group by it', async () => {
    const goroutines = [...handlerInSelect('gone', 3), backgroundReader(201, 101)];
    const parts = await partsOf(goroutines);
    assert.deepEqual(
      parts?.map((p) => [p.facts.state, p.ids]),
      [
        ['connected', [101]],
        ['gone', [100, 102]],
      ],
    );
  });

  it('says unknown when a reader belongs to a goroutine that has exited: it may be any handler’s', async () => {
    const parts = await partsOf([...handlerInSelect('gone', 2), backgroundReader(250, 999)]);
    assert.deepEqual(
      parts?.map((p) => p.facts.state),
      ['unknown'],
    );
  });

  it('says nothing for a handler reading its request body: the reader starts only at its end', async () => {
    const body = [
      `internal/poll.runtime_pollWait ${GO}/runtime/netpoll.go:351`,
      `net.(*conn).Read ${GO}/net/net.go:189`,
      `net/http.(*connReader).Read ${GO}/net/http/server.go:798`,
      `bufio.(*Reader).Read ${GO}/bufio/bufio.go:241`,
      `net/http.(*body).readLocked ${GO}/net/http/transfer.go:844`,
      `net/http.(*body).Read ${GO}/net/http/transfer.go:836`,
      `io.ReadAll ${GO}/io/io.go:712`,
    ];
    const goroutines = requests({ wait: body, handler: `${WATCH} /build/orders/watch.go:61`, state: 'IO wait' });
    assert.equal(await partsOf(goroutines), null);
  });

  it('says nothing for goroutines that are not a handler’s own, or that run', async () => {
    const running = requests({ wait: [], handler: `${WATCH} /build/orders/watch.go:61`, state: 'running' });
    assert.equal(await partsOf(running), null);
    const reader = backgroundReader(201, 100);
    assert.equal(await partsOf([...handlerInSelect('gone'), reader], 'net/http.(*connReader).backgroundRead'), null);
  });

  it('counts before Go 1.21: gone when every reader belongs to a running request, unknown otherwise', async () => {
    const capture: DumpGoroutine = {
      id: 5,
      state: 'running',
      frames: [`net/http/pprof.Index ${GO}/net/http/pprof/pprof.go:388`, ...SERVED_BY_NET_HTTP],
      createdBy: CREATED_BY_SERVER,
    };
    const gone = await partsOf(oldGo([...handlerInSelect('gone', 2), capture, backgroundReader(6)]));
    assert.deepEqual(
      gone?.map((p) => [p.facts.state, p.ids]),
      [['gone', [100, 101]]],
    );
    assert.match(gone![0]!.facts.evidence, /1 connection background reader\(s\) all belong to the 1 running request/);
    const spare = await partsOf(oldGo([...handlerInSelect('connected', 2), capture, backgroundReader(6)]));
    assert.deepEqual(
      spare?.map((p) => p.facts.state),
      ['unknown'],
    );
  });

  it('reads HTTP/2 handlers by their connection’s serve goroutine: gone when it has ended, unknown while it runs', async () => {
    const h2 = (parentAlive: boolean): DumpGoroutine[] => [
      ...(parentAlive
        ? [
            {
              id: 40,
              state: 'select',
              frames: [
                park('runtime.selectgo', 'runtime/select.go:351'),
                `net/http.(*http2serverConn).serve ${GO}/net/http/h2_bundle.go:4875`,
                `net/http.(*conn).serve ${GO}/net/http/server.go:2002`,
              ],
              createdBy: CREATED_BY_SERVER,
              parent: 1,
            },
          ]
        : []),
      {
        id: 41,
        state: 'select',
        frames: [
          ...SELECT,
          `${WATCH} /build/orders/watch.go:61`,
          `net/http.HandlerFunc.ServeHTTP ${GO}/net/http/server.go:2294`,
          `net/http.(*http2serverConn).runHandler ${GO}/net/http/h2_bundle.go:6269`,
        ],
        createdBy: `net/http.(*http2serverConn).scheduleHandler ${GO}/net/http/h2_bundle.go:6183`,
        parent: 40,
      },
    ];
    assert.deepEqual(
      (await partsOf(h2(false)))?.map((p) => p.facts.state),
      ['gone'],
    );
    assert.deepEqual(
      (await partsOf(h2(true)))?.map((p) => p.facts.state),
      ['unknown'],
    );
  });
});

describe('clientGone', () => {
  it('leaks a handler parked after its client left (likely), naming the ended reader', async () => {
    const f = await factsFor(handlerInSelect('gone'), WATCH);
    assertVerdict(clientGone(f), {
      status: 'leak',
      kind: 'client-gone',
      confidence: 'likely',
      problem: /after its client closed the connection/,
      evidence: [/background reader has ended/, 'no source given'],
    });
  });

  it('overrules a select that seemed to listen to its context: it would have returned', async () => {
    const f = await factsFor(handlerInSelect('gone'), WATCH, { source: { selectCases: [results, ctxDone] } });
    assertVerdict(decideFacts(f), { status: 'leak', kind: 'client-gone', confidence: 'likely' });
  });

  it('keeps the kind of a leak another rule found, adding the evidence', async () => {
    const f = await factsFor(handlerInSelect('gone'), WATCH, { source: { selectCases: [results] } });
    assertVerdict(decideFacts(f), {
      status: 'leak',
      kind: 'select-no-ctx',
      confidence: 'likely',
      evidence: ['select cases: <-results', /background reader has ended/],
    });
  });

  it('passes while the client is connected or not known, and when the body is read after the line', async () => {
    assert.equal(clientGone(await factsFor(handlerInSelect('connected'), WATCH)), null);
    assert.equal(clientGone(await factsFor(handlerInSelect('unknown'), WATCH)), null);
    assert.equal(
      clientGone(await factsFor(handlerInSelect('gone'), WATCH, { source: { readerNotStarted: true } })),
      null,
    );
  });
});

describe('waitsWithConnectedClient', () => {
  it('calls a handler select without ctx.Done healthy while its client is connected: a long poll', async () => {
    const f = await factsFor(handlerInSelect('connected'), WATCH, { source: { selectCases: [results] } });
    const want = {
      status: 'healthy',
      evidence: [/its client is connected/, 'a long poll or stream while its client waits'],
    } as const;
    assertVerdict(waitsWithConnectedClient(f), want);
    assertVerdict(decideFacts(f), want);
  });

  it('passes once the client is gone or not known, and on other waits', async () => {
    assert.equal(waitsWithConnectedClient(await factsFor(handlerInSelect('gone'), WATCH)), null);
    assert.equal(waitsWithConnectedClient(await factsFor(handlerInSelect('unknown'), WATCH)), null);
    const lock = requests({
      wait: [park('sync.runtime_SemacquireMutex', 'runtime/sema.go:95'), `sync.(*Mutex).Lock ${GO}/sync/mutex.go:92`],
      handler: `${WATCH} /build/orders/watch.go:61`,
      state: 'sync.Mutex.Lock',
      client: 'connected',
    });
    assert.equal(waitsWithConnectedClient(await factsFor(lock, WATCH)), null);
  });
});

describe('clientUndecided', () => {
  it('turns a handler’s select without ctx.Done into unknown when its client’s state is not known', async () => {
    const f = await factsFor(handlerInSelect('unknown'), WATCH, { source: { selectCases: [results] } });
    assert.deepEqual(clientUndecided(f).slice(-1), [
      'whether its client still waits is not known, so neither is whether it leaks',
    ]);
    assertVerdict(selectWithoutCancel(f), { status: 'unknown', evidence: [/belong to no goroutine left/] });
    const noClient = await factsFor(handlerInSelect('gone'), WATCH, { source: { selectCases: [results] } });
    assert.deepEqual(clientUndecided({ ...noClient, client: null }), []);
  });
});
