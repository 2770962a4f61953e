// captureProfiles against real HTTP servers on loopback serving real shopd profiles, and the
// specific failure for each way an endpoint goes wrong.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { memorySinks } from '../../../src/core/capture/captureSink';
import { normalizeEndpoint } from '../../../src/core/capture/endpointUrl';
import { captureProfiles } from '../../../src/core/capture/fetchProfiles';
import { captureFailure, captureRequest } from '../../support/captureKit';
import { serve, serveFiles, type LoopbackServer } from '../../support/loopbackServer';

const corpus = path.join(__dirname, '..', '..', 'fixtures', 'shopd-t2');
const files: Record<string, Buffer> = {
  '/debug/pprof/goroutine?debug=2': readFileSync(`${corpus}/goroutine_debug2.txt`),
  '/debug/pprof/goroutine': readFileSync(`${corpus}/goroutine_debug0.pb.gz`),
  '/debug/pprof/goroutineleak?debug=1': readFileSync(`${corpus}/goroutineleak_debug1.txt`),
  '/debug/pprof/heap': readFileSync(`${corpus}/heap_debug0.pb.gz`),
};

const pprofLike = serveFiles(files);
const request = captureRequest;
const failure = captureFailure;

describe('captureProfiles', () => {
  let ok: LoopbackServer;
  before(async () => {
    ok = await serve(pprofLike);
  });
  after(() => ok.close());

  it('fetches debug=2, proto, goroutineleak and heap byte for byte', async () => {
    const sinks = memorySinks();
    const out = await captureProfiles(request(ok.base, { openSink: sinks.open }));
    assert.deepEqual(
      out.files.map((f) => f.name),
      ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'goroutineleak_debug1.txt', 'heap_debug0.pb.gz'],
    );
    assert.ok(Buffer.from(sinks.bytes('goroutine_debug2.txt')!).equals(files['/debug/pprof/goroutine?debug=2']));
    assert.ok(Buffer.from(sinks.bytes('heap_debug0.pb.gz')!).equals(files['/debug/pprof/heap']));
    assert.equal(out.files[0]!.size, files['/debug/pprof/goroutine?debug=2']!.length);
    assert.deepEqual(out.skipped, []);
    assert.deepEqual(out.warnings, []);
  });

  it('skips goroutineleak when the server answers 404 (Go before 1.26)', async () => {
    const old = await serve((req, res) =>
      req.url?.startsWith('/debug/pprof/goroutineleak')
        ? (res.writeHead(404), res.end('Unknown profile'))
        : pprofLike(req, res),
    );
    try {
      const out = await captureProfiles(request(old.base, { includeHeap: false }));
      assert.deepEqual(
        out.files.map((f) => f.name),
        ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz'],
      );
      assert.deepEqual(out.skipped, ['goroutineleak_debug1.txt']);
    } finally {
      await old.close();
    }
  });

  it('says nothing listens on a refused port, with the URL', async () => {
    const gone = await serve(pprofLike);
    await gone.close();
    const e = await failure(captureProfiles(request(gone.base)));
    assert.equal(e.failure, 'refused');
    assert.match(e.message, new RegExp(gone.base.replace(/[/.]/g, '\\$&')));
    assert.match(e.message, /connection refused/);
  });

  it('explains a 404 on the goroutine profile as a missing net/http/pprof', async () => {
    const none = await serve((_req, res) => {
      res.writeHead(404);
      res.end('404 page not found');
    });
    try {
      const e = await failure(captureProfiles(request(none.base)));
      assert.equal(e.failure, 'not-found');
      assert.match(e.message, /net\/http\/pprof/);
      assert.match(e.message, /goroutine\?debug=2/);
    } finally {
      await none.close();
    }
  });

  it('recognises an HTML page (a web app or login page) instead of a profile', async () => {
    const web = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
    });
    try {
      assert.equal((await failure(captureProfiles(request(web.base)))).failure, 'html');
    } finally {
      await web.close();
    }
  });

  it('asks for headers on 401 and sends the stored ones', async () => {
    const seen: (string | undefined)[] = [];
    const locked = await serve((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== 'Bearer s3cret') {
        res.writeHead(401);
        res.end();
        return;
      }
      pprofLike(req, res);
    });
    try {
      const e = await failure(captureProfiles(request(locked.base)));
      assert.equal(e.failure, 'unauthorized');
      assert.match(e.message, /Authorization/);
      const out = await captureProfiles(request(locked.base, { headers: { Authorization: 'Bearer s3cret' } }));
      assert.equal(out.files.length, 4);
      assert.ok(seen.includes('Bearer s3cret'));
    } finally {
      await locked.close();
    }
  });

  it('stops at the size limit', async () => {
    const e = await failure(captureProfiles(request(ok.base, { maxBytes: 10_000 })));
    assert.equal(e.failure, 'too-large');
  });

  it('times out when the server accepts and never answers', async () => {
    const stuck = await serve(() => undefined);
    try {
      const e = await failure(captureProfiles(request(stuck.base, { timeoutSeconds: 1 })));
      assert.equal(e.failure, 'timeout');
      assert.match(e.message, /did not answer within 1 s/);
    } finally {
      await stuck.close();
    }
  });

  it('reports cancellation as cancelled', async () => {
    const stuck = await serve(() => undefined);
    try {
      const abort = new AbortController();
      const p = captureProfiles(request(stuck.base, { signal: abort.signal }));
      setImmediate(() => abort.abort());
      assert.equal((await failure(p)).failure, 'cancelled');
    } finally {
      await stuck.close();
    }
  });

  it('names TLS failures when https:// meets a plain HTTP server', async () => {
    const e = await failure(captureProfiles(request(ok.base.replace('http://', 'https://'))));
    assert.equal(e.failure, 'tls');
    assert.match(e.message, /use http:\/\/ instead of https:\/\//);
  });
});

describe('normalizeEndpoint', () => {
  it('accepts what users type', () => {
    assert.equal(normalizeEndpoint('127.0.0.1:6060'), 'http://127.0.0.1:6060/debug/pprof');
    assert.equal(normalizeEndpoint('http://127.0.0.1:6060/'), 'http://127.0.0.1:6060/debug/pprof');
    assert.equal(normalizeEndpoint('http://h:1/debug/pprof/'), 'http://h:1/debug/pprof');
    assert.equal(normalizeEndpoint('http://h:1/debug/pprof/goroutine?debug=1'), 'http://h:1/debug/pprof');
    assert.equal(normalizeEndpoint('https://h/admin/pprof'), 'https://h/admin/pprof');
  });
  it('rejects what is not an http(s) URL', () => {
    assert.throws(() => normalizeEndpoint(''), /empty/);
    assert.throws(() => normalizeEndpoint('ftp://h/x'), /only http/);
    assert.throws(
      () => normalizeEndpoint('ftp://u:secret@h/x'),
      (e: Error) => !e.message.includes('secret'),
    );
  });
});
