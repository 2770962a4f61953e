// `goroutine-inspector analyze http://…`: the CLI captures a net/http/pprof endpoint the way the
// extension does (debug=2 + proto, goroutineleak optional) and analyzes it exactly like the same
// profiles read from files. The endpoint is a loopback server answering with real profiles of our
// own leakyapi fixture; a refused port is one line on stderr and exit 2.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'go1.23', 'leakyapi');
const debug2 = path.join(fixtures, 't1_goroutine_debug2.txt');
const proto = path.join(fixtures, 't1_goroutine_debug0.pb.gz');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), ...args], {
      cwd: repoRoot,
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('goroutine-inspector analyze <url>', () => {
  let server: Server;
  let base = '';
  const requested: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      if (req.url === '/debug/pprof/goroutine?debug=2') res.end(readFileSync(debug2));
      else if (req.url === '/debug/pprof/goroutine') res.end(readFileSync(proto));
      else {
        res.statusCode = 404;
        res.end('404 page not found\n');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('captures the endpoint and finds what the same files give', async () => {
    const fromUrl = await cli(['analyze', base, '--json']);
    assert.equal(fromUrl.code, 0, fromUrl.stderr);
    const fromFiles = await cli(['analyze', debug2, proto, '--json']);
    assert.equal(fromFiles.code, 0, fromFiles.stderr);
    const u = JSON.parse(fromUrl.stdout);
    const f = JSON.parse(fromFiles.stdout);
    assert.equal(u.goroutines, 105);
    assert.equal(u.goroutines, f.goroutines);
    assert.deepEqual(u.groups, f.groups);
    assert.ok(
      u.groups.some((g: { suspect: boolean }) => g.suspect),
      'the leaky fixture has suspects',
    );
    assert.ok(requested.includes('/debug/pprof/goroutine?debug=2'));
    assert.ok(
      requested.some((r) => r.startsWith('/debug/pprof/goroutineleak')),
      'the leak profile is asked for',
    );
  });

  it('accepts the /debug/pprof URL as well as the bare host and port', async () => {
    const r = await cli(['analyze', `${base}/debug/pprof/`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).goroutines, 105);
  });

  it('says in one line which URL refused the connection', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await cli(['analyze', `http://127.0.0.1:${port}`]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(lines[0]!, /refused/i);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
