// The outbound IO rules one at a time: calls that nothing can cancel (http.Get, Client.Get,
// DefaultClient, sql without Context), Client.Do and its request's context, a raw connection read
// without a deadline, a handler's network wait of minutes, and network waits nothing decides.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  networkIoForMinutes,
  networkIoUndecided,
  outboundCallWithoutCancel,
  rawConnReadWithoutDeadline,
} from '../../../../src/core/analysis/rules/outboundIoRules';
import {
  assertVerdict,
  decideFacts,
  factsFor,
  MAIN_SERVING,
  park,
  requests,
  type DumpGoroutine,
} from './factsFromDump';

const GO = '/usr/local/go/src';
const INVENTORY = 'example.com/orders.(*api).inventory';
const ROUND_TRIP = [
  park('runtime.gopark'),
  park('runtime.selectgo', 'runtime/select.go:351'),
  `net/http.(*persistConn).roundTrip ${GO}/net/http/transport.go:2728`,
  `net/http.(*Transport).roundTrip ${GO}/net/http/transport.go:683`,
  `net/http.(*Transport).RoundTrip ${GO}/net/http/roundtrip.go:30`,
  `net/http.send ${GO}/net/http/client.go:259`,
  `net/http.(*Client).send ${GO}/net/http/client.go:180`,
  `net/http.(*Client).do ${GO}/net/http/client.go:725`,
  `net/http.(*Client).Do ${GO}/net/http/client.go:590`,
];
const CLIENT_GET = [...ROUND_TRIP, `net/http.(*Client).Get ${GO}/net/http/client.go:488`];
const HTTP_GET = [...CLIENT_GET, `net/http.Get ${GO}/net/http/client.go:457`];
const POLL_READ = [
  `internal/poll.runtime_pollWait ${GO}/runtime/netpoll.go:351`,
  `internal/poll.(*pollDesc).wait ${GO}/internal/poll/fd_poll_runtime.go:84`,
  `internal/poll.(*FD).Read ${GO}/internal/poll/fd_unix.go:165`,
  `net.(*netFD).Read ${GO}/net/fd_posix.go:55`,
  `net.(*conn).Read ${GO}/net/net.go:194`,
];

/** `n` requests of a handler whose innermost own frame is `fn`, parked in `wait`, their clients' state unknown. */
function handlers(wait: string[], fn: string, state: string, n = 1): DumpGoroutine[] {
  return requests({ wait, handler: `${fn} /build/orders/calls.go:18`, state, count: n, client: 'unknown' });
}

/** A background goroutine (not a request's) parked in `wait`. */
function background(wait: string[], state: string): DumpGoroutine[] {
  return [
    MAIN_SERVING,
    {
      id: 20,
      state,
      frames: [...wait, 'example.com/orders.(*sync).pull /build/orders/sync.go:40'],
      createdBy: 'main.main /build/orders/main.go:33',
      parent: 1,
    },
  ];
}

