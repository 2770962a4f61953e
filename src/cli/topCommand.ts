// `goroutine-inspector top <profile> [--base BEFORE] [--sample TYPE] [--json] [--max-bytes SIZE]`:
// flat and cum per function, the numbers of `go tool pprof -top -nodefraction=0` (with --base,
// of `-diff_base=BEFORE`: what changed since BEFORE), for a pprof protobuf (gzipped or raw) or a
// heap debug=1 text profile, from a file or standard input (`-`), read within --max-bytes through
// the core's one way in (input/readProfile.ts). The table prints values in pprof's units
// (analysis/topFormat.ts); --json keeps the raw numbers.
import { computeTop, topEntries, topTable } from '../core/analysis/top';
import { computeTopDiff } from '../core/analysis/topDiff';
import { topLines } from '../core/analysis/topFormat';
import { InputError } from '../core/inputError';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../core/inflater';
import { readProfile } from '../core/input/readProfile';
import { tablesOf } from '../core/profile/profileTables';
import type { Profile } from '../core/model/profile';
import { readInput } from '../node/readInput';
import { zlibInflater } from '../node/zlibInflater';
import { parseByteSize } from './captureOptions';
import { EXIT_OK, UsageError, writeJson, writeLines, writeWarnings } from './cliIo';

const USAGE = 'usage: goroutine-inspector top <profile> [--base BEFORE] [--sample TYPE] [--json] [--max-bytes SIZE]';

interface TopArgs {
  file: string;
  base: string | null;
  sample: string | null;
  json: boolean;
  maxBytes: number;
}

function parseArgs(args: string[]): TopArgs {
  let file: string | null = null;
  let base: string | null = null;
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
    } else if (a === '--base' || a.startsWith('--base=')) {
      base = a === '--base' ? (args[++i] ?? null) : a.slice('--base='.length);
      if (!base) throw new UsageError(`--base needs the earlier profile; ${USAGE}`);
    } else if (a === '--sample' || a.startsWith('--sample=')) {
      sample = a === '--sample' ? (args[++i] ?? null) : a.slice('--sample='.length);
      if (!sample) throw new UsageError('--sample needs a sample type, e.g. --sample inuse_space');
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`top: unknown option "${a}"`);
    else if (file !== null) throw new UsageError(`top takes one profile; ${USAGE}`);
    else file = a;
  }
  if (file === null) throw new UsageError(`top needs a profile; ${USAGE}`);
  if (file === '-' && base === '-') throw new UsageError('standard input (-) can be given only once');
  return { file, base, sample, json, maxBytes };
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

async function load(file: string, maxBytes: number): Promise<Profile> {
  const profile = await readProfile(readInput(file), { inflater: zlibInflater, maxDecompressedBytes: maxBytes });
  if (profile.sampleTypes.length === 0) {
    throw new InputError('the profile has no sample types', { stage: 'validating profile', input: file });
  }
  return profile;
}

export async function runTopCommand(args: string[]): Promise<number> {
  const { file, base, sample, json, maxBytes } = parseArgs(args);
  const profile = await load(file, maxBytes);
  const sampleIndex = sampleIndexOf(profile, sample);
  // What could not be read (addresses without symbols) goes to stderr, in every output mode.
  writeWarnings((profile.warnings ?? []).map((w) => `${file}: ${w}`));
  if (base !== null) {
    const before = await load(base, maxBytes);
    writeWarnings((before.warnings ?? []).map((w) => `${base}: ${w}`));
    const diff = computeTopDiff(profile, before, {
      sampleType: profile.sampleTypes[sampleIndex]!.type,
    });
    if (json) writeJson(diff.entries);
    else writeLines(topLines(diff.entries, { type: diff.sampleType, unit: diff.unit, total: diff.total, base }));
    return EXIT_OK;
  }
  if (json) {
    writeJson(computeTop(profile, { sampleIndex }));
    return EXIT_OK;
  }
  const table = topTable(tablesOf(profile), { sampleIndexes: [sampleIndex] });
  const { type, unit } = profile.sampleTypes[sampleIndex]!;
  writeLines(topLines(topEntries(table, 0), { type, unit, total: table.totals[0]! }));
  return EXIT_OK;
}
