// Decode throughput (MB/s of decompressed protobuf) of the hand-written profile decoder against
// protobufjs, reflection and the static decoder `pbjs -t static-module` generates
// (bench/profileStatic.js from bench/profile.proto, on protobufjs/minimal), each with and without
// Long objects, on the corpus protos and on a large real heap profile. The static decoder only
// decodes the wire format into message objects; ours also resolves ids and strings into the model
// and validates. Each decoder runs in a process of its own: protobufjs's reflection and static
// decoders share its Reader, and measured one after the other in one process the second ran at
// half its speed (V8's type feedback for the Reader was the first one's). Prints figures and
// ratios; asserts nothing.
//
// Run: npx tsx bench/decodeProfile.ts [--runs N]
// The large profile is made by bench/heapgen (a Go program, standard library only: 2^19
// allocations, each with its own call stack, MemProfileRate = 1) into bench/output/, once; if no Go
// toolchain exists, the largest corpus heap profile gets its own samples appended until ~25 MB
// (valid protobuf: a repeated field may appear any number of times, ids stay unique).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as protobuf from 'protobufjs';
import { decodeProfile } from '../src/core/profile/decodeProfile';
import { decodeProfileWire } from '../src/core/profile/profileWire';
import { ProtoReader } from '../src/core/profile/protoReader';
import { perftools } from './profileStatic';

const repoRoot = path.resolve(__dirname, '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const output = path.join(repoRoot, 'bench', 'output');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const root = protobuf.loadSync(path.join(__dirname, 'profile.proto'));
root.resolveAll(); // resolve field defaults while Long exists; decoding without it works after
const ProfileType = root.lookupType('perftools.profiles.Profile');
const StaticProfile = perftools.profiles.Profile;
const LongCtor = protobuf.util.Long;

function setLong(on: boolean): void {
  protobuf.util.Long = on ? LongCtor : (null as unknown as typeof LongCtor);
  protobuf.configure();
}

/**
 * Median CPU time (user + system, this process) of `runs` calls after one warm-up call, in ms.
 * CPU rather than wall time because the bench machine is shared: other jobs stretch wall time
 * by several times, and unevenly between the decoders being compared. Wall time is printed too.
 */
function time(fn: () => unknown, runs: number): number {
  fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const w0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3);
    wall.push(Number(process.hrtime.bigint() - w0) / 1e6);
  }
  lastWall = median(wall);
  return median(cpu);
}

let lastWall = 0;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.pb.gz')) out.push(p);
    }
  };
  if (existsSync(corpus)) walk(corpus);
  return out.sort();
}

function largeHeapProfile(): { name: string; raw: Uint8Array } {
  const generated = path.join(output, 'heap_d19.pb.gz');
  if (!existsSync(generated)) {
    const go = ['/usr/lib/go-1.23/bin/go', '/usr/lib/go-1.27/bin/go', '/usr/bin/go'].find((g) => existsSync(g));
    if (go) {
      mkdirSync(output, { recursive: true });
      console.log(`generating ${generated} with ${go} run bench/heapgen 19 …`);
      execFileSync(go, ['run', '.', '19', generated], {
        cwd: path.join(repoRoot, 'bench', 'heapgen'),
        stdio: 'inherit',
      });
    }
  }
  if (existsSync(generated)) {
    return { name: 'heapgen 2^19 stacks (Go 1.23)', raw: new Uint8Array(gunzipSync(readFileSync(generated))) };
  }
  // Fallback: the largest corpus heap profile with its sample fields (field 2) repeated.
  const heaps = corpusFiles().filter((f) => f.includes('heap'));
  const base = new Uint8Array(gunzipSync(readFileSync(heaps[heaps.length - 1]!)));
  const samples = sampleFields(base);
  const copies = Math.ceil((25e6 - base.length) / samples.length);
  const out = new Uint8Array(base.length + samples.length * copies);
  out.set(base);
  for (let i = 0; i < copies; i++) out.set(samples, base.length + i * samples.length);
  return { name: `${path.basename(heaps[heaps.length - 1]!)} + its samples x${copies}`, raw: out };
}

