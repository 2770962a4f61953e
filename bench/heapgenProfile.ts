// The 300k-sample heap profile of bench/topProfile and bench/flameFirstPaint, made once into
// bench/output/ by bench/heapgen (a Go program, standard library only): `heapgen 30 OUT 300000`
// sets MemProfileRate = 1 and makes 300,000 allocations, each along its own path of 30 stepA/stepB
// calls chosen by the bits of its index, so every allocation is a sample with a stack of its own
// (63 frames). With Go 1.23 that is a 1.1 MB .pb.gz of 24.9 MB decompressed protobuf.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
export const heapgenProfile = path.join(repoRoot, 'bench', 'output', 'heap_top300k.pb.gz');
/** Go 1.23 (or 1.27): heapgen's toolchain and the `go tool pprof` the top bench compares with. */
export const benchGo = ['/usr/lib/go-1.23/bin/go', '/usr/lib/go-1.27/bin/go'].find((g) => existsSync(g)) ?? null;
export const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' };

/** Generates the profile unless it is there; throws without a Go toolchain. */
export function ensureHeapgenProfile(): string {
  if (existsSync(heapgenProfile)) return heapgenProfile;
  if (!benchGo) throw new Error('no Go toolchain to generate the profile with');
  mkdirSync(path.dirname(heapgenProfile), { recursive: true });
  console.log(
    `generating ${path.relative(repoRoot, heapgenProfile)} with ${benchGo} run bench/heapgen 30 OUT 300000 …`,
  );
  execFileSync(benchGo, ['run', '.', '30', heapgenProfile, '300000'], {
    cwd: path.join(repoRoot, 'bench', 'heapgen'),
    stdio: 'inherit',
    env: goEnv,
  });
  return heapgenProfile;
}
