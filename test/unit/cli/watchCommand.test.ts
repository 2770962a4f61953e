// `goroutine-inspector watch` and `analyze --history` on our own leakyapi captures. The watched
// endpoint is a loopback server that answers each tick's dump with the next moment of a real run
// (t0, t1, t2: the leaks rise), then stops answering: the watch prints one line per tick, a gap with
// the reason, and at the end the verdicts with growth; --fail-on-growth exits 1.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDuration, parseWatchArgs } from '../../../src/cli/watchCommand';
import { serve, type LoopbackServer } from '../../support/loopbackServer';
import { repoRoot, runCli } from '../../support/runCli';

const dir = path.join(repoRoot, 'test', 'fixtures', 'go1.27', 'leakyapi');
const moments = ['t0', 't1', 't2'].map((m) => readFileSync(path.join(dir, `${m}_goroutine_debug2.txt`)));
// t0 was captured as a dump only: its tick gets a 503 for the proto, and goes on without labels.
const protos = [null, ...['t1', 't2'].map((m) => readFileSync(path.join(dir, `${m}_goroutine_debug0.pb.gz`)))];

describe('goroutine-inspector watch', () => {
  let server: LoopbackServer;
  const served: string[] = [];
  before(async () => {
    let next = 0;
    let nextProto = 0; // every tick asks for one dump and one proto: the nth of each is moment n
    server = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/debug/pprof/goroutine' && !url.searchParams.has('debug')) {
        const n = nextProto++;
        if (n >= moments.length) {
          req.socket.destroy();
          return;
        }
        const body = protos[n];
        res.writeHead(body ? 200 : 503, { 'Content-Type': body ? 'application/octet-stream' : 'text/plain' });
        res.end(body ?? 'unavailable\n');
        return;
      }
      if (url.pathname === '/debug/pprof/goroutine' && url.searchParams.get('debug') === '2') {
        if (next >= moments.length) {
          served.push('refused');
          req.socket.destroy(); // the service went away
          return;
        }
        served.push(`t${next}`);
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(moments[next++]);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found\n');
    });
  });
  after(async () => server.close());

  it('prints a line per tick, the gaps with their reason, then the verdicts; exits 1 on growth', async () => {
    const run = await runCli(
      ['watch', server.origin, '--every', '300ms', '--for', '8s', '--full-every', '1', '--fail-on-growth'],
      { killAfterMs: 60_000 },
    );
    assert.equal(run.code, 1, run.stderr + run.stdout);
    const lines = run.stdout.split('\n');
    const ticks = lines.filter((l) => /^\+\d+:\d\d {2}full {3}/.test(l));
    assert.equal(ticks.length, 3, run.stdout);
    assert.match(ticks[0]!, / 38 goroutines /);
    assert.match(ticks[2]!, / 132 goroutines /);
    const gaps = lines.filter((l) => /^\+\d+:\d\d {2}gap {5}/.test(l));
    assert.ok(gaps.length >= 1, run.stdout);
    assert.match(gaps[0]!, /127\.0\.0\.1/);
    assert.match(
      run.stdout,
      /watched http:\/\/127\.0\.0\.1:\d+\/debug\/pprof: \d+ tick\(s\), \d+ suspect group\(s\) growing/,
    );
    assert.match(run.stdout, /^132 goroutines in \d+ groups/m);
    assert.match(run.stdout, /× growth: .* their number only grows: \+\d+ goroutines in \d+ s \(0 → \d+ → \d+\)/);
    assert.deepEqual(served.slice(0, 4), ['t0', 't1', 't2', 'refused']);
  });

  it('parses its flags and refuses what it cannot use', () => {
    assert.equal(parseDuration('--every', '30s'), 30);
    assert.equal(parseDuration('--for', '10m'), 600);
    assert.equal(parseDuration('--for', '1h'), 3600);
    assert.equal(parseDuration('--every', '250ms'), 0.25);
    assert.throws(() => parseDuration('--every', 'soon'), /--every takes a duration like 30s/);
    const a = parseWatchArgs(['http://127.0.0.1:6060', '--every=5s', '--json']);
    assert.deepEqual(
      [a.url, a.everySeconds, a.forSeconds, a.fullEvery, a.json],
      ['http://127.0.0.1:6060', 5, null, 4, true],
    );
    assert.throws(() => parseWatchArgs(['dump.txt']), /needs an http:\/\/ or https:\/\/ pprof endpoint/);
    assert.throws(() => parseWatchArgs(['http://a', '--full-every', '0']), /--full-every takes a whole number/);
  });
});

describe('goroutine-inspector analyze --history', () => {
  it('gives the growth of earlier moments, oldest first', async () => {
    const f = (m: string) => path.join(dir, `${m}_goroutine_debug2.txt`);
    const run = await runCli(['analyze', f('t2'), '--history', f('t0'), '--history', f('t1'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as {
      groups: { kind: string | null; reason: string | null }[];
      warnings: string[];
    };
    const growth = json.groups.filter((g) => g.kind === 'growth');
    assert.ok(growth.length > 0);
    for (const g of growth)
      assert.match(g.reason ?? '', /their number only grows: \+\d+ goroutines (over 3 captures|in \d+)/);
    const plain = await runCli(['analyze', f('t2')]);
    assert.doesNotMatch(plain.stdout, / growth /);
  });

  it('refuses standard input as history', async () => {
    const run = await runCli(['analyze', 'x.txt', '--history', '-']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--history takes files or URLs, not standard input/);
  });
});
