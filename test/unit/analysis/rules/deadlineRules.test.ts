// Reads of a client's connection nothing bounds: a request body on a server built without
// ReadTimeout, a hijacked connection without SetReadDeadline (the server facts are given here as
// source facts; source/goServers.test.ts reads them from real code).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  hijackedReadWithoutDeadline,
  requestBodyWithoutDeadline,
} from '../../../../src/core/analysis/rules/deadlineRules';
import type { ServerTimeouts } from '../../../../src/core/source/goServers';
import { assertVerdict, decideFacts, factsFor, MAIN_SERVING, requests, type DumpGoroutine } from './factsFromDump';

const UPLOAD = 'example.com/orders.(*api).upload';
const LINK = 'example.com/orders.(*link).readFrames';
const GO = '/usr/local/go/src';
const READ = [
  `internal/poll.runtime_pollWait ${GO}/runtime/netpoll.go:351`,
  `internal/poll.(*FD).Read ${GO}/internal/poll/fd_unix.go:165`,
  `net.(*netFD).Read ${GO}/net/fd_posix.go:55`,
  `net.(*conn).Read ${GO}/net/net.go:189`,
  `net/http.(*connReader).Read ${GO}/net/http/server.go:798`,
  `bufio.(*Reader).Read ${GO}/bufio/bufio.go:241`,
];
const BODY = [
  ...READ,
  `io.(*LimitedReader).Read ${GO}/io/io.go:479`,
  `net/http.(*body).readLocked ${GO}/net/http/transfer.go:844`,
  `net/http.(*body).Read ${GO}/net/http/transfer.go:836`,
  `io.ReadAll ${GO}/io/io.go:712`,
];

const uploads = (n = 1) =>
  requests({ wait: BODY, handler: `${UPLOAD} /build/orders/upload.go:20`, state: 'IO wait', count: n });
const server = (readTimeout: ServerTimeouts['readTimeout']): ServerTimeouts => ({
  readTimeout,
  how:
    readTimeout === 'none'
      ? 'the http.Server built at line 59 sets no ReadTimeout (ReadHeaderTimeout bounds only the headers)'
      : 'the http.Server built at line 59 sets ReadTimeout',
  line: 59,
});

describe('requestBodyWithoutDeadline', () => {
  it('leaks a handler reading its body on a server without ReadTimeout, from the first capture (possible; likely for three)', async () => {
    const f = await factsFor(uploads(), UPLOAD, { source: { server: server('none') } });
    const want = {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
      problem:
        /reading the request body, which no deadline bounds: the http\.Server built at line 59 sets no ReadTimeout \(ReadHeaderTimeout bounds only the headers\)/,
    } as const;
    assertVerdict(requestBodyWithoutDeadline(f), want);
    assertVerdict(decideFacts(f), want);
    const three = await factsFor(uploads(3), UPLOAD, { source: { server: server('none') } });
    assertVerdict(requestBodyWithoutDeadline(three), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'likely',
    });
  });

  it('leaks an HTTP/2 handler waiting on its stream for body bytes (Go 1.26 bundle and 1.27 package names)', async () => {
    for (const [pipe, body] of [
      ['net/http.(*http2pipe).Read', 'net/http.(*http2requestBody).Read'],
      ['net/http/internal/http2.(*pipe).Read', 'net/http/internal/http2.(*requestBody).Read'],
    ]) {
      const h2 = requests({
        wait: [
          `sync.runtime_notifyListWait ${GO}/runtime/sema.go:597`,
          `sync.(*Cond).Wait ${GO}/sync/cond.go:71`,
          `${pipe} ${GO}/net/http/h2_bundle.go:3774`,
          `${body} ${GO}/net/http/h2_bundle.go:6388`,
          `io.ReadAll ${GO}/io/io.go:712`,
        ],
        handler: `${UPLOAD} /build/orders/upload.go:20`,
        state: 'sync.Cond.Wait',
      });
      const f = await factsFor(h2, UPLOAD, { source: { server: server('none') } });
      assertVerdict(requestBodyWithoutDeadline(f), {
        status: 'leak',
        kind: 'blocking-io-no-deadline',
        confidence: 'possible',
        problem: /reading the request body, which no deadline bounds/,
      });
      const bounded = await factsFor(h2, UPLOAD, { source: { server: server('set') } });
      assert.equal(requestBodyWithoutDeadline(bounded), null);
    }
  });

  it('passes with a ReadTimeout, a handler-set read deadline, an unknown server, or no source', async () => {
    assert.equal(
      requestBodyWithoutDeadline(await factsFor(uploads(), UPLOAD, { source: { server: server('set') } })),
      null,
    );
    assert.equal(
      requestBodyWithoutDeadline(await factsFor(uploads(), UPLOAD, { source: { server: server('unknown') } })),
      null,
    );
    const rc = await factsFor(uploads(), UPLOAD, { source: { server: server('none'), setsReadDeadline: true } });
    assert.equal(requestBodyWithoutDeadline(rc), null);
    assert.equal(requestBodyWithoutDeadline(await factsFor(uploads(), UPLOAD)), null);
  });
});

describe('hijackedReadWithoutDeadline', () => {
  /** The goroutine a handler started to read its hijacked connection; the handler (77) has returned. */
  const reader: DumpGoroutine[] = [
    MAIN_SERVING,
    {
      id: 50,
      state: 'IO wait',
      frames: [...READ, `bufio.(*Reader).ReadString ${GO}/bufio/bufio.go:498`, `${LINK} /build/orders/link.go:90`],
      createdBy: 'example.com/orders.(*link).ServeHTTP /build/orders/link.go:64',
      parent: 77,
    },
  ];

  it('leaks a read of a hijacked connection with no read deadline on the stack (likely)', async () => {
    const f = await factsFor(reader, LINK, { source: { setsReadDeadline: false, creatorIsHttpHandler: true } });
    assertVerdict(hijackedReadWithoutDeadline(f), {
      status: 'leak',
      kind: 'blocking-io-no-deadline',
      confidence: 'likely',
      problem: /reading a hijacked connection that has no read deadline/,
    });
  });

  it('passes with a read deadline, without source, and on request bodies', async () => {
    assert.equal(
      hijackedReadWithoutDeadline(await factsFor(reader, LINK, { source: { setsReadDeadline: true } })),
      null,
    );
    assert.equal(hijackedReadWithoutDeadline(await factsFor(reader, LINK)), null);
    assert.equal(
      hijackedReadWithoutDeadline(await factsFor(uploads(), UPLOAD, { source: { setsReadDeadline: false } })),
      null,
    );
  });
});
