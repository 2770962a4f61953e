// captureProfiles against servers that misbehave, on loopback inside the test: each case asserts
// its message and that it ends (generous bounds: these are not timing tests, only "it stops").
// Peak memory of the same attacks is measured on the CLI in test/unit/cli/captureFlags.test.ts.
// Every case runs twice: with Node's fetch (the CLI) and with plainHttpFetch, the node:http fetch
// the extension host uses for http:// (src/node/plainHttpFetch.ts): the same messages either way.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { memorySinks, type CaptureSink } from '../../../src/core/capture/captureSink';
import { normalizeEndpoint } from '../../../src/core/capture/endpointUrl';
import { captureProfiles, type CaptureRequest } from '../../../src/core/capture/fetchProfiles';
import { plainHttpFetch } from '../../../src/node/plainHttpFetch';
import { captureFailure, captureRequest } from '../../support/captureKit';
import { sendBytes, serveFiles, together, trickle, withServer } from '../../support/loopbackServer';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'go1.23', 'leakyapi');
const debug2 = readFileSync(path.join(fixtures, 't1_goroutine_debug2.txt'));
const proto = readFileSync(path.join(fixtures, 't1_goroutine_debug0.pb.gz'));

/** The real leakyapi profiles; goroutineleak and heap are 404 (Go 1.23, no heap wanted). */
const pprof = serveFiles({ '/debug/pprof/goroutine?debug=2': debug2, '/debug/pprof/goroutine': proto });
const fetches: [string, typeof fetch | undefined][] = [
  ["Node's fetch", undefined],
  ['plainHttpFetch (the extension host, http://)', plainHttpFetch],
];
const failure = captureFailure;

/** Milliseconds `p` took, and its outcome. */
async function timed<T>(p: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = Date.now();
  const value = await p();
  return { ms: Date.now() - t0, value };
}

