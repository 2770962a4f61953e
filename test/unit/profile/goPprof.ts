// Runs the real `go tool pprof -top` so tests can compare computeTop with it number for number,
// and finds the shared corpus next to the repository. Test helper, not a test.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { TopEntry } from '../../../src/core/analysis/top';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');
export const shopdCorpus = path.join(sharedRoot, 'corpus', 'shopd');

/** Every `.pb.gz` under the shared corpus, or [] when the corpus is absent. */
export function corpusProtos(): string[] {
  const root = path.join(sharedRoot, 'corpus');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.pb.gz')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * The pprof binary of an installed Go toolchain (what `go tool pprof` runs), or null. Called
 * directly: `go tool` adds a toolchain lookup per call, 0.1-0.5 s each, times 117 comparisons.
 */
export function findPprof(): string | null {
  const candidates = [
    '/usr/lib/go-1.23',
    '/usr/lib/go-1.27',
    '/usr/lib/go-1.26',
    '/usr/lib/go-1.19',
    '/usr/lib/go',
  ].map((root) => path.join(root, 'pkg', 'tool', 'linux_amd64', 'pprof'));
  return candidates.find((p) => existsSync(p)) ?? null;
}

export interface PprofTopOptions {
  /** `-diff_base=BASE`: the later profile minus this one. */
  readonly base?: string;
  /**
   * `-unit=B`: pprof scales bytes to kB or MB when every value is that large (a diff often is);
   * in bytes it prints them exactly. Only the printing changes, not a number.
   */
  readonly bytes?: boolean;
}

/** The arguments of pprofTop, for a golden file to say how it was made. */
export function pprofTopArgs(file: string, sampleType: string, options: PprofTopOptions = {}): string[] {
  return [
    '-top',
    '-nodefraction=0',
    '-symbolize=none',
    `-sample_index=${sampleType}`,
    ...(options.bytes ? ['-unit=B'] : []),
    ...(options.base !== undefined ? [`-diff_base=${options.base}`] : []),
    file,
  ];
}

/**
 * `go tool pprof -top -nodefraction=0 -sample_index=TYPE`, parsed. `-symbolize=none` keeps it
 * offline; pprof prints exact integers for these units (bytes as `123B`, counts bare), which
 * `parsePprofValue` checks rather than assumes.
 */
export function pprofTop(pprof: string, file: string, sampleType: string, options: PprofTopOptions = {}): TopEntry[] {
  const out = execFileSync(pprof, pprofTopArgs(file, sampleType, options), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const lines = out.split('\n');
  const head = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%/.test(l));
  if (head < 0) throw new Error(`no table in pprof output for ${file}:\n${out}`);
  const entries: TopEntry[] = [];
  for (const l of lines.slice(head + 1)) {
    if (l.trim() === '') continue;
    const m = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s+(.*?)(?: \((?:inline|partial-inline)\))?$/.exec(l);
    if (!m) throw new Error(`unparsed pprof line: ${l}`);
    entries.push({ function: m[3]!, flat: parsePprofValue(m[1]!), cum: parsePprofValue(m[2]!) });
  }
  return entries;
}

function parsePprofValue(s: string): number {
  const m = /^(-?\d+)(B|ns)?$/.exec(s);
  if (!m) throw new Error(`pprof printed "${s}", not an exact integer`);
  return Number(m[1]);
}
