// Which handler a stack belongs to: net/http chains with middleware (real shopd stacks), user
// routers with their own ServeHTTP, net/http/pprof, and RPC servers matched by configurable
// dispatch patterns.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createHandlerMatcher } from '../../../src/core/analysis/handlerAttribution';
import type { Frame } from '../../../src/core/model/goroutine';
import { corpusPresent, load, repoRoot, shopdRoot, SKIP_NOTE } from '../input/corpusFiles';

const frames = (...fns: string[]): Frame[] =>
  fns.map((fn) => ({ function: fn, file: 'x.go', line: 1, inlined: false }));

describe('handler attribution', () => {
  const matcher = createHandlerMatcher();

  it(
    'skips middleware and routers to the handler in real shopd stacks (go1.19 and go1.23 closure names)',
    { skip: corpusPresent ? false : SKIP_NOTE },
    async () => {
      for (const v of ['go1.19', 'go1.23', 'go1.27']) {
        const snap = await load(path.join(shopdRoot, v, 't1_goroutine_debug2.txt'));
        const handlers = new Set(snap.groups.map((g) => matcher.find(g.stack.frames)).filter((h) => h !== null));
        for (const h of [
          'main.(*shop).slowSelect',
          'main.(*shop).stockCheck',
          'main.(*shop).reserve',
          'main.(*shop).upstreamInventory',
          'main.(*shop).longPoll',
          'main.(*shop).customCtx',
          'net/http/pprof.handler.ServeHTTP',
        ]) {
          assert.ok(handlers.has(h), `${v}: ${h} in ${[...handlers].join(', ')}`);
        }
        assert.ok(
          ![...handlers].some((h) => h!.includes('labeled')),
          `${v}: the labelling middleware is never the handler`,
        );
      }
    },
  );

  it('skips the route-labelling middleware and TimeoutHandler in our own leakyapi stacks (three Go versions)', async () => {
    for (const v of ['go1.19', 'go1.23', 'go1.27']) {
      const snap = await load(path.join(repoRoot, 'test', 'fixtures', v, 'leakyapi', 't1_goroutine_debug2.txt'));
      const handlers = new Set(snap.groups.map((g) => matcher.find(g.stack.frames)).filter((h) => h !== null));
      for (const h of [
        'main.(*api).exchangeRate',
        'main.(*api).ledgerBalance', // under http.TimeoutHandler
        'main.(*api).convertCurrency',
        'main.(*api).events',
        'main.(*api).subscribeLedger',
        'net/http/pprof.handler.ServeHTTP',
      ]) {
        assert.ok(handlers.has(h), `${v}: ${h} in ${[...handlers].join(', ')}`);
      }
      assert.ok(
        ![...handlers].some((h) => h!.includes('withRoute')),
        `${v}: the labelling middleware is never the handler`,
      );
    }
  });

  it('takes a user type with its own ServeHTTP as the handler when it calls no further handler', () => {
    assert.equal(
      matcher.find(frames('main.(*api).ServeHTTP', 'net/http.serverHandler.ServeHTTP', 'net/http.(*conn).serve')),
      'main.(*api).ServeHTTP',
    );
    assert.equal(
      matcher.find(
        frames(
          'main.list',
          'main.(*router).ServeHTTP',
          'main.logging.func1',
          'net/http.HandlerFunc.ServeHTTP',
          'net/http.serverHandler.ServeHTTP',
          'net/http.(*conn).serve',
        ),
      ),
      'main.list',
    );
  });

  it('takes net/http/pprof served over HTTP/2 as a handler, under each package path of the HTTP/2 server', () => {
    // A chain of the standard library's own (pprof) is a handler only when net/http serves it.
    for (const run of [
      'net/http.(*http2serverConn).runHandler',
      'net/http/internal/http2.(*serverConn).runHandler',
      'golang.org/x/net/http2.(*serverConn).runHandler',
    ]) {
      assert.equal(
        matcher.find(frames('runtime/pprof.writeGoroutine', 'net/http/pprof.handler.ServeHTTP', run)),
        'net/http/pprof.handler.ServeHTTP',
        run,
      );
    }
  });

  it('finds RPC handlers through configurable dispatch patterns, skipping generated glue and interceptors', () => {
    const grpc = frames(
      'runtime.gopark',
      'example.com/svc.(*server).GetQuote',
      'example.com/svc/pb._Quotes_GetQuote_Handler.func1',
      'example.com/svc.authInterceptor',
      'example.com/svc/pb._Quotes_GetQuote_Handler',
      'google.golang.org/grpc.(*Server).processUnaryRPC',
      'google.golang.org/grpc.(*Server).handleStream',
    );
    assert.equal(matcher.find(grpc), 'example.com/svc.(*server).GetQuote');
    assert.equal(createHandlerMatcher([]).find(grpc), null, 'no patterns, no RPC handlers');
    const custom = createHandlerMatcher(['^example\\.com/rpc\\.\\(\\*Dispatcher\\)\\.call$']);
    assert.equal(
      custom.find(frames('example.com/app.Pay', 'example.com/rpc.(*Dispatcher).call')),
      'example.com/app.Pay',
    );
    assert.throws(() => createHandlerMatcher(['(']), /handler pattern "\(" is not a valid regular expression/);
  });

  it('returns null outside any server', () => {
    assert.equal(matcher.find(frames('main.(*shop).worker')), null);
  });
});
