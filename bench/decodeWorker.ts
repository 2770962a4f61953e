// The extension's decode worker (dist/decodeWorker.js) driven from a plain Node script, as the
// extension host drives it: post a job, wait for its outcome. Measures, per run, the wall time
// from posting to the outcome being in the main thread (decode + analysis in the worker, the
// result's copy back), the worker's own steps, and how long the main thread was ever kept from
// running a 5 ms timer (the largest gap between ticks: "does it block the extension host?").
// Prints figures; asserts nothing.
//
//   npx tsx bench/decodeWorker.ts [--runs N] [FILE]
//
// FILE defaults to the shared corpus's 100k-goroutine dump (scale/go1.23, gzipped, 6.1 MB;
// 118 MB of text). Two ways: a fresh worker per job (cold: its code loads and compiles first),
// and one worker for every job after a first one, as the extension keeps it (warm).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DecodeJob, WorkerReply, WorkerRequest } from '../src/node/decodeWorker';

const repoRoot = path.resolve(__dirname, '..');
const defaultInput = path.resolve(
  repoRoot,
  '..',
  'shared',
  'corpus',
  'scale',
  'go1.23',
  'n100000_goroutine_debug2.txt.gz',
);

interface Figures {
  readonly wall: number;
  readonly inWorker: number;
  readonly decode: number;
  readonly analyse: number;
  readonly copyBack: number;
  /** From creating the worker to its first step (script loaded). */
  readonly startup: number;
  readonly maxGap: number;
  readonly goroutines: number;
  readonly groups: number;
}

let nextId = 1;

function runOnce(worker: Worker, file: string, fresh: boolean): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const job: DecodeJob = { inputs: [{ name: file, path: file }], maxDecompressedBytes: 2 ** 31, sourceRoots: [] };
    // The probe: a 5 ms timer whose lateness is the main thread's blocked time.
    let last = performance.now();
    let maxGap = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last - 5);
      last = now;
    }, 5);
    const id = nextId++;
    const posted = performance.timeOrigin + performance.now();
    const onMessage = (m: WorkerReply) => {
      if (m.id !== id || m.type === 'progress') return;
      const received = performance.timeOrigin + performance.now();
      clearInterval(probe);
      worker.off('message', onMessage);
      if (fresh) void worker.terminate();
      if (m.type === 'error') return reject(new Error(m.message));
      const o = m.outcome;
      if (o.kind !== 'goroutines') return reject(new Error('not a goroutine input'));
      const t = o.timings;
      resolve({
        wall: received - posted,
        inWorker: t.mapped - t.started,
        decode: t.decoded - t.started,
        analyse: t.analysed - t.decoded,
        copyBack: received - t.mapped,
        startup: t.started - posted,
        maxGap,
        goroutines: o.result.snapshot.goroutineCount,
        groups: o.result.groups.length,
      });
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.postMessage({ id, job } satisfies WorkerRequest);
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? defaultInput;
  if (!existsSync(file)) {
    console.log(`decode worker bench: ${file} not found; nothing to measure`);
    return;
  }
  execFileSync('node', ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  const script = path.join(repoRoot, 'dist', 'decodeWorker.js');
  console.log(
    `decode worker bench: ${path.relative(repoRoot, file)}, ${runs} runs each way; load average ${loadavg()[0]!.toFixed(2)} (2 cores)`,
  );
  const cold: Figures[] = [];
  for (let i = 0; i < runs; i++) cold.push(await runOnce(new Worker(script), file, true));
  const kept = new Worker(script);
  await runOnce(kept, file, false);
  const warm: Figures[] = [];
  for (let i = 0; i < runs; i++) warm.push(await runOnce(kept, file, false));
  await kept.terminate();
  console.log(`  ${cold[0]!.goroutines} goroutines in ${cold[0]!.groups} groups`);
  report('cold (a fresh worker per job)', cold);
  report('warm (the worker kept, as the extension keeps it)', warm);
}

function report(title: string, all: readonly Figures[]): void {
  const med = (k: keyof Figures) => [...all.map((f) => f[k])].sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
  const min = (k: keyof Figures) => Math.min(...all.map((f) => f[k]));
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`  ${title}:`);
  console.log(
    `    post → outcome in the main thread: median ${ms(med('wall'))}, min ${ms(min('wall'))} (target 300 ms)`,
  );
  console.log(
    `    in the worker: median ${ms(med('inWorker'))} (read + decompress + parse + group ${ms(med('decode'))}, analysis ${ms(med('analyse'))}); until the worker's first step ${ms(med('startup'))}, result copied back ${ms(med('copyBack'))}`,
  );
  console.log(
    `    main thread blocked at most: median ${ms(med('maxGap'))}, worst ${ms(Math.max(...all.map((f) => f.maxGap)))}`,
  );
}

void main();
