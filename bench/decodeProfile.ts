// Decode throughput (MB/s of decompressed protobuf) of the profile decoder against protobufjs
// reflection with and without Long objects, on the corpus protos and on a large real heap
// profile, with the ratios the decoding issue asks for. Prints figures; asserts nothing.
//
// Run: npx tsx bench/decodeProfile.ts [--runs N]
// The large profile is made by bench/heapgen (a Go program, standard library only: 2^19
// allocations, each with its own call stack, MemProfileRate = 1) into bench/output/, once; if no Go
// toolchain exists, the largest corpus heap profile gets its own samples appended until ~25 MB
// (valid protobuf: a repeated field may appear any number of times, ids stay unique).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as protobuf from 'protobufjs';
import { inflate } from 'pako';
import { decodeProfile } from '../src/core/profile/decodeProfile';
import { decodeProfileWire } from '../src/core/profile/profileWire';
import { ProtoReader } from '../src/core/profile/protoReader';

const PROFILE_PROTO = `
syntax = "proto3";
package perftools.profiles;
message Profile {
  repeated ValueType sample_type = 1; repeated Sample sample = 2; repeated Mapping mapping = 3;
  repeated Location location = 4; repeated Function function = 5; repeated string string_table = 6;
  int64 drop_frames = 7; int64 keep_frames = 8; int64 time_nanos = 9; int64 duration_nanos = 10;
  ValueType period_type = 11; int64 period = 12; repeated int64 comment = 13; int64 default_sample_type = 14;
}
message ValueType { int64 type = 1; int64 unit = 2; }
message Sample { repeated uint64 location_id = 1; repeated int64 value = 2; repeated Label label = 3; }
message Label { int64 key = 1; int64 str = 2; int64 num = 3; int64 num_unit = 4; }
message Mapping {
  uint64 id = 1; uint64 memory_start = 2; uint64 memory_limit = 3; uint64 file_offset = 4;
  int64 filename = 5; int64 build_id = 6; bool has_functions = 7; bool has_filenames = 8;
  bool has_line_numbers = 9; bool has_inline_frames = 10;
}
message Location { uint64 id = 1; uint64 mapping_id = 2; uint64 address = 3; repeated Line line = 4; bool is_folded = 5; }
message Line { uint64 function_id = 1; int64 line = 2; int64 column = 3; }
message Function { uint64 id = 1; int64 name = 2; int64 system_name = 3; int64 filename = 4; int64 start_line = 5; }
`;

const repoRoot = path.resolve(__dirname, '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const output = path.join(repoRoot, 'bench', 'output');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const root = protobuf.parse(PROFILE_PROTO).root;
root.resolveAll(); // resolve field defaults while Long exists; decoding without it works after
const ProfileType = root.lookupType('perftools.profiles.Profile');
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

function largeHeapProfile(): { name: string; gz: Uint8Array | null; raw: Uint8Array } {
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
    const gz = new Uint8Array(readFileSync(generated));
    return { name: 'heapgen 2^19 stacks (Go 1.23)', gz, raw: new Uint8Array(gunzipSync(gz)) };
  }
  // Fallback: the largest corpus heap profile with its sample fields (field 2) repeated.
  const heaps = corpusFiles().filter((f) => f.includes('heap'));
  const base = new Uint8Array(gunzipSync(readFileSync(heaps[heaps.length - 1]!)));
  const samples = sampleFields(base);
  const copies = Math.ceil((25e6 - base.length) / samples.length);
  const out = new Uint8Array(base.length + samples.length * copies);
  out.set(base);
  for (let i = 0; i < copies; i++) out.set(samples, base.length + i * samples.length);
  return { name: `${path.basename(heaps[heaps.length - 1]!)} + its samples x${copies}`, gz: null, raw: out };
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

function row(name: string, bytes: number, ms: number, base?: number): string {
  const ratio = base === undefined ? '' : `  ${(base / ms).toFixed(2)}x`;
  return `  ${name.padEnd(48)} ${ms.toFixed(1).padStart(9)} ms cpu ${mbps(bytes, ms)} MB/s ${lastWall.toFixed(0).padStart(7)} ms wall${ratio}`;
}

function benchInput(name: string, raw: Uint8Array, gz: Uint8Array | null, runs: number): void {
  console.log(
    `\n${name}: ${(raw.length / 1e6).toFixed(2)} MB raw${gz ? `, ${(gz.length / 1e6).toFixed(2)} MB gzipped` : ''}`,
  );
  setLong(true);
  const withLong = time(() => ProfileType.decode(raw), runs);
  const wallLong = lastWall;
  setLong(false);
  const noLong = time(() => ProfileType.decode(raw), runs);
  const wallNoLong = lastWall;
  setLong(true);
  console.log(
    row('protobufjs reflection, Long objects', raw.length, withLong).replace(
      /\d+ ms wall/,
      `${wallLong.toFixed(0)} ms wall`,
    ),
  );
  console.log(
    row('protobufjs reflection, numbers (no Long)', raw.length, noLong, withLong).replace(
      /\d+ ms wall/,
      `${wallNoLong.toFixed(0)} ms wall`,
    ),
  );
  const wire = time(() => decodeProfileWire(raw, name), runs);
  console.log(row('ours: wire phase (tables; samples located)', raw.length, wire, withLong));
  const full = time(() => decodeProfile(raw, { input: name }), runs);
  console.log(
    row('ours: decodeProfile (wire + resolve + validate)', raw.length, full, withLong) +
      `  (${(noLong / full).toFixed(2)}x vs no-Long)`,
  );
  if (gz) {
    const z = time(() => gunzipSync(gz), runs);
    console.log(row('gunzip: node zlib', raw.length, z));
    const p = time(() => inflate(gz), runs);
    console.log(row('gunzip: pako', raw.length, p) + `  (${(p / z).toFixed(2)}x zlib's time)`);
  }
}

function main(): void {
  console.log(
    `decodeProfile bench: node ${process.version}, median CPU time of ${RUNS} runs after a warm-up; ratios are speed-ups over protobufjs with Long`,
  );
  const files = corpusFiles();
  if (files.length > 0) {
    const raws = files.map((f) => new Uint8Array(gunzipSync(readFileSync(f))));
    const total = raws.reduce((n, r) => n + r.length, 0);
    console.log(`\nshared corpus: ${files.length} protos, ${(total / 1e6).toFixed(2)} MB raw in all`);
    const all = (fn: (r: Uint8Array) => unknown) => () => raws.forEach(fn);
    setLong(true);
    const withLong = time(
      all((r) => ProfileType.decode(r)),
      RUNS * 4,
    );
    console.log(row('protobufjs reflection, Long objects', total, withLong));
    setLong(false);
    const noLong = time(
      all((r) => ProfileType.decode(r)),
      RUNS * 4,
    );
    console.log(row('protobufjs reflection, numbers (no Long)', total, noLong, withLong));
    setLong(true);
    const ours = time(
      all((r) => decodeProfile(r, { input: 'corpus' })),
      RUNS * 4,
    );
    console.log(
      row('ours: decodeProfile (wire + resolve + validate)', total, ours, withLong) +
        `  (${(noLong / ours).toFixed(2)}x vs no-Long)`,
    );
  } else {
    console.log(`\n(shared corpus not found at ${corpus}: corpus figures skipped)`);
  }
  const large = largeHeapProfile();
  benchInput(large.name, large.raw, large.gz, RUNS);
}

main();
