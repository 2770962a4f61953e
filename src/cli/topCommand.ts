// `goroutine-inspector top <profile> [--sample TYPE] [--json] [--max-bytes SIZE]`: flat and cum
// per function, the numbers of `go tool pprof -top -nodefraction=0`, for a pprof protobuf
// (gzipped or raw) or a heap debug=1 text profile, from a file or standard input (`-`), read
// within --max-bytes through the core's one way in (input/readProfile.ts).
import { computeTop } from '../core/analysis/top';
import type { TopEntry } from '../core/analysis/top';
import { InputError } from '../core/inputError';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../core/inflater';
import { readProfile } from '../core/input/readProfile';
import type { Profile } from '../core/model/profile';
import { readInput } from '../node/readInput';
import { zlibInflater } from '../node/zlibInflater';
import { parseByteSize } from './captureOptions';
import { cell, EXIT_OK, UsageError, writeJson, writeLines } from './cliIo';

const USAGE = 'usage: goroutine-inspector top <profile> [--sample TYPE] [--json] [--max-bytes SIZE]';

interface TopArgs {
  file: string;
  sample: string | null;
  json: boolean;
  maxBytes: number;
}

function parseArgs(args: string[]): TopArgs {
  let file: string | null = null;
  let sample: string | null = null;
  let json = false;
  let maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--max-bytes' || a.startsWith('--max-bytes=')) {
      const v = a === '--max-bytes' ? args[++i] : a.slice('--max-bytes='.length);
      if (!v) throw new UsageError(`--max-bytes needs a size, e.g. --max-bytes 2G; ${USAGE}`);
      maxBytes = parseByteSize('--max-bytes', v);
    } else if (a === '--sample' || a.startsWith('--sample=')) {
      sample = a === '--sample' ? (args[++i] ?? null) : a.slice('--sample='.length);
      if (!sample) throw new UsageError('--sample needs a sample type, e.g. --sample inuse_space');
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`top: unknown option "${a}"`);
    else if (file !== null) throw new UsageError(`top takes one profile; ${USAGE}`);
    else file = a;
  }
  if (file === null) throw new UsageError(`top needs a profile; ${USAGE}`);
  return { file, sample, json, maxBytes };
}

function sampleIndexOf(profile: Profile, sample: string | null): number {
  if (sample === null) return profile.defaultSampleType;
  const i = profile.sampleTypes.findIndex((t) => t.type === sample);
  if (i < 0) {
    const types = profile.sampleTypes.map((t) => t.type).join(', ') || 'none';
    throw new UsageError(`the profile has no sample type "${sample}" (it has: ${types})`);
  }
  return i;
}

function percent(v: number, total: number): string {
  return total === 0 ? '0%' : `${((100 * v) / total).toFixed(2)}%`;
}

function printTable(entries: TopEntry[], unit: string, type: string): void {
  const total = entries.reduce((t, e) => t + e.flat, 0);
  const suffix = unit === 'bytes' ? 'B' : unit === 'nanoseconds' ? 'ns' : '';
  const fmt = (v: number) => `${v}${suffix}`;
  const out: string[] = [`Type: ${cell(type)}`, `Total: ${fmt(total)}`];
  const rows = entries.map((e) => [
    fmt(e.flat),
    percent(e.flat, total),
    fmt(e.cum),
    percent(e.cum, total),
    cell(e.function),
  ]);
  const header = ['flat', 'flat%', 'cum', 'cum%', 'function'];
  const widths = header.slice(0, 4).map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .slice(0, 4)
      .map((v, c) => v.padStart(widths[c]!))
      .join('  ') +
    '  ' +
    r[4];
  out.push(line(header), ...rows.map(line));
  writeLines(out);
}

export async function runTopCommand(args: string[]): Promise<number> {
  const { file, sample, json, maxBytes } = parseArgs(args);
  const profile = await readProfile(readInput(file), { inflater: zlibInflater, maxDecompressedBytes: maxBytes });
  if (profile.sampleTypes.length === 0) {
    throw new InputError('the profile has no sample types', { stage: 'validating profile', input: file });
  }
  const sampleIndex = sampleIndexOf(profile, sample);
  const entries = computeTop(profile, { sampleIndex });
  if (json) writeJson(entries);
  else printTable(entries, profile.sampleTypes[sampleIndex]!.unit, profile.sampleTypes[sampleIndex]!.type);
  return EXIT_OK;
}
