// Thousands of mutated real profiles (bit flips, truncations, splices, odd bytes, duplicated
// ranges; seeded, so a failure reproduces) → only an InputError or a valid Profile, never another
// exception, and never a hang: a watchdog stops the worker if one case runs past its bound. The
// bound is a hang guard (a generous multiple of the ~1 ms a case takes), not a speed assertion.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { corpusProtos } from './goPprof';
import type { FuzzJob, FuzzMessage } from './fuzzWorker';

const CASE_BOUND_MS = 10_000;
const goldenDir = path.resolve(__dirname, '..', '..', 'golden');

function committedProtos(): string[] {
  return ['top', 'profile'].flatMap((d) =>
    readdirSync(path.join(goldenDir, d))
      .filter((f) => f.endsWith('.pb.gz'))
      .map((f) => path.join(goldenDir, d, f)),
  );
}

function fuzz(job: FuzzJob): Promise<{ bad: FuzzMessage[]; done: FuzzMessage | null; hung: string | null }> {
  return new Promise((resolve, reject) => {
    // The worker is TypeScript too: Node 20 workers do not inherit tsx's loader hooks, so the
    // worker registers tsx's require hook itself before loading the fuzz loop.
    const bootstrap =
      `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();` +
      `require(${JSON.stringify(path.join(__dirname, 'fuzzWorker.ts'))});`;
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    const bad: FuzzMessage[] = [];
    let current = 'before the first case';
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve({ bad, done: null, hung: current });
      }, CASE_BOUND_MS);
    };
    arm();
    worker.on('message', (m: FuzzMessage) => {
      if (m.kind === 'start') {
        current = `case ${m.i} (${m.what})`;
        arm();
      } else if (m.kind === 'bad') bad.push(m);
      else {
        if (timer) clearTimeout(timer);
        void worker.terminate();
        resolve({ bad, done: m, hung: null });
      }
    });
    worker.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
  });
}

describe('fuzz: mutated real profiles', () => {
  const files = [...committedProtos(), ...corpusProtos().filter((f) => f.includes(`${path.sep}shopd${path.sep}`))];
  for (const seed of [1, 2]) {
    it(`seed ${seed}: 2000 cases end in InputError or a valid Profile`, async () => {
      const result = await fuzz({ seed, cases: 2000, files });
      assert.equal(result.hung, null, `watchdog: ${result.hung} did not finish within ${CASE_BOUND_MS} ms`);
      assert.deepEqual(result.bad.slice(0, 3), [], `${result.bad.length} cases threw something other than InputError`);
      const done = result.done as Extract<FuzzMessage, { kind: 'done' }>;
      assert.equal(done.inputErrors + done.valid, 2000);
      // Both outcomes occur: the mutations are neither all harmless nor all fatal.
      assert.ok(done.inputErrors > 100 && done.valid > 20, JSON.stringify(done));
    });
  }
});
