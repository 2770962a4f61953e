// The story end to end: a Node.js front end (demo/client/impatientClient.ts: fetch with
// AbortSignal.timeout, its deadline sent as X-Request-Deadline) calls the demo service.
//   - As shipped, every request the client aborted leaves goroutines behind.
//   - With the quick fixes applied (computed from that capture) and the -deadline-header
//     middleware on, the same requests leave none: the analysis finds no suspect.
//   - The middleware's own part: a client that keeps its connection open but announces a deadline
//     gets its answer at that deadline with the middleware, and none without it.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../src/core/analysis/verdict';
import { loadSnapshot } from '../../src/core/input/loadSnapshot';
import { createFsSourceReader } from '../../src/node/fsSourceReader';
import { zlibInflater } from '../../src/node/zlibInflater';
import { DEADLINE_HEADER, LEAKY_PATHS, runClient } from '../../demo/client/impatientClient';
import { startGoService, type GoService } from '../e2e/harness/goService';
import { repoRoot } from '../e2e/harness/repoPaths';
import { applyFixes } from './fixProof/applyFixes';
import { demo } from './fixProof/programs';

const GO = '/usr/bin/go';
Object.assign(process.env, { GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' });
const HANDLERS = ['quote', 'exportOrders.func1', 'stockLevel', 'shippingRates', 'updateCart'].map(
  (f) => `main.(*store).${f}`,
);

async function capture(url: string, dir: string): Promise<AnalysisResult> {
  const bytes = new Uint8Array(await (await fetch(`${url}/debug/pprof/goroutine?debug=2`)).arrayBuffer());
  const snapshot = await loadSnapshot(
    [
      {
        name: 'debug=2',
        chunks: (async function* () {
          yield bytes;
        })(),
      },
    ],
    { inflater: zlibInflater },
  );
  return analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([dir]) });
}

function holding(r: AnalysisResult, fn: string): number {
  return r.groups
    .filter((g) => g.group.stack.frames.some((f) => f.function === fn))
    .reduce((n, g) => n + g.group.count, 0);
}

/** A GET that never aborts (its connection stays open) announcing a deadline `ms` from now; resolves with when it was answered, or null. */
function waitWithDeadline(url: string, ms: number, giveUpMs: number): Promise<number | null> {
  const start = Date.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { [DEADLINE_HEADER]: String(start + ms) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(Date.now() - start));
    });
    req.on('error', () => resolve(null));
    setTimeout(() => {
      req.destroy();
      resolve(null);
    }, giveUpMs);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a Node client with deadlines against the demo service', { skip: existsSync(GO) ? false : `no ${GO}` }, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'gi-node-client-'));
  const shipped = path.join(work, 'shipped-demo');
  const fixed = path.join(work, 'fixed-demo');
  const running: GoService[] = [];
  const start = async (dir: string, args: string[]) => {
    const s = await startGoService(dir, ['-load=false', ...args], { go: GO });
    running.push(s);
    return s;
  };
  let shippedCapture: AnalysisResult;

  before(() => {
    cpSync(path.join(repoRoot, 'demo', 'service'), shipped, { recursive: true });
    cpSync(path.join(repoRoot, 'demo', 'service'), fixed, { recursive: true });
  });
  after(async () => {
    for (const s of running) await s.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('as shipped, the requests the client aborted leave goroutines behind', { timeout: 120_000 }, async () => {
    const svc = await start(shipped, []);
    const outcomes = await runClient({ base: svc.url, timeoutMs: 300, rounds: 3, paths: LEAKY_PATHS });
    await sleep(1000);
    shippedCapture = await capture(svc.url, shipped);
    for (const fn of HANDLERS) assert.ok(holding(shippedCapture, fn) >= 3, `${fn}: ${holding(shippedCapture, fn)}`);
    assert.ok(shippedCapture.suspectCount >= HANDLERS.length);
    assert.ok(
      [...outcomes.values()].every((c) => c.answered + c.aborted === 3),
      JSON.stringify([...outcomes]),
    );
  });

  it('with the quick fixes and the deadline middleware, they leave none', { timeout: 120_000 }, async () => {
    const applied = await applyFixes(demo, shippedCapture, fixed);
    assert.equal(
      new Set(applied.map((a) => a.target)).size,
      HANDLERS.length,
      applied.map((a) => a.fix.title).join('; '),
    );
    const svc = await start(fixed, ['-deadline-header']);
    await runClient({ base: svc.url, timeoutMs: 300, rounds: 3, paths: LEAKY_PATHS });
    await sleep(1000);
    const r = await capture(svc.url, fixed);
    for (const fn of HANDLERS) assert.equal(holding(r, fn), 0, fn);
    assert.deepEqual(
      r.groups.filter((g) => g.verdict.suspect).map((g) => g.verdict.reason),
      [],
    );
  });

  it(
    'the middleware ends a request at the deadline its client announced, connection open or not',
    { timeout: 120_000 },
    async () => {
      const withMiddleware = await start(fixed, ['-deadline-header']);
      const without = await start(fixed, []);
      const [answeredIn, noAnswer] = await Promise.all([
        waitWithDeadline(`${withMiddleware.url}/api/quote?item=1`, 300, 3000),
        waitWithDeadline(`${without.url}/api/quote?item=1`, 300, 3000),
      ]);
      assert.ok(answeredIn !== null && answeredIn >= 250 && answeredIn < 2000, `answered after ${answeredIn} ms`);
      assert.equal(noAnswer, null, 'without the middleware nothing ends the request while the client waits');
    },
  );
});
