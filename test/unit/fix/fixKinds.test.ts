// Every fix family on the project's own leaky programs: the leakyapi capture analysed with its
// source (the fixes the verdicts get), the demo service and test/go/fixkinds from source alone
// (groups built from the frames a capture shows), exact edits for each, and gofmt-clean results.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import type { GoFix } from '../../../src/core/fix/fixModel';
import type { FixSources } from '../../../src/core/fix/fixSources';
import { fixesForGroup } from '../../../src/core/fix/groupFixes';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { applied, changedLines, frame, gofmtPath, lineOf, programs, repoRoot, sourcesFor, suspect } from './fixSupport';

const allFixes: GoFix[] = [];

function only(fixes: GoFix[], kind: GoFix['kind']): GoFix {
  const f = fixes.find((x) => x.kind === kind);
  assert.ok(f, `no ${kind} fix among ${fixes.map((x) => x.kind).join(', ') || 'none'}`);
  allFixes.push(f);
  return f;
}

function diffOf(fix: GoFix): string[] {
  const [[file, after]] = [...applied(fix)];
  return changedLines(readFileSync(file!, 'utf8'), after!);
}

describe('fixes on the leakyapi capture (go1.27 t2, analysed with its source)', () => {
  let result: AnalysisResult;
  let sources: FixSources;
  const byHandler = async (handler: string) => {
    const groups = result.groups.filter((g) => g.verdict.suspect && g.verdict.handler === `main.(*api).${handler}`);
    const fixes = (await Promise.all(groups.map((g) => fixesForGroup(g, sources, result)))).flat();
    return fixes;
  };
  before(async () => {
    const dir = path.join(repoRoot, 'test', 'fixtures', 'go1.27', 'leakyapi');
    const snapshot = await loadSnapshot([readInput(path.join(dir, 't2_goroutine_debug2.txt'))], {
      inflater: zlibInflater,
    });
    result = await analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([programs.leakyapi]) });
    sources = await sourcesFor(programs.leakyapi);
  });

  it('select without ctx.Done: the case, with ctx introduced from the request', async () => {
    const fix = only(await byHandler('exchangeRate'), 'select-ctx-done');
    assert.deepEqual(diffOf(fix), ['+\tctx := r.Context()', '+\tcase <-ctx.Done():', '+\t\treturn']);
    assert.match(fix.reason, /exchangeRate.*no ctx\.Done case/);
  });

  it('fan-out sender: one buffer slot per shard, or a select on ctx.Done', async () => {
    const fixes = await byHandler('search');
    assert.deepEqual(diffOf(only(fixes, 'buffer-channel')), [
      '-\thits := make(chan []string)',
      '+\thits := make(chan []string, len(a.shards))',
    ]);
    assert.deepEqual(diffOf(only(fixes, 'send-select-ctx')), [
      '+\tctx := r.Context()',
      '-\t\t\thits <- sh.lookup(q)',
      '+\t\t\tselect {',
      '+\t\t\tcase hits <- sh.lookup(q):',
      '+\t\t\tcase <-ctx.Done():',
      '+\t\t\t\treturn',
      '+\t\t\t}',
    ]);
    assert.equal(fixes[0]!.kind, 'buffer-channel', 'buffering is offered first');
  });

  it('outbound request without context: NewRequest becomes NewRequestWithContext', async () => {
    const fix = only(await byHandler('convertCurrency'), 'outbound-request-context');
    assert.deepEqual(diffOf(fix), [
      '-\treq, err := http.NewRequest(http.MethodGet, a.cfg.fxURL+"/convert?"+r.URL.RawQuery, nil)',
      '+\tctx := r.Context()',
      '+\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, a.cfg.fxURL+"/convert?"+r.URL.RawQuery, nil)',
    ]);
  });

  it('ticker loop whose stop channel is never closed: defer close in the handler', async () => {
    const fix = only(await byHandler('watchAccount'), 'close-stop-channel');
    assert.deepEqual(diffOf(fix), ['+\tdefer close(stop)']);
  });

  it('io.Pipe reader left open: defer Close, or CloseWithError on the path that returns early', async () => {
    const fixes = await byHandler('uploadStatement');
    assert.deepEqual(diffOf(only(fixes, 'pipe-close')), ['+\tdefer pw.Close()']);
    assert.deepEqual(diffOf(only(fixes, 'pipe-close-with-error')), ['+\t\tpw.CloseWithError(io.ErrUnexpectedEOF)']);
  });

  it('locks held by a parked goroutine: released around the holder’s wait', async () => {
    const fix = only(await byHandler('updateAccount'), 'release-lock-while-waiting');
    assert.deepEqual(diffOf(fix), ['+\ta.accountsMu.Unlock()', '+\ta.accountsMu.Lock()']);
    assert.match(fix.title, /migrateAccounts/);
    const rw = only(await byHandler('monthlyReport'), 'release-lock-while-waiting');
    assert.deepEqual(diffOf(rw), ['+\ta.reportsMu.Unlock()', '+\ta.reportsMu.Lock()']);
  });

  it('sleep and TimeoutHandler leftovers: waits in a select on ctx.Done', async () => {
    assert.ok(
      diffOf(only(await byHandler('retryPayment'), 'sleep-select-ctx')).includes(
        '+\t\tcase <-time.After(time.Duration(attempt+1) * 10 * time.Minute):',
      ),
    );
    only(await byHandler('ledgerBalance'), 'select-ctx-done');
  });

  it('no fix where nothing sound exists: nil channel, empty select, raw connection, WaitGroup, Cond', async () => {
    for (const h of ['notifyWebhook', 'openStream', 'auditTrail', 'batchPayments', 'nextJob'])
      assert.deepEqual(await byHandler(h), [], h);
  });

  it('never on a frame outside the workspace: the client connection goroutines get none', async () => {
    const readLoops = result.groups.filter(
      (g) => g.verdict.suspect && g.group.stack.frames[g.verdict.blockingFrame ?? 0]?.function.startsWith('net'),
    );
    assert.ok(readLoops.length > 0);
    for (const g of readLoops) assert.deepEqual(await fixesForGroup(g, sources, result), []);
  });
});

