// The rules for goroutines that are not the service's to leak, one at a time: the runtime's own,
// running ones, net/http's and the standard library's long-lived loops, context waits, and HTTP
// client connections (left for clientConnections.ts).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  clientConnection,
  contextWait,
  infrastructure,
  running,
  runtimeGoroutine,
} from '../../../../src/core/analysis/rules/runtimeRules';
import {
  assertVerdict,
  CREATED_BY_SERVER,
  decideFacts,
  factsFor,
  MAIN_SERVING,
  park,
  SERVED_BY_NET_HTTP,
  type DumpGoroutine,
} from './factsFromDump';

const POLL_READ = [
  'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:351',
  'internal/poll.(*pollDesc).wait /usr/local/go/src/internal/poll/fd_poll_runtime.go:84',
  'internal/poll.(*FD).Read /usr/local/go/src/internal/poll/fd_unix.go:165',
  'net.(*netFD).Read /usr/local/go/src/net/fd_posix.go:55',
  'net.(*conn).Read /usr/local/go/src/net/net.go:194',
];
const LIST = 'example.com/orders.(*api).list';
const handler: DumpGoroutine = {
  id: 40,
  state: 'chan receive',
  frames: [
    park('runtime.gopark'),
    park('runtime.chanrecv1', 'runtime/chan.go:489'),
    `${LIST} /build/orders/list.go:14`,
    ...SERVED_BY_NET_HTTP,
  ],
  createdBy: CREATED_BY_SERVER,
  parent: 1,
};

describe('runtimeGoroutine', () => {
  it("calls the runtime's GC workers healthy", async () => {
    const f = await factsFor(
      [
        MAIN_SERVING,
        {
          id: 18,
          state: 'GC worker (idle)',
          frames: [park('runtime.gopark'), park('runtime.gcBgMarkWorker', 'runtime/mgc.go:1423')],
          createdBy: 'runtime.gcBgMarkStartWorkers /usr/local/go/src/runtime/mgc.go:1339',
          parent: 1,
        },
      ],
      'runtime.gcBgMarkWorker',
    );
    assertVerdict(runtimeGoroutine(f), { status: 'healthy', evidence: ["the runtime's own goroutine"] });
  });

  it('passes on user code', async () => {
    assert.equal(runtimeGoroutine(await factsFor([MAIN_SERVING, handler], LIST)), null);
  });
});

describe('running', () => {
  it('calls a running goroutine healthy, whatever it runs', async () => {
    const f = await factsFor(
      [
        MAIN_SERVING,
        { ...handler, state: 'running', frames: [`${LIST} /build/orders/list.go:20`, ...SERVED_BY_NET_HTTP] },
      ],
      LIST,
    );
    assertVerdict(running(f), { status: 'healthy', evidence: ['running, not parked'] });
  });

  it('passes on a parked one', async () => {
    assert.equal(running(await factsFor([MAIN_SERVING, handler], LIST)), null);
  });
});

describe('infrastructure', () => {
  it("calls net/http's background connection reader and accept loop healthy", async () => {
    const reader = await factsFor(
      [
        MAIN_SERVING,
        {
          id: 41,
          state: 'IO wait',
          frames: [...POLL_READ, 'net/http.(*connReader).backgroundRead /usr/local/go/src/net/http/server.go:690'],
          createdBy: 'net/http.(*connReader).startBackgroundRead /usr/local/go/src/net/http/server.go:686',
          parent: 40,
        },
        handler,
      ],
      'net/http.(*connReader).backgroundRead',
    );
    assertVerdict(infrastructure(reader), { status: 'healthy', evidence: [/keep-alive/] });
    assertVerdict(infrastructure(await factsFor([MAIN_SERVING], 'main.main')), {
      status: 'healthy',
      evidence: ['accept loop waiting for connections'],
    });
  });

  it('calls an idle keep-alive connection healthy, and passes on a connection running a handler', async () => {
    const idle = await factsFor(
      [
        MAIN_SERVING,
        {
          id: 42,
          state: 'IO wait',
          frames: [
            ...POLL_READ,
            'net/http.(*connReader).Read /usr/local/go/src/net/http/server.go:798',
            'bufio.(*Reader).fill /usr/local/go/src/bufio/bufio.go:113',
            'net/http.(*conn).readRequest /usr/local/go/src/net/http/server.go:1009',
            'net/http.(*conn).serve /usr/local/go/src/net/http/server.go:2027',
          ],
          createdBy: CREATED_BY_SERVER,
          parent: 1,
        },
      ],
      'net/http.(*conn).readRequest',
    );
    assertVerdict(infrastructure(idle), {
      status: 'healthy',
      evidence: ['idle keep-alive connection waiting for the next request'],
    });
    assert.equal(infrastructure(await factsFor([MAIN_SERVING, handler], LIST)), null);
  });
});

describe('contextWait', () => {
  it('calls a wait on a context healthy', async () => {
    // A debug=1 or proto stack hides the park frames; the source's `<-ctx.Done()` makes the wait `context`.
    const f = await factsFor([MAIN_SERVING, handler], LIST);
    assertVerdict(contextWait({ ...f, site: { ...f.site, wait: 'context' } }), {
      status: 'healthy',
      evidence: ['waits on a context'],
    });
  });

  it('passes on other waits', async () => {
    assert.equal(contextWait(await factsFor([MAIN_SERVING, handler], LIST)), null);
  });
});

describe('clientConnection', () => {
  it("says unknown for an HTTP client connection's loop: clientConnections.ts decides it with the calls", async () => {
    const f = await factsFor(
      [
        MAIN_SERVING,
        {
          id: 90,
          state: 'IO wait, 7 minutes',
          frames: [
            ...POLL_READ,
            'net/http.(*persistConn).Read /usr/local/go/src/net/http/transport.go:2122',
            'bufio.(*Reader).fill /usr/local/go/src/bufio/bufio.go:113',
            'bufio.(*Reader).Peek /usr/local/go/src/bufio/bufio.go:152',
            'net/http.(*persistConn).readLoop /usr/local/go/src/net/http/transport.go:2275',
          ],
          createdBy: 'net/http.(*Transport).dialConn /usr/local/go/src/net/http/transport.go:1944',
          parent: 40,
        },
      ],
      'net/http.(*persistConn).readLoop',
    );
    const want = {
      status: 'unknown',
      evidence: ['HTTP client connection goroutine: judged with the call that uses it'],
    } as const;
    assertVerdict(clientConnection(f), want);
    assertVerdict(decideFacts(f), want);
  });
});