describe('outboundCallWithoutCancel', () => {
  it('suspects a handler in http.Get, which has no context and no timeout; likely once three pile up', async () => {
    const one = await factsFor(handlers(HTTP_GET, INVENTORY, 'select'), INVENTORY);
    assertVerdict(outboundCallWithoutCancel(one), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
      problem: /calling http\.Get, which has no context and no timeout/,
      evidence: [`belongs to handler ${INVENTORY} (via stack)`, 'no source given'],
    });
    const three = await factsFor(handlers(HTTP_GET, INVENTORY, 'select', 3), INVENTORY);
    assertVerdict(outboundCallWithoutCancel(three), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'likely',
    });
  });

  it('passes on a background Client.Get under a minute, and suspects it after minutes (likely)', async () => {
    assert.equal(
      outboundCallWithoutCancel(await factsFor(background(CLIENT_GET, 'select'), 'example.com/orders.(*sync).pull')),
      null,
    );
    const stuck = await factsFor(background(CLIENT_GET, 'select, 4 minutes'), 'example.com/orders.(*sync).pull');
    assertVerdict(outboundCallWithoutCancel(stuck), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'likely',
      problem: /calling http\.\(\*Client\)\.Get, which takes no context \(only a client Timeout could end it\)/,
    });
  });

  it("follows Client.Do's request: built with a context is unknown, without one is a suspect", async () => {
    const withCtx = await factsFor(handlers(ROUND_TRIP, INVENTORY, 'select'), INVENTORY, {
      source: { requestHasContext: true },
    });
    assertVerdict(outboundCallWithoutCancel(withCtx), {
      status: 'unknown',
      evidence: ['http.(*Client).Do with a request built with a context'],
    });
    const without = await factsFor(handlers(ROUND_TRIP, INVENTORY, 'select'), INVENTORY, {
      source: { requestHasContext: false },
    });
    assertVerdict(outboundCallWithoutCancel(without), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
      problem: /takes no context/,
    });
    const unread = await factsFor(handlers(ROUND_TRIP, INVENTORY, 'select'), INVENTORY);
    assert.equal(outboundCallWithoutCancel(unread), null, 'without source, Client.Do may well carry a context');
  });

  it('treats a call through http.DefaultClient as having no timeout at all', async () => {
    const f = await factsFor(handlers(ROUND_TRIP, INVENTORY, 'select'), INVENTORY, {
      source: { requestHasContext: false, calls: ['http.DefaultClient.Do'] },
    });
    assertVerdict(outboundCallWithoutCancel(f), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      problem: /no context and no timeout/,
      confidence: 'possible',
    });
  });

  it("suspects database/sql's Query (no context), and passes on QueryContext", async () => {
    const sql = (call: string) => [
      ...POLL_READ,
      `database/sql.(*DB).query ${GO}/database/sql/sql.go:1740`,
      `database/sql.(*DB).QueryContext ${GO}/database/sql/sql.go:1718`,
      ...(call === 'Query' ? [`database/sql.(*DB).Query ${GO}/database/sql/sql.go:1732`] : []),
    ];
    const query = await factsFor(handlers(sql('Query'), INVENTORY, 'IO wait'), INVENTORY);
    assertVerdict(outboundCallWithoutCancel(query), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
      problem: /calling sql\.\(\*DB\)\.Query, which has no context and no timeout/,
    });
    assert.match(outboundCallWithoutCancel(query)!.fix!, /QueryContext\(r\.Context\(\), …\)/);
    const ctx = await factsFor(handlers(sql('QueryContext'), INVENTORY, 'IO wait'), INVENTORY);
    assert.equal(outboundCallWithoutCancel(ctx), null);
    assertVerdict(decideFacts(ctx), { status: 'unknown' });
  });
});

