// Benchmark: parse and group the 100k-goroutine debug=2 dump of the scale corpus, whole process,
// against panicparse (measured live) and DataDog's gostackparse (about 0.75 s whole process,
// quoted in issue 3: it cannot be built here without the Go module proxy). Also streams ten
// copies (1.18 GB, 1,000,040 goroutines) through standard input and reports peak RSS.
// Prints figures and ratios; asserts nothing (speed is not a test).
//
//   npx tsx bench/parseDump.ts [--runs N] [--no-panicparse] [--no-stream] [--quick] [--gostackparse BIN]
//
// --quick: only the serial parse+group of the raw file and node's own startup (a minute less),
// for measuring parser changes.
// --gostackparse BIN: also time BIN FILE, interleaved with our parse+group, for a live ratio on
// this machine at this load. BIN is a `main` that calls gostackparse.Parse on the file named by
// its argument and prints the count (github.com/DataDog/gostackparse has no dependencies; build
// it from a local copy: this repository does not vendor it).
//
// Processes measured (each N times; min and median wall time, min CPU time = user + sys):
//   parse+group   a bundled entry that only calls loadSnapshot (readInput + zlibInflater)
//   analyze       node dist/cli.js analyze FILE --json   (decode + leak analysis + JSON output)
// on the raw decompressed file and on the .gz. The machine is shared, so the load average is
// printed with the figures.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  createReadStream,
  createWriteStream,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { loadSnapshot } from '../src/core/input/loadSnapshot';
import { readInput } from '../src/node/readInput';
import { zlibInflater } from '../src/node/zlibInflater';

const GOSTACKPARSE_SECONDS = 0.75;
const repoRoot = path.resolve(__dirname, '..');
const gzFile = path.resolve(repoRoot, '..', 'shared', 'corpus', 'scale', 'go1.23', 'n100000_goroutine_debug2.txt.gz');

/** The measured parse-only process: decode, group, print one line. */
async function entry(file: string): Promise<void> {
  const s = await loadSnapshot([readInput(file)], { inflater: zlibInflater });
  // Then exit like dist/cli.js does: once the output is flushed, without tearing the heap down.
  process.stdout.write(
    `${s.goroutineCount} goroutines, ${s.stacks.length} stacks, ${s.groups.length} groups, ${s.warnings.length} warnings\n`,
    () => process.exit(0),
  );
}

interface Run {
  wall: number;
  cpu: number;
  rssKb: number;
  out: string;
}

