// A server whose serve loop is the goroutine's own function (`go http.Serve(ln, h)`, `go
// srv.Serve(ln)`): no frame of the program calls it, so the server is read at the go statement
// (the loop's `created by` line). Real parser and source on disk.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { park, snapshotOf, type DumpGoroutine } from './rules/factsFromDump';

const GO = '/usr/local/go/src';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A module whose main serves `upload` with `serve` (a statement at line 15 of main.go). */
function module(setup: string, serve: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-serve-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/up\n\ngo 1.22\n');
  const main = `package main

import (
	"io"
	"net"
	"net/http"
	"time"
)

type api struct{}

func (a *api) upload(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func main() { ln, _ := net.Listen("tcp", ":0"); a := &api{}; ${setup}
	${serve}
	select {}
}
`;
  writeFileSync(path.join(dir, 'main.go'), main);
  assert.equal(main.split('\n')[14]!.trim(), serve, 'the go statement is line 15');
  return dir;
}

function dump(dir: string, loopFrames: string[]): DumpGoroutine[] {
  const file = path.join(dir, 'main.go');
  const loop: DumpGoroutine = {
    id: 5,
    state: 'IO wait',
    frames: [
      park('internal/poll.runtime_pollWait', 'runtime/netpoll.go:351'),
      `net.(*TCPListener).Accept ${GO}/net/tcpsock.go:327`,
      `net/http.(*Server).Serve ${GO}/net/http/server.go:3330`,
      ...loopFrames,
    ],
    createdBy: `main.main ${file}:15`,
    parent: 1,
  };
  const upload = (id: number): DumpGoroutine => ({
    id,
    state: 'IO wait',
    frames: [
      park('internal/poll.runtime_pollWait', 'runtime/netpoll.go:351'),
      `net.(*conn).Read ${GO}/net/net.go:189`,
      `net/http.(*connReader).Read ${GO}/net/http/server.go:798`,
      `net/http.(*body).readLocked ${GO}/net/http/transfer.go:844`,
      `net/http.(*body).Read ${GO}/net/http/transfer.go:836`,
      `io.ReadAll ${GO}/io/io.go:712`,
      `main.(*api).upload ${file}:12`,
      `net/http.HandlerFunc.ServeHTTP ${GO}/net/http/server.go:2220`,
      `net/http.serverHandler.ServeHTTP ${GO}/net/http/server.go:3210`,
      `net/http.(*conn).serve ${GO}/net/http/server.go:2092`,
    ],
    createdBy: `net/http.(*Server).Serve ${GO}/net/http/server.go:3360`,
    parent: 5,
  });
  const main: DumpGoroutine = {
    id: 1,
    state: 'select (no cases)',
    frames: [park('runtime.block', 'runtime/select.go:105'), `main.main ${file}:16`],
  };
  return [main, loop, upload(100), upload(101)];
}

async function verdictOf(dir: string, loopFrames: string[]) {
  const r = await analyzeSnapshot(await snapshotOf(dump(dir, loopFrames)), {
    sourceReader: createFsSourceReader([dir]),
  });
  return r.groups.find((g) => g.group.ids.includes(100))!.verdict;
}

describe('the server of a serve loop started by a go statement', () => {
  it('reads `go http.Serve(ln, h)`: a zero http.Server, nothing bounds the body', async () => {
    const dir = module('', 'go http.Serve(ln, http.HandlerFunc(a.upload))');
    const v = await verdictOf(dir, [`net/http.Serve ${GO}/net/http/server.go:2900`]);
    assert.equal(v.kind, 'blocking-io-no-deadline');
    assert.match(v.reason ?? '', /http\.Serve serves a zero http\.Server, which has no ReadTimeout/);
  });

  it('reads `go srv.Serve(ln)` of a server built with a ReadTimeout: not this leak', async () => {
    const dir = module(
      'srv := &http.Server{Handler: http.HandlerFunc(a.upload), ReadTimeout: time.Minute}',
      'go srv.Serve(ln)',
    );
    const v = await verdictOf(dir, []);
    assert.notEqual(v.kind, 'blocking-io-no-deadline');
    assert.ok(v.evidence.some((e) => /sets ReadTimeout/.test(e)) || !v.suspect, v.evidence.join(' | '));
  });
});

describe('the server of an HTTP/2 handler (a grandchild of its accept loop)', () => {
  it('reads the loop that started the connection, not another server of the dump', async () => {
    // Two servers: `go http.Serve(ln, …)` (no ReadTimeout) and `go srv.Serve(ln2)` with one.
    const dir = module(
      'srv := &http.Server{Handler: http.HandlerFunc(a.upload), ReadTimeout: time.Minute}; ln2, _ := net.Listen("tcp", ":0"); go srv.Serve(ln2)',
      'go http.Serve(ln, http.HandlerFunc(a.upload))',
    );
    const file = path.join(dir, 'main.go');
    const [main, loop] = dump(dir, [`net/http.Serve ${GO}/net/http/server.go:2900`]);
    const other: DumpGoroutine = {
      ...loop!,
      id: 6,
      frames: loop!.frames.slice(0, 3),
      createdBy: `main.main ${file}:14`,
    };
    const conn: DumpGoroutine = {
      id: 50,
      state: 'select',
      frames: [
        park('runtime.selectgo', 'runtime/select.go:351'),
        `net/http.(*http2serverConn).serve ${GO}/net/http/h2_bundle.go:4812`,
        `net/http.(*conn).serve ${GO}/net/http/server.go:1930`,
      ],
      createdBy: `net/http.(*Server).Serve ${GO}/net/http/server.go:3360`,
      parent: 5,
    };
    const upload = (id: number): DumpGoroutine => ({
      id,
      state: 'sync.Cond.Wait',
      frames: [
        park('sync.runtime_notifyListWait', 'runtime/sema.go:597'),
        `sync.(*Cond).Wait ${GO}/sync/cond.go:71`,
        `net/http.(*http2pipe).Read ${GO}/net/http/h2_bundle.go:3774`,
        `net/http.(*http2requestBody).Read ${GO}/net/http/h2_bundle.go:6388`,
        `io.ReadAll ${GO}/io/io.go:712`,
        `main.(*api).upload ${file}:12`,
        `net/http.HandlerFunc.ServeHTTP ${GO}/net/http/server.go:2220`,
        `net/http.serverHandler.ServeHTTP ${GO}/net/http/server.go:3210`,
        `net/http.initALPNRequest.ServeHTTP ${GO}/net/http/server.go:3819`,
        `net/http.(*http2serverConn).runHandler ${GO}/net/http/h2_bundle.go:6249`,
      ],
      createdBy: `net/http.(*http2serverConn).scheduleHandler ${GO}/net/http/h2_bundle.go:6183`,
      parent: 50,
    });
    const r = await analyzeSnapshot(await snapshotOf([main!, loop!, other, conn, upload(100), upload(101)]), {
      sourceReader: createFsSourceReader([dir]),
    });
    const v = r.groups.find((g) => g.group.ids.includes(100))!.verdict;
    assert.equal(v.kind, 'blocking-io-no-deadline');
    assert.match(v.reason ?? '', /http\.Serve serves a zero http\.Server/);
  });
});
