// What the analysis reads from a service's source across frames, on a small Go module written to a
// temporary directory and stacks that point into it: the context a parked call was given
// (contextProvenance), whether a handler's background reader can be expected yet
// (readerNotStarted), and the victims of a database/sql pool held by a leaking query
// (heldResources). The shapes the corpora do not have: deadline-bounded contexts, a request
// context derived with a timeout, a hijack before the wait, a victim that follows its own request.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { contextProvenance } from '../../../src/core/analysis/contextProvenance';
import { gatherSourceFacts } from '../../../src/core/analysis/sourceFacts';
import { classifyWait } from '../../../src/core/analysis/waitClassification';
import { createGoParser } from '../../../src/core/source/goParser';
import { SourceLookup } from '../../../src/core/source/sourceLookup';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import {
  park,
  requests,
  SERVED_BY_NET_HTTP,
  CREATED_BY_SERVER,
  snapshotOf,
  type DumpGoroutine,
} from './rules/factsFromDump';

const GO = '/usr/local/go/src';
const API = `package api

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"time"
)

type api struct {
	db *sql.DB
	ch chan int
}

func (a *api) bounded(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	a.db.QueryContext(ctx, "q")
}

func (a *api) fromRequest(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	a.db.QueryContext(ctx, "q")
}

func (a *api) background(w http.ResponseWriter, r *http.Request) {
	a.load(context.Background())
}

func (a *api) load(ctx context.Context) {
	a.db.QueryContext(ctx, "q")
}

func (a *api) plain(w http.ResponseWriter, r *http.Request) {
	a.db.Query("q")
}

func (a *api) hijacked(w http.ResponseWriter, r *http.Request) {
	conn, _, _ := w.(http.Hijacker).Hijack()
	<-a.ch
	conn.Close()
}

func (a *api) bodyLater(w http.ResponseWriter, r *http.Request) {
	<-a.ch
	io.ReadAll(r.Body)
}

func (a *api) bodyFirst(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body)
	<-a.ch
}

func (a *api) store(ctx context.Context) error {
	_, err := a.db.QueryContext(ctx, "q")
	return err
}

type traceKey struct{}

func withTrace(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, traceKey{}, id)
}

func (a *api) traced(w http.ResponseWriter, r *http.Request) {
	a.load(withTrace(context.Background(), r.Header.Get("X-Id")))
}

func (a *api) tracedRequest(w http.ResponseWriter, r *http.Request) {
	a.load(withTrace(r.Context(), r.Header.Get("X-Id")))
}

type batcher struct {
	flush func(ctx context.Context) error
}

func (b *batcher) write() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := b.flush(ctx); err != nil {
		return
	}
}
`;

let dir: string;
let file: string;
let lookup: SourceLookup;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gi-source-'));
  file = path.join(dir, 'api', 'api.go');
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  mkdirSync(path.dirname(file));
  writeFileSync(file, API);
  const reader = createFsSourceReader([dir]);
  lookup = await SourceLookup.create(reader, await createGoParser(await reader.treeSitterWasm()));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** 1-based line of the first line of api.go holding `text` after the line holding `from`. */
function lineOf(text: string, from: string): number {
  const lines = API.split('\n');
  const start = lines.findIndex((l) => l.includes(from));
  const i = lines.findIndex((l, n) => n > start && l.includes(text));
  assert.ok(start >= 0 && i >= 0, `${text} after ${from}`);
  return i + 1;
}

