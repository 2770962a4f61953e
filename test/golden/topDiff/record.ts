// Records the goldens of `goroutine-inspector top AFTER --base BEFORE` with the real tool: for each
// pair of heap profiles below and each of their sample types, what `go tool pprof -top
// -nodefraction=0 -symbolize=none -sample_index=TYPE [-unit=B] -diff_base=BEFORE AFTER` prints,
// parsed into { function, flat, cum } rows. Go 1.23's pprof records them and Go 1.27's must print
// the same rows (the script stops otherwise). Pairs come from the project's fixtures (always in
// the repository) and from the shared corpus (/work/shared/corpus, skipped by the test when absent).
//
//   npx tsx test/golden/topDiff/record.ts
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeProfile } from '../../../src/core/profile/decodeProfile';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { TopEntry } from '../../../src/core/analysis/top';
import { pprofTopArgs, repoRoot, sharedRoot } from '../../unit/profile/goPprof';

/** `fixtures:` is test/fixtures/, `corpus:` the shared corpus. */
export interface DiffPair {
  readonly name: string;
  readonly after: string;
  readonly base: string;
}

export interface DiffGolden {
  readonly command: string;
  readonly tools: readonly string[];
  readonly after: string;
  readonly base: string;
  /** Rows per sample type, in pprof's order. */
  readonly sampleTypes: Record<string, TopEntry[]>;
}

export const PAIRS: readonly DiffPair[] = [
  ...['go1.19', 'go1.23', 'go1.27'].flatMap((v) => [
    { name: `${v}-leakyapi-t1-t2`, base: `fixtures:${v}/leakyapi/t1_heap_debug0.pb.gz`, after: `fixtures:${v}/leakyapi/t2_heap_debug0.pb.gz` },
    { name: `${v}-meteohub-t1-t2`, base: `fixtures:${v}/meteohub/t1_heap_debug0.pb.gz`, after: `fixtures:${v}/meteohub/t2_heap_debug0.pb.gz` },
    { name: `${v}-meteohub-t2-t3`, base: `fixtures:${v}/meteohub/t2_heap_debug0.pb.gz`, after: `fixtures:${v}/meteohub/t3_heap_debug0.pb.gz` },
  ]),
  // Backwards in time: what was freed shows as negative flat and cum.
  { name: 'go1.23-meteohub-t3-t1', base: 'fixtures:go1.23/meteohub/t3_heap_debug0.pb.gz', after: 'fixtures:go1.23/meteohub/t1_heap_debug0.pb.gz' },
  ...['go1.19', 'go1.23', 'go1.26', 'go1.27'].flatMap((v) => [
    { name: `${v}-shopd-heap-t1-t2`, base: `corpus:shopd/${v}/t1_heap_debug0.pb.gz`, after: `corpus:shopd/${v}/t2_heap_debug0.pb.gz` },
    { name: `${v}-shopd-heap-t2-t3`, base: `corpus:shopd/${v}/t2_heap_debug0.pb.gz`, after: `corpus:shopd/${v}/t3_heap_debug0.pb.gz` },
  ]),
  { name: 'go1.23-shopd-allocs-t1-t3', base: 'corpus:shopd/go1.23/t1_allocs_debug0.pb.gz', after: 'corpus:shopd/go1.23/t3_allocs_debug0.pb.gz' },
];

export const goldenDir = __dirname;

export function resolvePairPath(p: string): string {
  if (p.startsWith('fixtures:')) return path.join(repoRoot, 'test', 'fixtures', p.slice('fixtures:'.length));
  if (p.startsWith('corpus:')) return path.join(sharedRoot, 'corpus', p.slice('corpus:'.length));
  throw new Error(`unknown pair path ${p}`);
}

const GOS = ['/usr/lib/go-1.23/bin/go', '/usr/lib/go-1.27/bin/go'];

function goVersion(go: string): string {
  return execFileSync(go, ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();
}

function pprofRows(go: string, args: string[]): TopEntry[] {
  const out = execFileSync(go, ['tool', 'pprof', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const lines = out.split('\n');
  const head = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%/.test(l));
  if (head < 0) throw new Error(`no table in pprof output:\n${out}`);
  return lines
    .slice(head + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s+(.*?)(?: \((?:inline|partial-inline)\))?$/.exec(l);
      if (!m) throw new Error(`unparsed pprof line: ${l}`);
      return { function: m[3]!, flat: exact(m[1]!), cum: exact(m[2]!) };
    });
}

function exact(s: string): number {
  const m = /^(-?\d+)(B)?$/.exec(s);
  if (!m) throw new Error(`pprof printed "${s}", not an exact integer`);
  return Number(m[1]);
}

function main(): void {
  const gos = GOS.filter((g) => existsSync(g));
  if (gos.length === 0) throw new Error(`no Go toolchain among ${GOS.join(', ')}`);
  const tools = gos.map(goVersion);
  for (const pair of PAIRS) {
    const after = resolvePairPath(pair.after);
    const base = resolvePairPath(pair.base);
    if (!existsSync(after) || !existsSync(base)) {
      console.log(`skip ${pair.name}: ${existsSync(after) ? base : after} not found`);
      continue;
    }
    const profile = decodeProfile(new Uint8Array(gunzipSync(readFileSync(after))), { input: after });
    const sampleTypes: Record<string, TopEntry[]> = {};
    for (const t of profile.sampleTypes) {
      const args = pprofTopArgs(after, t.type, { base, bytes: t.unit === 'bytes' });
      const [first, ...others] = gos.map((g) => pprofRows(g, args));
      for (const [i, rows] of others.entries()) {
        if (JSON.stringify(rows) !== JSON.stringify(first))
          throw new Error(`${pair.name} ${t.type}: ${tools[i + 1]} disagrees with ${tools[0]}`);
      }
      sampleTypes[t.type] = first!;
    }
    const golden: DiffGolden = {
      command: `go tool pprof ${pprofTopArgs('AFTER', 'TYPE', { base: 'BEFORE', bytes: true }).join(' ')} (-unit=B for bytes types only)`,
      tools,
      after: pair.after,
      base: pair.base,
      sampleTypes,
    };
    writeFileSync(path.join(goldenDir, `${pair.name}.json`), JSON.stringify(golden, null, 1) + '\n');
    console.log(`${pair.name}: ${Object.values(sampleTypes).reduce((n, r) => n + r.length, 0)} rows`);
  }
}

if (require.main === module) main();