describe('fixes on the demo service (frames as its captures show them)', () => {
  let sources: FixSources;
  const store = path.join(programs.demo, 'store.go');
  before(async () => {
    sources = await sourcesFor(programs.demo);
  });

  it('TimeoutHandler leftover receiving: the statements after the receive move into its case', async () => {
    const g = suspect(
      'timeout-handler-orphan',
      [frame('main.(*store).stockLevel', store, lineOf(store, 'n := <-s.stockReplies'))],
      0,
    );
    const fix = only(await fixesForGroup(g, sources, null), 'receive-select-ctx');
    assert.deepEqual(diffOf(fix), [
      '-\tn := <-s.stockReplies',
      '-\tfmt.Fprintln(w, n)',
      '+\tctx := r.Context()',
      '+\tselect {',
      '+\tcase n := <-s.stockReplies:',
      '+\t\tfmt.Fprintln(w, n)',
      '+\tcase <-ctx.Done():',
      '+\t\treturn',
      '+\t}',
    ]);
  });

  it('http.Get: the request built with the context, its error handled like the call’s', async () => {
    const g = suspect(
      'blocking-io-no-deadline',
      [
        frame('net/http.(*persistConn).roundTrip', 'net/http/transport.go', 2650),
        frame('main.(*store).shippingRates', store, lineOf(store, 'http.Get(')),
      ],
      1,
    );
    const fix = only(await fixesForGroup(g, sources, null), 'outbound-request-context');
    assert.deepEqual(diffOf(fix), [
      '-\tresp, err := http.Get(s.carrierURL + "/rates?zip=" + r.URL.Query().Get("zip"))',
      '+\tctx := r.Context()',
      '+\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, s.carrierURL+"/rates?zip="+r.URL.Query().Get("zip"), nil)',
      '+\tif err != nil {',
      '+\t\thttp.Error(w, err.Error(), http.StatusBadGateway)',
      '+\t\treturn',
      '+\t}',
      '+\tresp, err := http.DefaultClient.Do(req)',
    ]);
  });

  it('orphaned sender without a loop: capacity 1', async () => {
    const g = suspect(
      'chan-send-orphan',
      [frame('main.(*store).exportOrders.func1', store, lineOf(store, 'result <- renderCSV'))],
      0,
      { function: 'main.(*store).exportOrders', file: store, line: lineOf(store, 'go func()', 'exportOrders') },
    );
    assert.deepEqual(diffOf(only(await fixesForGroup(g, sources, null), 'buffer-channel')), [
      '-\tresult := make(chan []byte)',
      '+\tresult := make(chan []byte, 1)',
    ]);
  });
});

