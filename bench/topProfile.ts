// `goroutine-inspector top` against `go tool pprof -top` on a large heap profile, whole process
// each (start, read, decompress, decode, rank, print), interleaved run by run so both see the
// same load on this shared machine. Prints wall and CPU time, peak RSS, the ratio (target: ours
// at least 5x faster) and our peak RSS over the decompressed size (target: at most 4x). Asserts
// nothing: speed is not a test.
//
//   npx tsx bench/topProfile.ts [--runs N]
//
// The profile is bench/heapgen's 300k-sample heap (bench/heapgenProfile.ts says how it is made):
// 24.9 MB of decompressed protobuf holding 300,000 samples. `go tool pprof` is Go 1.23's, called
// as users call it (the go command looks up the tool first); the pprof binary alone is timed too.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { benchGo, ensureHeapgenProfile, goEnv, heapgenProfile } from './heapgenProfile';
import { summarize, summaryLine, timed, type Run } from './timedProcess';

const repoRoot = path.resolve(__dirname, '..');
const profile = heapgenProfile;
const GO = benchGo;

function main(): void {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
  if (!GO) {
    console.log('top bench: no Go toolchain (go tool pprof is the reference); nothing to measure');
    return;
  }
  ensureHeapgenProfile();
  execFileSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const pprofBin = execFileSync(GO, ['tool', '-n', 'pprof'], { encoding: 'utf8', env: goEnv }).trim();
  const raw = gunzipSync(readFileSync(profile));
  const functions = JSON.parse(
    execFileSync('node', [cli, 'top', profile, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }),
  ) as unknown[];
  console.log(
    `top bench: ${path.relative(repoRoot, profile)}: ${(readFileSync(profile).length / 1e6).toFixed(2)} MB gz, ${(raw.length / 1e6).toFixed(2)} MB decompressed, ${functions.length} functions; ${runs} interleaved runs; load average ${loadavg()[0]!.toFixed(2)} (2 cores)`,
  );
  const ours: Run[] = [];
  const goTool: Run[] = [];
  const binary: Run[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timed('node', [cli, 'top', profile]));
    goTool.push(timed(GO, ['tool', 'pprof', '-top', profile], goEnv));
    binary.push(timed(pprofBin, ['-top', profile]));
  }
  const o = summarize('goroutine-inspector top', ours);
  const g = summarize('go tool pprof -top', goTool);
  const b = summarize('pprof binary -top', binary);
  for (const s of [o, g, b]) console.log(`  ${summaryLine(s)}`);
  const rawMb = raw.length / 1e6;
  console.log(
    `  ratio (median wall): go tool pprof takes ${(g.medWall / o.medWall).toFixed(1)}x our time (target >= 5x: ${g.medWall / o.medWall >= 5 ? 'met' : 'NOT met'}); the pprof binary alone ${(b.medWall / o.medWall).toFixed(1)}x`,
  );
  console.log(
    `  our peak RSS ${o.rssMb.toFixed(0)} MB = ${(o.rssMb / rawMb).toFixed(2)}x the decompressed profile (target <= 4x: ${o.rssMb / rawMb <= 4 ? 'met' : 'NOT met'}); pprof's ${b.rssMb.toFixed(0)} MB = ${(b.rssMb / rawMb).toFixed(1)}x`,
  );
}

main();
