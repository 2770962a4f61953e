// `goroutine-inspector analyze <url>` against servers that misbehave, on loopback inside the test:
// the capture flags (--timeout, --total-timeout, --max-bytes, --header, --header-file and the
// GOROUTINE_INSPECTOR_HEADERS environment variable), the messages that name them (never a VS Code
// setting), the peak memory of the near-limit attack, and what no message may repeat: credentials.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { sendBytes, serveFiles, together, trickle, withServer } from '../../support/loopbackServer';
import { repoRoot, runCli, type CliRun } from '../../support/runCli';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'go1.23', 'leakyapi');
const debug2 = readFileSync(path.join(fixtures, 't1_goroutine_debug2.txt'));
const proto = readFileSync(path.join(fixtures, 't1_goroutine_debug0.pb.gz'));

const pprof = serveFiles({ '/debug/pprof/goroutine?debug=2': debug2, '/debug/pprof/goroutine': proto });

/** Exit 2 with one line on stderr, nothing on stdout, no stack trace. */
function oneLineFailure(r: CliRun): string {
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.doesNotMatch(r.stderr, /goroutineInspector\.capture|VS Code|Set Endpoint Headers/);
  return lines[0]!;
}

const MiB = 1 << 20;

describe('goroutine-inspector analyze <url> against hostile servers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-capture-flags-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops a trickle at --timeout and names the flag', async () => {
    await withServer(
      (_req, res) => trickle(res, 200),
      async (s) => {
        const r = await runCli(['analyze', s.origin, '--timeout', '2'], { killAfterMs: 30_000 });
        const line = oneLineFailure(r);
        assert.match(line, /did not finish within 2 s, the deadline of each request/);
        assert.match(line, /raise it with --timeout SECONDS/);
        assert.ok(r.ms < 10_000, `ended after ${r.ms} ms`);
      },
    );
  });

  it('stops at --total-timeout and says it was the capture deadline', async () => {
    await withServer(
      (_req, res) => trickle(res, 200),
      async (s) => {
        const r = await runCli(['analyze', s.origin, '--timeout=30', '--total-timeout=2'], { killAfterMs: 30_000 });
        const line = oneLineFailure(r);
        assert.match(line, /ran out of its deadline of 2 s \(all profiles together\)/);
        assert.match(line, /--total-timeout SECONDS/);
        assert.ok(r.ms < 10_000, `ended after ${r.ms} ms`);
      },
    );
  });

  it('analyzes the dump that arrived when the proto hangs, with a warning naming what is missing', async () => {
    await withServer(
      (req, res) => (req.url === '/debug/pprof/goroutine' ? trickle(res, 200) : pprof(req, res)),
      async (s) => {
        const r = await runCli(['analyze', s.origin, '--timeout', '2', '--json'], { killAfterMs: 30_000 });
        assert.equal(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as { goroutines: number; warnings: string[] };
        assert.equal(doc.goroutines, 105);
        assert.ok(
          doc.warnings.some((w) => /^goroutine_debug0\.pb\.gz \(goroutine labels\) was not captured/.test(w)),
          doc.warnings.join('\n'),
        );
        assert.ok(r.ms < 15_000, `ended after ${r.ms} ms`);
      },
    );
  });

  it('near-limit bodies on every endpoint at once: stopped at --max-bytes, memory well under the limit', async () => {
    const limit = 128 * MiB;
    const baseline = await runCli(['analyze', path.join(fixtures, 't1_goroutine_debug2.txt')], { peakRss: true });
    assert.equal(baseline.code, 0, baseline.stderr);
    await withServer(
      // debug=2, proto and goroutineleak: the CLI does not fetch the heap.
      together(3, (_req, res) => sendBytes(res, limit - 1)),
      async (s) => {
        const r = await runCli(['analyze', s.origin, '--max-bytes', '128M'], { peakRss: true, killAfterMs: 60_000 });
        const line = oneLineFailure(r);
        assert.match(line, /passed its limit of 128 MiB \(all profiles together\)/);
        assert.match(line, /--max-bytes SIZE/);
        const over = r.peakRssBytes! - baseline.peakRssBytes!;
        // Bodies held in memory would cost the limit (three of them before: 3 × limit, doubled).
        assert.ok(
          over < 96 * MiB,
          `peak RSS ${(r.peakRssBytes! / MiB).toFixed(0)} MiB, ${(over / MiB).toFixed(0)} MiB over a small analysis`,
        );
        console.log(
          `near-limit attack, --max-bytes 128M: peak RSS ${(r.peakRssBytes! / MiB).toFixed(0)} MiB ` +
            `(baseline ${(baseline.peakRssBytes! / MiB).toFixed(0)} MiB), ${r.ms} ms`,
        );
      },
    );
  });

  it('sends headers from --header, --header-file and the environment, later ones winning', async () => {
    const seen: IncomingHttpHeaders[] = [];
    await withServer(
      (req, res) => {
        seen.push(req.headers);
        pprof(req, res);
      },
      async (s) => {
        const file = path.join(dir, 'headers.txt');
        writeFileSync(file, '# a token file\nX-Api-Key: from-file\nX-From-File: yes\n\n');
        const r = await runCli(
          ['analyze', s.origin, '--header-file', file, '--header', 'Authorization: Bearer from-flag', '--json'],
          { env: { GOROUTINE_INSPECTOR_HEADERS: 'X-Api-Key: from-env\nX-From-Env: yes' } },
        );
        assert.equal(r.code, 0, r.stderr);
        assert.ok(seen.length >= 2);
        for (const h of seen) {
          assert.equal(h['x-api-key'], 'from-file');
          assert.equal(h['x-from-file'], 'yes');
          assert.equal(h['x-from-env'], 'yes');
          assert.equal(h.authorization, 'Bearer from-flag');
        }
      },
    );
  });

  it('a 401 names --header; credentials in the URL are refused and never repeated', async () => {
    const seen: IncomingHttpHeaders[] = [];
    await withServer(
      (req, res) => {
        seen.push(req.headers);
        res.writeHead(401);
        res.end();
      },
      async (s) => {
        const denied = oneLineFailure(await runCli(['analyze', s.origin]));
        assert.match(denied, /answered 401 Unauthorized/);
        assert.match(denied, /--header 'Authorization: Bearer …', --header-file FILE, or GOROUTINE_INSPECTOR_HEADERS/);
        const count = seen.length;
        const r = await runCli(['analyze', s.origin.replace('http://', 'http://admin:hunter2@')]);
        const line = oneLineFailure(r);
        assert.ok(!line.includes('hunter2') && !line.includes('admin:'), line);
        assert.equal(line.split('http://***@127.0.0.1').length - 1, 1, `the URL once: ${line}`);
        assert.match(line, /--header/);
        assert.equal(seen.length, count, 'nothing was sent');
      },
    );
  });

  it('prints a server-made Location with a C1 control and credentials safely', async () => {
    await withServer(
      (_req, res) => {
        // Not a URL (an unclosed IPv6 bracket), so the message quotes it as sent; header values
        // may carry bytes 0x80–0xFF, U+009B (CSI) among them.
        res.writeHead(302, { location: 'http://u:hunter2@[\u009b2J' });
        res.end();
      },
      async (s) => {
        const line = oneLineFailure(await runCli(['analyze', s.origin]));
        assert.match(line, /redirected to "http:\/\/\*\*\*@\[\\x9b2J", which is not a URL/);
        assert.ok(!line.includes('hunter2'), line);
        assert.doesNotMatch(line, /[\x00-\x1f\x7f-\x9f]/);
      },
    );
  });

  it('says which schemes are supported, and explains a blocked port', async () => {
    const ftp = oneLineFailure(await runCli(['analyze', 'ftp://user:pw@example.com/dump.txt']));
    assert.match(ftp, /ftp:\/\/ is not supported; an input is a file, - for standard input/);
    assert.ok(!ftp.includes('user:pw'), ftp);
    const blocked = oneLineFailure(await runCli(['analyze', 'http://127.0.0.1:6000']));
    assert.match(blocked, /Port 6000 .* is refused by Node's fetch before connecting/);
  });

  it('refuses a --header without a name, without quoting the token', async () => {
    const line = oneLineFailure(await runCli(['analyze', 'http://127.0.0.1:1', '--header', 'sk-live-123']));
    assert.match(line, /--header: a header is written as Name: value/);
    assert.ok(!line.includes('sk-live-123'), line);
  });
});