/** The bytes of every top-level field 2 (Sample) of a profile, tags included. */
function sampleFields(buf: Uint8Array): Uint8Array {
  const r = new ProtoReader(buf, 'bench');
  const parts: Uint8Array[] = [];
  while (r.pos < buf.length) {
    const at = r.pos;
    const tag = r.uint();
    if ((tag & 7) === 2) {
      const end = r.lengthEnd(buf.length, 'field');
      if (tag >>> 3 === 2) parts.push(buf.subarray(at, end));
      r.pos = end;
    } else r.skip(tag & 7, buf.length, at);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function mbps(bytes: number, ms: number): string {
  return (bytes / 1e6 / (ms / 1e3)).toFixed(1).padStart(7);
}

interface Decoder {
  readonly name: string;
  /** protobufjs: 64-bit fields as Long objects (its default where `long` is installed) or numbers. */
  readonly long: boolean;
  readonly decode: (raw: Uint8Array) => unknown;
}

const DECODERS: readonly Decoder[] = [
  { name: 'protobufjs reflection, Long objects', long: true, decode: (r) => ProfileType.decode(r) },
  { name: 'protobufjs reflection, numbers (no Long)', long: false, decode: (r) => ProfileType.decode(r) },
  { name: 'protobufjs static (pbjs), Long objects', long: true, decode: (r) => StaticProfile.decode(r) },
  { name: 'protobufjs static (pbjs), numbers (no Long)', long: false, decode: (r) => StaticProfile.decode(r) },
  { name: 'ours: wire phase (tables; samples located)', long: true, decode: (r) => decodeProfileWire(r, 'bench') },
  {
    name: 'ours: decodeProfile (wire + resolve + validate)',
    long: true,
    decode: (r) => decodeProfile(r, { input: 'bench' }),
  },
];

interface InputSet {
  readonly title: string;
  readonly raws: readonly Uint8Array[];
  readonly runs: number;
}

/** The corpus's shopd and scale protos, and the large heap profile (generated on first use). */
function inputSets(): InputSet[] {
  const sets: InputSet[] = [];
  const files = corpusFiles();
  for (const set of ['shopd', 'scale']) {
    const mine = files.filter((f) => path.relative(corpus, f).startsWith(set + path.sep));
    if (mine.length === 0) continue;
    const raws = mine.map((f) => new Uint8Array(gunzipSync(readFileSync(f))));
    sets.push({ title: `shared corpus, ${set}: ${mine.length} protos`, raws, runs: set === 'shopd' ? RUNS * 4 : RUNS });
  }
  const large = largeHeapProfile();
  sets.push({ title: large.name, raws: [large.raw], runs: RUNS });
  return sets;
}

interface Figure {
  readonly cpu: number;
  readonly wall: number;
}

/** In a child process: one decoder over every set, as JSON on stdout. */
function measureOne(decoder: Decoder): void {
  setLong(decoder.long);
  const figures: Figure[] = inputSets().map((set) => {
    const cpu = time(() => set.raws.forEach(decoder.decode), set.runs);
    return { cpu, wall: lastWall };
  });
  process.stdout.write(JSON.stringify(figures) + '\n');
}

function main(): void {
  const child = process.argv.indexOf('--decoder');
  if (child > 0) return measureOne(DECODERS[Number(process.argv[child + 1])]!);
  console.log(
    `decodeProfile bench: node ${process.version}, median CPU time of ${RUNS} runs after a warm-up (x4 for the small shopd profiles), each decoder in its own process`,
  );
  if (!existsSync(corpus)) console.log(`(shared corpus not found at ${corpus}: corpus figures skipped)`);
  const sets = inputSets();
  const byDecoder = DECODERS.map((_, i): Figure[] => {
    const r = spawnSync(
      process.execPath,
      [...process.execArgv, __filename, '--decoder', String(i), '--runs', String(RUNS)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    if (r.status !== 0) throw new Error(`decoder ${DECODERS[i]!.name} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Figure[];
  });
  sets.forEach((set, k) => {
    const bytes = set.raws.reduce((n, r) => n + r.length, 0);
    console.log(`\n${set.title}: ${(bytes / 1e6).toFixed(2)} MB raw`);
    const ours = byDecoder.at(-1)![k]!.cpu;
    DECODERS.forEach((d, i) => {
      const f = byDecoder[i]![k]!;
      console.log(
        `  ${d.name.padEnd(48)} ${f.cpu.toFixed(1).padStart(9)} ms cpu ${mbps(bytes, f.cpu)} MB/s ${f.wall.toFixed(0).padStart(7)} ms wall  ${(f.cpu / ours).toFixed(2)}x ours`,
      );
    });
    const fastest = Math.min(...DECODERS.flatMap((d, i) => (d.name.includes('static') ? [byDecoder[i]![k]!.cpu] : [])));
    console.log(
      `  fastest static decoder (wire format only) takes ${(fastest / ours).toFixed(2)}x the time of ours (whole model): ` +
        (fastest <= ours * 1.2 ? 'within 20%' : 'not within 20%'),
    );
  });
}

main();
