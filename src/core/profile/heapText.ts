// The legacy heap text format (`/debug/pprof/heap?debug=1`) → the same Profile model as the
// protobuf, with the sample types of the protobuf (alloc_objects, alloc_space, inuse_objects,
// inuse_space) and values scaled the way google/pprof's legacy parser scales them. Frames come
// from the `#\tPC\tfunction+off\tfile:line` lines, one location per printed PC (inlined frames
// share it). The `@` PC list is used only for a record without `#` lines (older heap profiles,
// gperftools' and those written without symbols): its samples then count under locations with an
// address and no function, as pprof counts them (`<unknown>` in its top), with a warning, rather
// than dropping out of the totals.
import { InputError } from '../inputError';
import type { Profile, ProfileFunction, ProfileLine, ProfileSample } from '../model/profile';

export interface HeapTextOptions {
  readonly input: string;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});
const HEADER_RE = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const SAMPLE_RE = /^(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *\] @([ x0-9a-f]*)$/;
const FRAME_RE = /^#\s+0x([0-9a-f]+)\s+(\S.*?)\+0x[0-9a-f]+\s+(.*):(\d+)\s*$/;

/** A profile read from text, with what could not be read fully. */
interface HeapTextResult extends Profile {
  readonly warnings: readonly string[];
}

interface MutableLocation {
  id: number;
  address: number;
  mapping: null;
  lines: ProfileLine[];
}

export function parseHeapText(data: string | Uint8Array, options: HeapTextOptions): HeapTextResult {
  const { input } = options;
  const text = typeof data === 'string' ? data : new TextDecoder('utf-8').decode(data);
  const lines = text.split('\n');
  const fail = (problem: string, lineIndex: number): never => {
    throw new InputError(problem, {
      stage: 'parsing heap text',
      input,
      line: lineIndex + 1,
      excerpt: lines[lineIndex]?.trimEnd() ?? '',
    });
  };
  const header = HEADER_RE.exec(lines[0] ?? '');
  if (!header) fail('expected a "heap profile: N: N [N: N] @ heap/N" header', 0);
  const [rate, scaled] = samplingOf(header![5]!, header![6]!);

  const functions: ProfileFunction[] = [];
  const functionByKey = new Map<string, ProfileFunction>();
  const locations: MutableLocation[] = [];
  const locationByPc = new Map<number, MutableLocation>();
  const samples: ProfileSample[] = [];
  // The record being read: its values, then the locations of its `#` lines as they arrive.
  let values: number[] | null = null;
  let blockSize = 0;
  let stack: MutableLocation[] = [];
  let pcs: number[] = [];
  let withoutSymbols = 0;
  const filledNow = new Set<MutableLocation>();
  const locationAt = (pc: number): MutableLocation => {
    let loc = locationByPc.get(pc);
    if (!loc) {
      loc = { id: locations.length + 1, address: pc, mapping: null, lines: [] };
      locations.push(loc);
      locationByPc.set(pc, loc);
    }
    return loc;
  };
  const flush = () => {
    if (values && stack.length === 0 && pcs.length > 0) {
      // No `#` lines: the addresses are all there is. Their functions are unknown.
      stack = pcs.map(locationAt);
      withoutSymbols++;
    }
    if (values) {
      const numLabels = Object.create(null) as Record<string, number>;
      numLabels['bytes'] = blockSize;
      samples.push({ locations: stack, values, labels: NO_LABELS, numLabels });
    }
    values = null;
    stack = [];
    pcs = [];
    filledNow.clear();
  };

  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith('# runtime.MemStats')) break;
      const f = FRAME_RE.exec(line);
      if (!f || !values) continue; // other comments, as pprof skips them
      const loc = locationAt(parseInt(f[1]!, 16));
      // Inlined frames share their PC: consecutive `#` lines with one PC are one location.
      if (stack[stack.length - 1] !== loc) stack.push(loc);
      // A PC printed by several records keeps the frames of the first one that printed it.
      if (loc.lines.length > 0 && !filledNow.has(loc)) continue;
      filledNow.add(loc);
      const name = f[2]!,
        file = f[3]!;
      const key = `${name}\0${file}`;
      let fn = functionByKey.get(key);
      if (!fn) {
        fn = { id: functions.length + 1, name, systemName: name, filename: file, startLine: 0 };
        functions.push(fn);
        functionByKey.set(key, fn);
      }
      loc.lines.push({ function: fn, line: Number(f[4]) });
      continue;
    }
    if (line.startsWith('MAPPED_LIBRARIES') || line.startsWith('--- Memory map')) break;
    const m = SAMPLE_RE.exec(line);
    if (!m) fail('expected a record "inuse_objects: inuse_bytes [alloc_objects: alloc_bytes] @ PCs"', i);
    flush();
    const num = (s: string): number => {
      const v = Number(s);
      if (!Number.isSafeInteger(v)) fail(`${s} is outside ±2^53`, i);
      return v;
    };
    const pair = (countS: string, sizeS: string, what: string): [number, number] => {
      const count = num(countS),
        size = num(sizeS);
      if (count === 0 && size !== 0) fail(`${what} count is 0 but ${what} bytes is ${size}`, i);
      if (count === 0) return [0, 0];
      blockSize = Math.trunc(size / count);
      return scaled ? scaleHeapSample(count, size, rate) : [count, size];
    };
    blockSize = 0;
    const alloc = pair(m![3]!, m![4]!, 'allocation');
    const inuse = pair(m![1]!, m![2]!, 'inuse');
    values = [alloc[0], alloc[1], inuse[0], inuse[1]];
    pcs =
      m![5]!.trim() === ''
        ? []
        : m![5]!
            .trim()
            .split(/\s+/)
            .map((x) => parseInt(x, 16));
  }
  flush();
  const warnings: string[] = [];
  if (withoutSymbols > 0) {
    warnings.push(
      `${withoutSymbols} of ${samples.length} records list only addresses (no "#" frame lines): ` +
        "their functions are unknown without the binary's symbols (shown as <unknown>); the totals count them",
    );
  }

  return {
    sampleTypes: [
      { type: 'alloc_objects', unit: 'count' },
      { type: 'alloc_space', unit: 'bytes' },
      { type: 'inuse_objects', unit: 'count' },
      { type: 'inuse_space', unit: 'bytes' },
    ],
    samples,
    mappings: [],
    locations,
    functions,
    dropFrames: '',
    keepFrames: '',
    timeNanos: 0,
    durationNanos: 0,
    periodType: { type: 'space', unit: 'bytes' },
    period: rate,
    comments: [],
    defaultSampleType: 3,
    warnings,
  };
}

/** `heap/N` (Go's runtime: N is twice MemProfileRate), `heap_v2/N`, `heapprofile` (no sampling). */
function samplingOf(kind: string, period: string): [rate: number, scaled: boolean] {
  const n = period === '' ? 0 : Number(period);
  switch (kind) {
    case 'heap':
      return [Math.trunc(n / 2), true];
    case 'heap_v2':
    case 'heapz_v2':
      return [n, true];
    default:
      return [1, false];
  }
}

/** google/pprof's scaleHeapSample: undo Poisson sampling at average rate `rate` bytes. */
function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const scale = 1 / (1 - Math.exp(-(size / count) / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}