for (const [fetchName, fetchImpl] of fetches)
  describe(`captureProfiles against hostile servers, ${fetchName}`, () => {
    const request = (base: string, extra: Partial<CaptureRequest> = {}) =>
      captureRequest(base, { includeHeap: false, ...(fetchImpl ? { fetchImpl } : {}), ...extra });
    it('stops a server that trickles a byte every 200 ms at the deadline of each request', async () => {
      await withServer(
        (_req, res) => trickle(res, 200),
        async (s) => {
          const { ms, value: e } = await timed(() =>
            failure(captureProfiles(request(s.base, { timeoutSeconds: 1, totalTimeoutSeconds: 30 }))),
          );
          assert.equal(e.failure, 'timeout');
          assert.match(
            e.message,
            /sent \d+ bytes of its body and did not finish within 1 s, the deadline of each request/,
          );
          assert.match(e.message, /raise the timeout of each request/);
          assert.ok(ms < 10_000, `took ${ms} ms`);
        },
      );
    });

    it('stops the whole capture at its own deadline, and says that one ran out', async () => {
      await withServer(
        (_req, res) => trickle(res, 200),
        async (s) => {
          const { ms, value: e } = await timed(() =>
            failure(captureProfiles(request(s.base, { timeoutSeconds: 30, totalTimeoutSeconds: 1 }))),
          );
          assert.equal(e.failure, 'timeout');
          assert.match(e.message, /ran out of its deadline of 1 s \(all profiles together\)/);
          assert.ok(ms < 10_000, `took ${ms} ms`);
        },
      );
    });

    it('keeps the dump that arrived when the proto hangs, and names what is missing', async () => {
      await withServer(
        (req, res) => (req.url === '/debug/pprof/goroutine' ? trickle(res, 200) : pprof(req, res)),
        async (s) => {
          const sinks = memorySinks();
          const { ms, value: out } = await timed(() =>
            captureProfiles(request(s.base, { timeoutSeconds: 1, openSink: sinks.open })),
          );
          assert.deepEqual(
            out.files.map((f) => f.name),
            ['goroutine_debug2.txt'],
          );
          assert.ok(Buffer.from(sinks.bytes('goroutine_debug2.txt')!).equals(debug2));
          assert.equal(sinks.bytes('goroutine_debug0.pb.gz'), undefined, 'the cut-off proto is not kept');
          assert.equal(out.warnings.length, 1, out.warnings.join('\n'));
          assert.match(out.warnings[0]!, /^goroutine_debug0\.pb\.gz \(goroutine labels\) was not captured/);
          assert.match(out.warnings[0]!, /deadline of each request/);
          assert.deepEqual(out.skipped, ['goroutineleak_debug1.txt']);
          assert.ok(ms < 10_000, `took ${ms} ms`);
        },
      );
    });

    it('bounds all endpoints together: near-limit bodies on every endpoint at once are stopped', async () => {
      const maxBytes = 4 << 20;
      let progressMax = 0;
      const discarded: string[] = [];
      const sinks = memorySinks();
      const openSink = async (name: string): Promise<CaptureSink> => {
        const sink = await sinks.open(name);
        return { ...sink, discard: async () => (discarded.push(name), sink.discard()) };
      };
      await withServer(
        together(4, (_req, res) => sendBytes(res, maxBytes - 1)),
        async (s) => {
          const e = await failure(
            captureProfiles(
              request(s.base, {
                maxBytes,
                includeHeap: true,
                openSink,
                onProgress: (n) => (progressMax = Math.max(progressMax, n)),
              }),
            ),
          );
          assert.equal(e.failure, 'too-large');
          assert.match(e.message, /passed its limit of 4 MiB \(all profiles together\)/);
          assert.ok(progressMax <= maxBytes, `${progressMax} bytes accepted`);
          assert.ok(discarded.length >= 2, `discarded ${discarded.join(', ')}`);
          for (const name of discarded) assert.equal(sinks.bytes(name), undefined);
        },
      );
    });

    it('refuses a body whose Content-Length is past the budget before reading it, keeping what fits', async () => {
      await withServer(
        (req, res) => (req.url === '/debug/pprof/goroutine' ? sendBytes(res, 5 << 20, 0x61, true) : pprof(req, res)),
        async (s) => {
          const out = await captureProfiles(request(s.base, { maxBytes: 4 << 20 }));
          assert.deepEqual(
            out.files.map((f) => f.name),
            ['goroutine_debug2.txt'],
          );
          assert.equal(out.warnings.length, 1);
          assert.match(out.warnings[0]!, /^goroutine_debug0\.pb\.gz \(goroutine labels\) was not captured/);
          assert.match(out.warnings[0]!, /passed its limit of 4 MiB/);
        },
      );
      await withServer(
        (_req, res) => sendBytes(res, 5 << 20, 0x61, true),
        async (s) => {
          const e = await failure(captureProfiles(request(s.base, { maxBytes: 4 << 20 })));
          assert.equal(e.failure, 'too-large');
        },
      );
    });

    it('accepts bodies that fit the budget together', async () => {
      await withServer(
        (req, res) => (req.url?.includes('leak') ? pprof(req, res) : sendBytes(res, 1 << 20)),
        async (s) => {
          const out = await captureProfiles(request(s.base, { maxBytes: 4 << 20, includeHeap: true }));
          assert.deepEqual(
            out.files.map((f) => [f.name, f.size]),
            [
              ['goroutine_debug2.txt', 1 << 20],
              ['goroutine_debug0.pb.gz', 1 << 20],
              ['heap_debug0.pb.gz', 1 << 20],
            ],
          );
        },
      );
    });

    it('never sends the configured headers to another origin a redirect names, and says so', async () => {
      const seenByOther: IncomingHttpHeaders[] = [];
      await withServer(
        (req, res) => {
          seenByOther.push(req.headers);
          pprof(req, res);
        },
        async (other) => {
          const seenByEndpoint: IncomingHttpHeaders[] = [];
          await withServer(
            (req, res) => {
              seenByEndpoint.push(req.headers);
              res.writeHead(302, { location: `${other.origin}${req.url}` });
              res.end();
            },
            async (s) => {
              const out = await captureProfiles(
                request(s.base, { headers: { 'X-Api-Key': 'k-123', Authorization: 'Bearer t-456' } }),
              );
              assert.deepEqual(
                out.files.map((f) => f.name),
                ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz'],
              );
              assert.ok(seenByEndpoint.every((h) => h['x-api-key'] === 'k-123'));
              assert.ok(seenByOther.length >= 2);
              for (const h of seenByOther) {
                assert.equal(h['x-api-key'], undefined, 'the API key went to the other origin');
                assert.equal(h.authorization, undefined);
              }
              assert.ok(out.warnings.length >= 1);
              for (const w of out.warnings) {
                assert.match(w, new RegExp(`redirected to ${other.origin.replace(/[.]/g, '\\.')}, another origin`));
                assert.match(w, /without the configured headers \(X-Api-Key, Authorization\)/);
                assert.ok(!w.includes('k-123') && !w.includes('t-456'), w);
              }
            },
          );
        },
      );
    });

    it('follows a redirect within the origin with the headers', async () => {
      const keys: (string | string[] | undefined)[] = [];
      await withServer(
        (req, res) => {
          keys.push(req.headers['x-api-key']);
          if (req.url?.startsWith('/debug/pprof/')) {
            res.writeHead(307, { location: req.url.replace('/debug/pprof/', '/admin/pprof/') });
            res.end();
          } else pprof({ ...req, url: req.url?.replace('/admin/pprof/', '/debug/pprof/') } as typeof req, res);
        },
        async (s) => {
          const out = await captureProfiles(request(s.base, { headers: { 'X-Api-Key': 'k-123' } }));
          assert.equal(out.files.length, 2);
          assert.deepEqual(out.warnings, []);
          assert.ok(keys.length >= 4 && keys.every((k) => k === 'k-123'));
        },
      );
    });

    it('stops a redirect loop and a redirect to a URL with credentials, without repeating them', async () => {
      await withServer(
        (req, res) => {
          res.writeHead(302, { location: req.url!.includes('debug=2') ? req.url! : 'http://u:hunter2@127.0.0.1:1/x' });
          res.end();
        },
        async (s) => {
          const e = await failure(captureProfiles(request(s.base)));
          assert.equal(e.failure, 'redirect');
          assert.match(e.message, /redirected more than 5 times/);
          assert.ok(!JSON.stringify(e).includes('hunter2') && !e.message.includes('hunter2'));
        },
      );
    });

    it('refuses credentials in the URL without repeating them, and sends none', async () => {
      const seen: IncomingHttpHeaders[] = [];
      await withServer(
        (req, res) => {
          seen.push(req.headers);
          res.writeHead(401);
          res.end();
        },
        async (s) => {
          const withCredentials = s.base.replace('http://', 'http://admin:hunter2@');
          assert.throws(
            () => normalizeEndpoint(withCredentials),
            (e: Error) =>
              !e.message.includes('hunter2') &&
              !e.message.includes('admin') &&
              e.message.includes('http://***@127.0.0.1') &&
              /Authorization: Basic/.test(e.message),
          );
          // Handed to the capture anyway: fetch refuses it, and the message does not repeat it.
          const e = await failure(captureProfiles(request(withCredentials)));
          assert.ok(!e.message.includes('hunter2') && !e.url.includes('hunter2'), e.message);
          assert.equal(seen.length, 0);
          // Without credentials: a 401 that says how to send them.
          const denied = await failure(captureProfiles(request(s.base)));
          assert.equal(denied.failure, 'unauthorized');
          assert.match(denied.message, /answered 401 Unauthorized\. Send credentials as a request header/);
        },
      );
    });

    // node:http has no list of blocked ports: only fetch refuses them.
    it(
      'explains a port that fetch blocks instead of saying "bad port"',
      { skip: fetchImpl !== undefined },
      async () => {
        const e = await failure(captureProfiles(request('http://127.0.0.1:6000/debug/pprof')));
        assert.equal(e.failure, 'blocked-port');
        assert.match(e.message, /Port 6000 .* is refused by Node's fetch before connecting/);
        assert.match(e.message, /X11 6000–6063/);
      },
    );

    it('refuses a header value with a line break, naming the header and not the value', async () => {
      const e = await failure(
        captureProfiles(request('http://127.0.0.1:1/debug/pprof', { headers: { 'X-Api-Key': 'k\r\nX-Evil: 1' } })),
      );
      assert.equal(e.failure, 'bad-header');
      assert.match(e.message, /X-Api-Key/);
      assert.ok(!e.message.includes('Evil'), e.message);
    });
  });
