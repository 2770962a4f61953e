// Thousands of mutated real profiles (bit flips, truncations, splices, odd bytes, duplicated
// ranges; seeded, so a failure reproduces) → only an InputError or a valid Profile, never another
// exception, and never a hang: a watchdog stops the worker if one case runs past its bound. The
// bound is a hang guard (a generous multiple of the ~1 ms a case takes), not a speed assertion.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { corpusProtos, sharedRoot } from './goPprof';
import type { FuzzJob, FuzzMessage } from './fuzzWorker';

const CASE_BOUND_MS = 10_000;
const goldenDir = path.resolve(__dirname, '..', '..', 'golden');

const fixturesDir = path.resolve(__dirname, '..', '..', 'fixtures');

/** Every protobuf committed with the repository: the goldens' inputs and our own leakyapi captures. */
function committedProtos(): string[] {
  const golden = ['top', 'profile'].flatMap((d) =>
    readdirSync(path.join(goldenDir, d))
      .filter((f) => f.endsWith('.pb.gz'))
      .map((f) => path.join(goldenDir, d, f)),
  );
  const own = ['go1.19', 'go1.23', 'go1.27'].flatMap((v) =>
    readdirSync(path.join(fixturesDir, v, 'leakyapi'))
      .filter((f) => f.endsWith('.pb.gz'))
      .map((f) => path.join(fixturesDir, v, 'leakyapi', f)),
  );
  return [...golden, ...own];
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

function expectFuzzed(result: Awaited<ReturnType<typeof fuzz>>, cases: number): void {
  assert.equal(result.hung, null, `watchdog: ${result.hung} did not finish within ${CASE_BOUND_MS} ms`);
  assert.deepEqual(result.bad.slice(0, 3), [], `${result.bad.length} cases threw something other than InputError`);
  const done = result.done as Extract<FuzzMessage, { kind: 'done' }>;
  assert.equal(done.inputErrors + done.valid, cases);
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  assert.ok(done.inputErrors > cases / 20 && done.valid > cases / 100, JSON.stringify(done));
}

describe('fuzz: mutated real profiles', () => {
  // The same files in every clone, so a seed reproduces anywhere.
  const files = committedProtos();
  it('fuzzes heap, allocs, goroutine and goroutineleak protobufs of three Go versions', () => {
    for (const kind of ['heap', 'allocs', 'goroutine', 'goroutineleak']) {
      assert.ok(
        files.some((f) => path.basename(f).includes(`_${kind}`)),
        kind,
      );
    }
    for (const v of ['go1.19', 'go1.23', 'go1.27'])
      assert.ok(
        files.some((f) => f.includes(v)),
        v,
      );
  });
  for (const seed of [1, 2]) {
    it(`seed ${seed}: 2000 cases end in InputError or a valid Profile`, async () => {
      expectFuzzed(await fuzz({ seed, cases: 2000, files }), 2000);
    });
  }
  const corpus = corpusProtos().filter((f) => f.includes(`${path.sep}shopd${path.sep}`));
  it(
    `seed 3: 1000 cases of the shared shopd corpus's protobufs`,
    { skip: corpus.length > 0 ? false : `${sharedRoot} not found` },
    async () => {
      expectFuzzed(await fuzz({ seed: 3, cases: 1000, files: corpus }), 1000);
    },
  );
});