describe('fixes on test/go/fixkinds (kinds the other programs lack, from source alone)', () => {
  let sources: FixSources;
  const server = path.join(programs.fixkinds, 'server.go');
  const main = path.join(programs.fixkinds, 'main.go');
  before(async () => {
    sources = await sourcesFor(programs.fixkinds);
  });

  it('context-not-request: found on the request’s frame, outside the blocking one', async () => {
    const g = suspect(
      null,
      [
        frame('main.(*catalog).find', server, lineOf(server, 'select {', 'func (c *catalog) find')),
        frame('main.(*server).lookup', server, lineOf(server, 'context.Background()')),
      ],
      0,
    );
    assert.deepEqual(await fixesForGroup(g, sources, null), [], 'not a suspect: no fix');
    const fix = only(await fixesForGroup(g, sources, null, { kind: 'context-not-request' }), 'request-context');
    assert.deepEqual(diffOf(fix), [
      '-\titem, err := s.catalog.find(context.Background(), r.URL.Query().Get("id"))',
      '+\tctx := r.Context()',
      '+\titem, err := s.catalog.find(ctx, r.URL.Query().Get("id"))',
    ]);
  });

  it('ticker loop with no way out: return on ctx.Done and stop the ticker', async () => {
    const g = suspect(
      'ticker-not-stopped',
      [frame('main.(*server).follow.func1', server, lineOf(server, 'select {', 'func (s *server) follow'))],
      0,
      { function: 'main.(*server).follow', file: server, line: lineOf(server, 'go func()', 'func (s *server) follow') },
    );
    const fix = only(await fixesForGroup(g, sources, null), 'ticker-stop');
    assert.deepEqual(diffOf(fix), [
      '+\tctx := r.Context()',
      '+\t\tdefer t.Stop()',
      '+\t\t\tcase <-ctx.Done():',
      '+\t\t\t\treturn',
    ]);
  });

  it('body read on a server without read timeouts: the server built explicitly with them', async () => {
    const upload = lineOf(server, 'io.ReadAll(r.Body)');
    const frames = [
      frame('internal/poll.(*FD).Read', 'internal/poll/fd_unix.go', 167),
      frame('net/http.(*connReader).Read', 'net/http/server.go', 791),
      frame('net/http.(*body).Read', 'net/http/transfer.go', 839),
      frame('io.ReadAll', 'io/io.go', 712),
      frame('main.(*server).upload', server, upload),
    ];
    const fix = only(
      await fixesForGroup(suspect('blocking-io-no-deadline', frames, 4), sources, null),
      'server-read-timeouts',
    );
    assert.equal(fix.edits[0]!.file, main);
    assert.deepEqual(diffOf(fix), [
      '+\t"time"',
      '-\tlog.Fatal(http.Serve(ln, mux)) // the package helper: no read timeouts',
      '+\tlog.Fatal((&http.Server{',
      '+\t\tHandler:           mux,',
      '+\t\tReadHeaderTimeout: 10 * time.Second,',
      '+\t\tReadTimeout:       30 * time.Second,',
      '+\t}).Serve(ln)) // the package helper: no read timeouts',
    ]);
  });

  it('an explicit http.Server gets the missing fields, aligned as gofmt aligns them', async () => {
    const leaky = await sourcesFor(programs.leakyapi);
    const handlers = path.join(programs.leakyapi, 'handlers.go');
    const frames = [
      frame('net/http.(*body).Read', 'net/http/transfer.go', 839),
      frame('main.(*api).importLedger', handlers, lineOf(handlers, 'for sc.Scan()')),
    ];
    const fix = only(
      await fixesForGroup(suspect('blocking-io-no-deadline', frames, 1), leaky, null),
      'server-read-timeouts',
    );
    const [[, after]] = [...applied(fix)];
    assert.match(
      after!,
      /srv := &http\.Server\{Handler: mux, ReadHeaderTimeout: 10 \* time\.Second, ReadTimeout: 30 \* time\.Second\}/,
    );
  });

  it('refuses what it cannot do soundly', async () => {
    const vendored = suspect(
      'select-no-ctx',
      [frame('example.com/dep.wait', '/x/vendor/example.com/dep/dep.go', 3)],
      0,
    );
    assert.deepEqual(await fixesForGroup(vendored, sources, null), []);
    const stdlib = suspect('select-no-ctx', [frame('net/http.(*conn).serve', 'net/http/server.go', 2000)], 0);
    assert.deepEqual(await fixesForGroup(stdlib, sources, null), []);
    // The catalog's select listens to its context already: nothing to add.
    const healthy = suspect(
      'select-no-ctx',
      [frame('main.(*catalog).find', server, lineOf(server, 'select {', 'func (c *catalog) find'))],
      0,
    );
    assert.deepEqual(await fixesForGroup(healthy, sources, null), []);
  });
});