describe('rawConnReadWithoutDeadline', () => {
  const LEGACY = 'example.com/orders.(*api).legacy';

  it('suspects a handler reading a connection it dialled, when its source sets no read deadline', async () => {
    const f = await factsFor(handlers(POLL_READ, LEGACY, 'IO wait'), LEGACY, { source: { setsDeadline: false } });
    assertVerdict(rawConnReadWithoutDeadline(f), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
      problem: /reading a network connection that has no read deadline/,
    });
    const many = await factsFor(handlers(POLL_READ, LEGACY, 'IO wait', 3), LEGACY, { source: { setsDeadline: false } });
    assertVerdict(rawConnReadWithoutDeadline(many), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'likely',
    });
  });

  it('passes when the source sets a read deadline, but not for a dial timeout, which ends with the dial', async () => {
    const f = await factsFor(handlers(POLL_READ, LEGACY, 'IO wait'), LEGACY, { source: { setsReadDeadline: true } });
    assert.equal(rawConnReadWithoutDeadline(f), null);
    const dialOnly = await factsFor(handlers(POLL_READ, LEGACY, 'IO wait'), LEGACY, {
      source: { setsDeadline: true, setsReadDeadline: false },
    });
    assertVerdict(rawConnReadWithoutDeadline(dialOnly), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
    });
  });

  it('counts http.ReadResponse on its own connection, not net/http’s own connections', async () => {
    const parse = [
      ...POLL_READ,
      `bufio.(*Reader).fill ${GO}/bufio/bufio.go:110`,
      `net/textproto.(*Reader).ReadLine ${GO}/net/textproto/reader.go:39`,
      `net/http.ReadResponse ${GO}/net/http/response.go:161`,
    ];
    const own = await factsFor(handlers(parse, LEGACY, 'IO wait'), LEGACY, { source: { setsReadDeadline: false } });
    assertVerdict(rawConnReadWithoutDeadline(own), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
    });
    const server = [...POLL_READ, `net/http.(*connReader).Read ${GO}/net/http/server.go:798`];
    const theirs = await factsFor(handlers(server, LEGACY, 'IO wait'), LEGACY, { source: { setsReadDeadline: false } });
    assert.equal(rawConnReadWithoutDeadline(theirs), null);
  });

  it('suspects a closure left over from a request (its creator gone), not a background loop', async () => {
    const closure = (parent: number): DumpGoroutine[] => [
      MAIN_SERVING,
      {
        id: 61,
        state: 'IO wait',
        frames: [...POLL_READ, `${LEGACY}.func1 /build/orders/calls.go:40`],
        createdBy: `${LEGACY} /build/orders/calls.go:38`,
        parent,
      },
    ];
    const gone = await factsFor(closure(77), `${LEGACY}.func1`, { source: { setsReadDeadline: false } });
    assertVerdict(rawConnReadWithoutDeadline(gone), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
    });
    const alive = await factsFor(closure(1), `${LEGACY}.func1`, { source: { setsReadDeadline: false } });
    assert.equal(rawConnReadWithoutDeadline(alive), null);
  });

  it('without source, suspects it only after minutes', async () => {
    assert.equal(rawConnReadWithoutDeadline(await factsFor(handlers(POLL_READ, LEGACY, 'IO wait'), LEGACY)), null);
    assertVerdict(
      rawConnReadWithoutDeadline(await factsFor(handlers(POLL_READ, LEGACY, 'IO wait, 2 minutes'), LEGACY)),
      {
        status: 'leak',
        kind: 'blocking-io-no-deadline',
        confidence: 'possible',
        problem: /reading a network connection for minutes/,
      },
    );
  });

  it('passes on a read through TLS or net/http: those have deadlines of their own to set', async () => {
    const tls = [...POLL_READ, `crypto/tls.(*Conn).Read ${GO}/crypto/tls/conn.go:1388`];
    assert.equal(
      rawConnReadWithoutDeadline(
        await factsFor(handlers(tls, LEGACY, 'IO wait'), LEGACY, { source: { setsDeadline: false } }),
      ),
      null,
    );
  });
});

describe('networkIoForMinutes and networkIoUndecided', () => {
  const UPLOAD = 'example.com/orders.(*api).upload';
  const BODY = [
    ...POLL_READ,
    `net/http.(*connReader).Read ${GO}/net/http/server.go:798`,
    `bufio.(*Reader).Read ${GO}/bufio/bufio.go:241`,
    `net/http.(*body).Read ${GO}/net/http/transfer.go:837`,
    `io.ReadAll ${GO}/io/io.go:712`,
  ];

  it("suspects a handler's network wait of minutes", async () => {
    const f = await factsFor(handlers(BODY, UPLOAD, 'IO wait, 5 minutes'), UPLOAD);
    assertVerdict(networkIoForMinutes(f), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
      problem: /network IO for minutes without a deadline/,
      evidence: ['parked for 5 minutes'],
    });
  });

  it('says unknown under a minute: a slow client looks the same', async () => {
    const f = await factsFor(handlers(BODY, UPLOAD, 'IO wait'), UPLOAD);
    assert.equal(networkIoForMinutes(f), null);
    assertVerdict(networkIoUndecided(f), { status: 'unknown', evidence: ['no source given'] });
    assertVerdict(decideFacts(f), { status: 'unknown' });
  });

  it('passes on waits that are not network IO', async () => {
    const f = await factsFor(
      handlers([park('runtime.gopark'), park('runtime.chanrecv1', 'runtime/chan.go:489')], UPLOAD, 'chan receive'),
      UPLOAD,
    );
    assert.equal(networkIoUndecided(f), null);
  });
});