const fn = (name: string) => `example.com/m/api.(*api).${name}`;
const at = (name: string, text: string) => `${fn(name)} ${file}:${lineOf(text, `func (a *api) ${name}(`)}`;
/** Queued for a pool connection inside database/sql, called from the given user frames. */
const inPool = (call: 'QueryContext' | 'Query') => [
  park('runtime.selectgo', 'runtime/select.go:351'),
  `database/sql.(*DB).conn ${GO}/database/sql/sql.go:1361`,
  `database/sql.(*DB).query ${GO}/database/sql/sql.go:1751`,
  `database/sql.(*DB).QueryContext ${GO}/database/sql/sql.go:1733`,
  ...(call === 'Query' ? [`database/sql.(*DB).Query ${GO}/database/sql/sql.go:1747`] : []),
];

async function provenance(frames: string[], handler: string) {
  const snapshot = await snapshotOf(requests({ wait: frames, handler, state: 'select' }));
  const g = snapshot.groups.find((x) => x.stack.frames.some((f) => f.function.startsWith('example.com/m')))!;
  return contextProvenance(g, classifyWait(g.state, g.stack.frames).userFrame, lookup);
}

describe('contextProvenance across frames', () => {
  it('follows a parameter to its caller’s argument: context.Background()', async () => {
    const c = await provenance([...inPool('QueryContext'), at('load', 'QueryContext')], at('background', 'a.load('));
    assert.deepEqual(
      [c?.origin, c?.expression, c?.line, c?.call, c?.implicit],
      ['background', 'context.Background()', lineOf('a.load(', 'func (a *api) background('), 'a.load', false],
    );
  });

  it('calls a deadline-bounded context bounded, and one derived from the request the request’s', async () => {
    const b = await provenance(inPool('QueryContext'), at('bounded', 'QueryContext'));
    assert.equal(b?.origin, 'bounded');
    const r = await provenance(inPool('QueryContext'), at('fromRequest', 'QueryContext'));
    assert.equal(r?.origin, 'request');
  });

  it('follows the program’s own function that derives its result from its context parameter', async () => {
    const bg = await provenance([...inPool('QueryContext'), at('load', 'QueryContext')], at('traced', 'a.load('));
    assert.deepEqual([bg?.origin, bg?.expression], ['background', 'context.Background()']);
    const req = await provenance(
      [...inPool('QueryContext'), at('load', 'QueryContext')],
      at('tracedRequest', 'a.load('),
    );
    assert.equal(req?.origin, 'request');
  });

  it('follows a call through a function value (a struct field) by the only call on the caller’s line', async () => {
    const write = `example.com/m/api.(*batcher).write ${file}:${lineOf('b.flush(ctx)', 'func (b *batcher) write(')}`;
    const c = await provenance([...inPool('QueryContext'), at('store', 'QueryContext')], write);
    assert.deepEqual([c?.origin, c?.expression, c?.call], ['bounded', 'context.Background()', 'context.WithTimeout']);
  });

  it('says a call that takes no context runs with context.Background() itself', async () => {
    const c = await provenance(inPool('Query'), at('plain', 'a.db.Query'));
    assert.deepEqual([c?.origin, c?.implicit, c?.call], ['background', true, 'a.db.Query']);
  });
});

describe('readerNotStarted', () => {
  const RECV = [park('runtime.chanrecv1', 'runtime/chan.go:489')];
  async function notStarted(name: string): Promise<boolean> {
    const snapshot = await snapshotOf(requests({ wait: RECV, handler: at(name, '<-a.ch'), state: 'chan receive' }));
    const g = snapshot.groups.find((x) => x.stack.frames.some((f) => f.function === fn(name)))!;
    const facts = await gatherSourceFacts(g, classifyWait(g.state, g.stack.frames), lookup, snapshot);
    return facts.readerNotStarted;
  }

  it('is true after a hijack and before the body is read, false once it has been', async () => {
    assert.equal(await notStarted('hijacked'), true);
    assert.equal(await notStarted('bodyLater'), true);
    assert.equal(await notStarted('bodyFirst'), false);
  });
});

describe('heldResources on a database/sql pool', () => {
  /** Two requests holding the pool's connections (inside the driver, under context.Background()), plus queued ones. */
  function pool(queued: DumpGoroutine[]): DumpGoroutine[] {
    const holders = requests({
      wait: [
        park('runtime.selectgo', 'runtime/select.go:351'),
        `example.com/driver.(*conn).wait /mod/example.com/driver@v1.0.0/conn.go:40`,
        `database/sql.ctxDriverQuery ${GO}/database/sql/ctxutil.go:48`,
        `database/sql.(*DB).queryDC ${GO}/database/sql/sql.go:1778`,
        `database/sql.(*DB).query ${GO}/database/sql/sql.go:1761`,
        `database/sql.(*DB).QueryContext ${GO}/database/sql/sql.go:1733`,
        at('load', 'QueryContext'),
      ],
      handler: at('background', 'a.load('),
      state: 'select',
      count: 2,
    });
    return [...holders, ...queued];
  }
  const queued = (name: 'plain' | 'fromRequest', id: number): DumpGoroutine => ({
    id,
    state: 'select',
    frames: [
      ...inPool(name === 'plain' ? 'Query' : 'QueryContext'),
      at(name, name === 'plain' ? 'a.db.Query' : 'QueryContext'),
      ...SERVED_BY_NET_HTTP,
    ],
    createdBy: CREATED_BY_SERVER,
    parent: 1,
  });

  it('flags the queue of a query without context as the holder’s victims, and counts them in the holder’s reason', async () => {
    const snapshot = await snapshotOf(pool([queued('plain', 300), queued('plain', 301)]));
    const r = await analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([dir]) });
    const victim = r.groups.find((g) => g.group.ids.includes(300))!.verdict;
    assert.equal(victim.kind, 'held-resource-victim');
    assert.match(
      victim.reason ?? '',
      /waiting for a connection of the database\/sql pool of api\.\(\*api\), held by 2 goroutines of handler/,
    );
    const holder = r.groups.find((g) => g.group.ids.includes(100))!.verdict;
    assert.equal(holder.kind, 'context-not-request');
    assert.match(
      holder.reason ?? '',
      /2 requests wait for a connection of the database\/sql pool of api\.\(\*api\) these hold/,
    );
  });

  it('counts a queue of another type as the same pool when the program has one *sql.DB (one connectionOpener)', async () => {
    // A request queued through another package's type, outside the source roots, with no context (Exec).
    const other: DumpGoroutine = {
      id: 700,
      state: 'select, 2 minutes',
      frames: [
        ...inPool('Query'),
        'example.com/m/audit.(*log).save /elsewhere/audit/log.go:30',
        'example.com/m/audit.(*log).ServeHTTP /elsewhere/audit/log.go:12',
        ...SERVED_BY_NET_HTTP,
      ],
      createdBy: CREATED_BY_SERVER,
      parent: 1,
    };
    const opener: DumpGoroutine = {
      id: 20,
      state: 'select',
      frames: [
        park('runtime.selectgo', 'runtime/select.go:351'),
        `database/sql.(*DB).connectionOpener ${GO}/database/sql/sql.go:1218`,
      ],
      createdBy: `database/sql.OpenDB ${GO}/database/sql/sql.go:791`,
      parent: 1,
    };
    const kindOf = async (goroutines: DumpGoroutine[]) => {
      const r = await analyzeSnapshot(await snapshotOf(goroutines), { sourceReader: createFsSourceReader([dir]) });
      return r.groups.find((g) => g.group.ids.includes(700))!.verdict;
    };
    // Two openers: two *sql.DB, and nothing says which one the queue waits for.
    assert.notEqual((await kindOf(pool([other, opener, { ...opener, id: 21 }]))).kind, 'held-resource-victim');
    const one = await kindOf(pool([other, opener]));
    assert.equal(one.kind, 'held-resource-victim');
    assert.match(one.reason ?? '', /the database\/sql pool \(the only \*sql\.DB\), held by 2 goroutines/);
  });

  /** A worker outside any request, queued for the pool through api.store by code outside the source roots (its context unread). */
  const worker = (id: number, state: string): DumpGoroutine => ({
    id,
    state,
    frames: [
      ...inPool('QueryContext'),
      at('store', 'QueryContext'),
      'example.com/w.(*flusher).write /elsewhere/w/flusher.go:20',
      'example.com/w.(*flusher).run /elsewhere/w/flusher.go:12',
    ],
    createdBy: 'example.com/w.start /elsewhere/w/flusher.go:5',
    parent: 1,
  });

  it('leaves a worker whose context is unread alone until it has waited a minute, then counts it a victim', async () => {
    const kindOf = async (state: string) => {
      const r = await analyzeSnapshot(await snapshotOf(pool([worker(500, state)])), {
        sourceReader: createFsSourceReader([dir]),
      });
      return r.groups.find((g) => g.group.ids.includes(500))!.verdict.kind;
    };
    assert.equal(await kindOf('select'), null);
    assert.equal(await kindOf('select, 3 minutes'), 'held-resource-victim');
  });

  it('leaves a queued call alone whose context has a deadline: database/sql returns it then', async () => {
    const write = `example.com/m/api.(*batcher).write ${file}:${lineOf('b.flush(ctx)', 'func (b *batcher) write(')}`;
    const bounded: DumpGoroutine = {
      id: 600,
      state: 'select, 3 minutes',
      frames: [...inPool('QueryContext'), at('store', 'QueryContext'), write],
      createdBy: 'example.com/w.start /elsewhere/w/flusher.go:5',
      parent: 1,
    };
    const snapshot = await snapshotOf(pool([bounded]));
    const r = await analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([dir]) });
    assert.notEqual(r.groups.find((g) => g.group.ids.includes(600))!.verdict.kind, 'held-resource-victim');
  });

  it('leaves a queued query that follows its own request alone: it returns when its client gives up', async () => {
    const snapshot = await snapshotOf(
      pool([
        queued('fromRequest', 300),
        {
          id: 400,
          state: 'IO wait',
          frames: [`net/http.(*connReader).backgroundRead ${GO}/net/http/server.go:690`],
          createdBy: `net/http.(*connReader).startBackgroundRead ${GO}/net/http/server.go:686`,
          parent: 300,
        },
      ]),
    );
    const r = await analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([dir]) });
    const waiting = r.groups.find((g) => g.group.ids.includes(300))!.verdict;
    assert.equal(waiting.suspect, false);
    assert.match(r.groups.find((g) => g.group.ids.includes(100))!.verdict.reason ?? '', /^2 goroutines/);
    assert.doesNotMatch(r.groups.find((g) => g.group.ids.includes(100))!.verdict.reason ?? '', /requests wait/);
  });
});