describe(
  'every fix above leaves gofmt nothing to change',
  { skip: gofmtPath ? false : 'no gofmt on this machine' },
  () => {
    it('gofmt(result) === result', () => {
      assert.ok(allFixes.length >= 15, `${allFixes.length} fixes collected`);
      for (const fix of allFixes) {
        for (const [file, text] of applied(fix)) {
          const formatted = execFileSync(gofmtPath!, [], { input: text, encoding: 'utf8' });
          assert.equal(formatted, text, `${fix.title} in ${file} is not gofmt-clean`);
        }
      }
    });
  },
);

describe('fixes for the verdicts of the second corpus (meteohub go1.23 t2, analysed with its source)', () => {
  it('offers a fix on every client-gone and pipe producer-vanished suspect, from the verdict alone', async () => {
    const dir = path.join(repoRoot, 'test', 'fixtures', 'go1.23', 'meteohub');
    const source = path.join(repoRoot, 'test', 'go', 'meteohub');
    const snapshot = await loadSnapshot([readInput(path.join(dir, 't2_goroutine_debug2.txt.gz'))], {
      inflater: zlibInflater,
    });
    const result = await analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([source]) });
    const sources = await sourcesFor(source);
    const wanted = result.groups.filter(
      (g) =>
        g.verdict.suspect &&
        (g.verdict.kind === 'client-gone' ||
          (g.verdict.kind === 'producer-vanished' &&
            g.group.stack.frames.some((f) => f.function === 'io.(*pipe).read'))),
    );
    assert.ok(wanted.length > 0, 'the capture has such suspects');
    for (const g of wanted) {
      const fixes = await fixesForGroup(g, sources, result);
      const kinds = fixes.map((f) => f.kind);
      assert.ok(fixes.length > 0, `${g.verdict.kind} ${g.group.key}: no fix`);
      if (g.verdict.kind === 'producer-vanished') {
        // The handler made the pipe and handed the writer to a goroutine that returns without closing it.
        const fix = fixes.find((f) => f.kind === 'pipe-close');
        assert.ok(fix, kinds.join(', '));
        assert.deepEqual(diffOf(fix), ['+\tdefer pw.Close()']);
        assert.match(fix.title, /`pw` of `writeCSV`/);
      } else
        assert.ok(
          kinds.some((k) => k.endsWith('-ctx') || k === 'select-ctx-done'),
          kinds.join(', '),
        );
    }
  });
});
