// The whole path of a large capture in the real VS Code (code-server's extension host, through
// test/integration's harness): bytes on disk → decode worker (decode, analysis reading the Go
// source of a source root, heap, frame files) → outcome copied to the extension host → session
// set → the Goroutines view's items with VS Code → editor decorations drawn. Each step's time
// comes from the marks the extension records (src/host/model/pathMarks.ts), read by
// test/integration/benchSuite/treePath.bench.ts. Prints the median of each step and its share of
// the time to the tree (targets: 1 s for 100k goroutines, 5 s for 1M), and the worst event-loop
// gap of the extension host meanwhile. Asserts nothing: speed is not a test.
//
//   npx tsx bench/treePath.ts [--runs N] [--only 100k|1m]
//
// The dumps are made once into bench/output/ by bench/dumpgen (a Go program, standard library
// only, built with Go 1.27 and -trimpath): it parks 100,000 goroutines in its own code (leaked
// handlers under a real http.ServeMux, workers over 2,000 distinct stacks) and writes
// runtime.Stack(all) as goroutine?debug=2 prints it (118 MB); the 1M dump is the same written ten
// times with the goroutine ids of each copy renumbered (1.18 GB). The workspace is bench/dumpgen
// itself, so the frames (dumpgen/main.go, by its go.mod module path) map to its source.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import type { PathSteps } from '../src/host/model/pathMarks';
import { runIntegrationTests } from '../test/integration/runIntegration';

const repoRoot = path.resolve(__dirname, '..');
const output = path.join(repoRoot, 'bench', 'output');
const genDir = path.join(repoRoot, 'bench', 'dumpgen');
const GO = ['/usr/lib/go-1.27/bin/go', '/usr/lib/go-1.23/bin/go'].find((g) => existsSync(g)) ?? null;
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' };

const INPUTS = [
  { key: '100k', file: path.join(output, 'dumpgen_n100000_debug2.txt'), n: 100_000, copies: 1, target: 1000 },
  { key: '1m', file: path.join(output, 'dumpgen_n1000000_debug2.txt'), n: 100_000, copies: 10, target: 5000 },
];

function ensureDump(d: (typeof INPUTS)[number]): void {
  if (existsSync(d.file)) return;
  if (!GO) throw new Error('no Go toolchain to generate the dumps with');
  mkdirSync(output, { recursive: true });
  const bin = path.join(output, 'dumpgen');
  if (!existsSync(bin)) execFileSync(GO, ['build', '-trimpath', '-o', bin, '.'], { cwd: genDir, env: goEnv });
  console.log(`generating ${path.relative(repoRoot, d.file)}: dumpgen -n ${d.n} -copies ${d.copies} …`);
  execFileSync(bin, ['-n', String(d.n), '-copies', String(d.copies), '-o', d.file], { stdio: 'inherit' });
}

interface BenchRun {
  input: string;
  run: number;
  goroutines: number;
  groups: number;
  suspects: number;
  steps: PathSteps;
  decoratedLines: number;
  drift: { worstMs: number; worstCpuMs: number | null; worstBusyMs: number | null };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const STEPS: [keyof PathSteps, string][] = [
  ['toWorker', 'request → worker starts the job'],
  ['decode', 'decode (read, parse, group)'],
  ['analyse', 'analysis (reads the Go source)'],
  ['heap', 'heap profile'],
  ['mapFiles', 'frame files → local files'],
  ['toHost', 'outcome copied to the extension host'],
  ['session', 'session set (views told)'],
  ['tree', "tree's items with VS Code"],
];

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg > 0 ? process.argv[onlyArg + 1] : null;
  const inputs = INPUTS.filter((d) => only === null || d.key === only);
  if (!GO && inputs.some((d) => !existsSync(d.file))) {
    console.log('tree path bench: no Go toolchain to make the dumps; nothing to measure');
    return;
  }
  for (const d of inputs) ensureDump(d);
  process.env.GI_INTEGRATION_TIMEOUT_MS ??= String(30 * 60_000);
  const code = await runIntegrationTests({
    suite: 'out/test/benchSuite',
    workspace: genDir,
    env: { GI_TREE_PATH_INPUTS: JSON.stringify(inputs.map((d) => d.file)), GI_TREE_PATH_RUNS: String(runs) },
  });
  if (code !== 0) throw new Error(`the bench suite failed in the extension host (exit ${code})`);
  const all = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'output', 'tree-path.json'), 'utf8')) as BenchRun[];
  console.log(
    `tree path bench: real extension host (code-server), ${runs} runs per input, median; load average ${loadavg()[0]!.toFixed(2)} (2 cores)`,
  );
  for (const d of inputs) {
    const rs = all.filter((r) => r.input === path.basename(d.file));
    if (rs.length === 0) continue;
    const r0 = rs[0]!;
    const total = median(rs.map((r) => r.steps.treeTotal ?? NaN));
    console.log(
      `\n${path.basename(d.file)}: ${(statSync(d.file).size / 1e6).toFixed(0)} MB, ${r0.goroutines.toLocaleString('en-US')} goroutines, ${r0.groups} groups (${r0.suspects} suspect), ${r0.decoratedLines} decorated lines`,
    );
    for (const [k, label] of STEPS) {
      const ms = median(rs.map((r) => r.steps[k] ?? NaN));
      console.log(
        `  ${label.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)}%`,
      );
    }
    console.log(
      `  ${'bytes → tree'.padEnd(40)} ${total.toFixed(1).padStart(8)} ms  (target ${d.target} ms: ${total <= d.target ? 'met' : 'MISSED'}; runs ${rs.map((r) => Math.round(r.steps.treeTotal ?? NaN)).join(', ')})`,
    );
    const deco = median(rs.map((r) => r.steps.decorations ?? NaN));
    console.log(`  ${'decorations drawn (after session set)'.padEnd(40)} ${deco.toFixed(1).padStart(8)} ms`);
    console.log(
      `  extension host's worst event-loop gap: ${rs.map((r) => `${Math.round(r.drift.worstMs)} ms (CPU ${r.drift.worstCpuMs ?? '?'} ms)`).join(', ')}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
