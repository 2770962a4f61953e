// `goroutine-inspector top <profile> [--sample TYPE] [--json]`: flat and cum per function, the
// numbers of `go tool pprof -top -nodefraction=0`, for a pprof protobuf (gzipped or raw) or a
// heap debug=1 text profile, from a file or standard input (`-`).
import { readFile } from 'node:fs/promises';
import { computeTop } from '../core/analysis/top';
import type { TopEntry } from '../core/analysis/top';
import { InputError } from '../core/inputError';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, isGzip } from '../core/inflater';
import type { Profile } from '../core/model/profile';
import { isHeapText, parseHeapText } from '../core/profile/heapText';
import { readProfile } from '../core/profile/readProfile';
import { zlibInflater } from '../node/zlibInflater';
import { cell, EXIT_OK, UsageError, writeJson, writeLines } from './cliIo';

interface TopArgs {
  file: string;
  sample: string | null;
  json: boolean;
}

function parseArgs(args: string[]): TopArgs {
  let file: string | null = null;
  let sample: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--sample' || a.startsWith('--sample=')) {
      sample = a === '--sample' ? (args[++i] ?? null) : a.slice('--sample='.length);
      if (!sample) throw new UsageError('--sample needs a sample type, e.g. --sample inuse_space');
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`top: unknown option "${a}"`);
    else if (file !== null)
      throw new UsageError('top takes one profile; usage: goroutine-inspector top <profile> [--sample TYPE] [--json]');
    else file = a;
  }
  if (file === null)
    throw new UsageError('top needs a profile; usage: goroutine-inspector top <profile> [--sample TYPE] [--json]');
  return { file, sample, json };
}

async function readInput(file: string): Promise<Uint8Array> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(e));
    throw new InputError(why, { stage: 'reading', input: file });
  }
}

async function loadProfile(bytes: Uint8Array, input: string): Promise<Profile> {
  const raw = isGzip(bytes)
    ? await zlibInflater.gunzip(bytes, { input, maxBytes: DEFAULT_MAX_DECOMPRESSED_BYTES })
    : bytes;
  const head = new TextDecoder().decode(raw.subarray(0, 200));
  if (isHeapText(head)) return parseHeapText(raw, { input });
  return readProfile(raw, { input, inflater: zlibInflater });
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
  const { file, sample, json } = parseArgs(args);
  const profile = await loadProfile(await readInput(file), file);
  if (profile.sampleTypes.length === 0) {
    throw new InputError('the profile has no sample types', { stage: 'validating profile', input: file });
  }
  const sampleIndex = sampleIndexOf(profile, sample);
  const entries = computeTop(profile, { sampleIndex });
  if (json) writeJson(entries);
  else printTable(entries, profile.sampleTypes[sampleIndex]!.unit, profile.sampleTypes[sampleIndex]!.type);
  return EXIT_OK;
}