/** One process under /usr/bin/time: wall, CPU and peak RSS. */
function timed(cmd: string, args: string[], shell = false): Run {
  const t0 = performance.now();
  const r = shell
    ? spawnSync('/bin/sh', ['-c', `/usr/bin/time -f '%U %S %M' ${cmd}`], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync('/usr/bin/time', ['-f', '%U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: last[0]! + last[1]!, rssKb: last[2]!, out: r.stdout };
}

/** `producer | consumer`, with the consumer alone under /usr/bin/time. */
function streamed(producer: string, consumer: string): Run {
  const t0 = performance.now();
  const r = spawnSync('/bin/sh', ['-c', `${producer} | /usr/bin/time -f '%U %S %M' ${consumer}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${producer} | ${consumer} failed (${r.status}): ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: last[0]! + last[1]!, rssKb: last[2]!, out: r.stdout };
}

function summarize(
  label: string,
  runs: Run[],
): { label: string; minWall: number; medWall: number; minCpu: number; rssMb: number } {
  const walls = runs.map((r) => r.wall).sort((a, b) => a - b);
  return {
    label,
    minWall: walls[0]!,
    medWall: walls[Math.floor(walls.length / 2)]!,
    minCpu: Math.min(...runs.map((r) => r.cpu)),
    rssMb: Math.max(...runs.map((r) => r.rssKb)) / 1024,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--entry') return entry(args[1]!);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
  if (!existsSync(gzFile)) {
    console.log(`scale corpus not found at ${gzFile}; nothing to measure`);
    return;
  }
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  // Always rebuilt: a stale dist/ would measure old code.
  execFileSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });

  const work = path.join(tmpdir(), 'goroutine-inspector-bench');
  mkdirSync(work, { recursive: true });
  const raw = path.join(work, 'n100000_goroutine_debug2.txt');
  if (!existsSync(raw) || statSync(raw).size !== 118_209_713) {
    await pipeline(createReadStream(gzFile), createGunzip(), createWriteStream(raw));
  }
  // The parse-only entry, bundled like the CLI so no TypeScript loader is measured.
  const bundle = path.join(work, 'parseDump.bench.js');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [__filename],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
    external: ['esbuild'],
  });

  const load0 = loadavg()[0]!;
  console.log(
    `input: ${path.relative(repoRoot, gzFile)} (${(statSync(gzFile).size / 1e6).toFixed(1)} MB gz, ${(statSync(raw).size / 1e6).toFixed(1)} MB raw)`,
  );
  const check = timed('node', [bundle, '--entry', raw]);
  console.log(`decoded: ${check.out.trim()}`);
  console.log(`runs per figure: ${runs}; load average at start: ${load0.toFixed(2)} (2 cores)\n`);

  const gostackparse = args.includes('--gostackparse') ? args[args.indexOf('--gostackparse') + 1]! : null;
  if (gostackparse !== null) {
    // Interleaved, so both see the same load.
    const ours: Run[] = [];
    const theirs: Run[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(timed('node', [bundle, '--entry', raw]));
      theirs.push(timed(gostackparse, [raw]));
    }
    const o = summarize('parse+group, raw file', ours);
    const t = summarize('gostackparse (live)', theirs);
    for (const r of [o, t]) {
      console.log(
        `${r.label.padEnd(30)} min ${r.minWall.toFixed(3)} s, median ${r.medWall.toFixed(3)} s, min CPU ${r.minCpu.toFixed(2)} s, ${r.rssMb.toFixed(0)} MB`,
      );
    }
    console.log(`gostackparse says: ${theirs[0]!.out.trim()}`);
    console.log(
      `live ratio (median): ${(o.medWall / t.medWall).toFixed(2)} x gostackparse; against its quoted ${GOSTACKPARSE_SECONDS} s: ${(o.medWall / GOSTACKPARSE_SECONDS).toFixed(2)} x\n`,
    );
  }

  if (args.includes('--quick')) {
    const rawRuns = summarize(
      'parse+group, raw file',
      Array.from({ length: runs }, () => timed('node', [bundle, '--entry', raw])),
    );
    const startup = summarize(
      'node -e 0 (startup)',
      Array.from({ length: runs }, () => timed('node', ['-e', '0'])),
    );
    for (const r of [rawRuns, startup]) {
      console.log(
        `${r.label.padEnd(30)} min ${r.minWall.toFixed(3)} s, median ${r.medWall.toFixed(3)} s, min CPU ${r.minCpu.toFixed(2)} s, ${r.rssMb.toFixed(0)} MB`,
      );
    }
    console.log(
      `load average at end: ${loadavg()[0]!.toFixed(2)}; target ${(GOSTACKPARSE_SECONDS / 2).toFixed(3)} s -> ${rawRuns.medWall < GOSTACKPARSE_SECONDS / 2 ? 'MET' : 'NOT MET'} (median)`,
    );
    return;
  }
  const rows = [
    summarize(
      'parse+group, raw file',
      Array.from({ length: runs }, () => timed('node', [bundle, '--entry', raw])),
    ),
    summarize(
      'parse+group, .gz file',
      Array.from({ length: runs }, () => timed('node', [bundle, '--entry', gzFile])),
    ),
    summarize(
      'analyze --json, raw file',
      Array.from({ length: runs }, () => timed('node', [cli, 'analyze', raw, '--json'])),
    ),
    summarize(
      'analyze --json, .gz file',
      Array.from({ length: runs }, () => timed('node', [cli, 'analyze', gzFile, '--json'])),
    ),
  ];
  const nodeStartup = summarize(
    'node -e 0 (startup)',
    Array.from({ length: runs }, () => timed('node', ['-e', '0'])),
  );
  rows.push(nodeStartup);

  // panicparse 2.3 (Debian): one run, it takes minutes (its own deduplication, 2 GB RSS).
  let panicparse: Run | null = null;
  if (!args.includes('--no-panicparse') && existsSync('/usr/bin/panicparse')) {
    panicparse = timed(`sh -c '/usr/bin/panicparse -no-color ${raw} > /dev/null 2>&1'`, [], true);
  }

  console.log('figure                          min wall   median wall   min CPU    peak RSS');
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(30)} ${r.minWall.toFixed(3).padStart(8)} s ${r.medWall.toFixed(3).padStart(10)} s ${r.minCpu.toFixed(2).padStart(7)} s ${r.rssMb.toFixed(0).padStart(7)} MB`,
    );
  }
  const best = rows[0]!;
  console.log('');
  console.log(
    `target: parse+group under ${(GOSTACKPARSE_SECONDS / 2).toFixed(3)} s (half of gostackparse's ~${GOSTACKPARSE_SECONDS} s, whole process)`,
  );
  console.log(
    `parse+group raw, median wall: ${best.medWall.toFixed(3)} s = ${(best.medWall / GOSTACKPARSE_SECONDS).toFixed(2)} x gostackparse -> ${best.medWall < GOSTACKPARSE_SECONDS / 2 ? 'MET' : 'NOT MET'} (min ${best.minWall.toFixed(3)} s = ${(best.minWall / GOSTACKPARSE_SECONDS).toFixed(2)} x)`,
  );
  console.log(
    `parse+group .gz, min wall:  ${rows[1]!.minWall.toFixed(3)} s = ${(rows[1]!.minWall / GOSTACKPARSE_SECONDS).toFixed(2)} x gostackparse`,
  );
  console.log(
    `analyze --json raw, min wall: ${rows[2]!.minWall.toFixed(3)} s = ${(rows[2]!.minWall / GOSTACKPARSE_SECONDS).toFixed(2)} x gostackparse`,
  );
  if (panicparse !== null) {
    console.log(
      `panicparse (live, one run):   ${panicparse.wall.toFixed(1)} s wall, ${panicparse.cpu.toFixed(1)} s CPU, ${(panicparse.rssKb / 1024).toFixed(0)} MB RSS; ` +
        `parse+group is ${(panicparse.wall / best.minWall).toFixed(0)} x faster in wall time, ${(panicparse.cpu / best.minCpu).toFixed(0)} x in CPU time`,
    );
  }

  // A log of 2 million lines with one panic at its end: every line is noise to the parser (a
  // per-line search that ran on to the chunk's end once made this quadratic).
  const log = path.join(work, 'noisy-log.txt');
  if (!existsSync(log)) {
    const lines: string[] = [];
    for (let i = 0; i < 2_000_000; i++)
      lines.push(
        `2026/11/27 14:${String(i % 60).padStart(2, '0')}:05 request ${i} handled (status 200) in ${i % 977} ms`,
      );
    lines.push(
      'panic: boom',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/src/app/main.go:12 +0x1d',
      'exit status 2',
      '',
    );
    writeFileSync(log, lines.join('\n'));
  }
  const noisy = summarize(
    'noisy log',
    Array.from({ length: runs }, () => timed('node', [bundle, '--entry', log])),
  );
  console.log(
    `\nnoisy log (${(statSync(log).size / 1e6).toFixed(0)} MB, 2,000,000 log lines, one panic): min ${noisy.minWall.toFixed(3)} s, median ${noisy.medWall.toFixed(3)} s, ${noisy.rssMb.toFixed(0)} MB`,
  );

  if (!args.includes('--no-stream')) {
    // Ten copies through standard input: 1.18 GB, more than a JavaScript string can hold.
    const cat = streamed(`for i in 1 2 3 4 5 6 7 8 9 10; do cat ${raw}; done`, `node ${bundle} --entry -`);
    console.log(
      `\n1.18 GB through stdin (10 x cat raw) into parse+group: ${cat.wall.toFixed(2)} s wall, ${cat.cpu.toFixed(2)} s CPU, peak RSS ${(cat.rssKb / 1024).toFixed(0)} MB; ${cat.out.trim()}`,
    );
    const out = path.join(work, 'stream.json');
    const z = streamed(
      `for i in 1 2 3 4 5 6 7 8 9 10; do zcat ${gzFile}; done`,
      `node ${cli} analyze - --json > ${out}`,
    );
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { goroutines: number; groups: unknown[] };
    console.log(
      `1.18 GB through stdin (10 x zcat) into analyze --json: ${z.wall.toFixed(2)} s wall, peak RSS ${(z.rssKb / 1024).toFixed(0)} MB; ${doc.goroutines} goroutines in ${doc.groups.length} groups`,
    );
  }
  writeFileSync(path.join(work, 'last-run.txt'), new Date().toISOString() + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
