// Flat and cumulative weight per function, the numbers of `go tool pprof -top -nodefraction=0`:
// flat goes to the leaf frame of each sample, cum to every function on its stack once per sample,
// and an inlined frame counts as a function of its own. Mirrors google/pprof's graph.newGraph at
// "functions" granularity, including its order (flat, then name, then cum) and its handling of
// `drop_frames`, so the result can be checked against the real tool number for number. Samples
// are read through the profile's tables (one pass, typed arrays, no object per sample), every
// sample type at once when asked, so a 300k-sample heap profile takes a fraction of pprof's time.
import type { Profile, ProfileLocation } from '../model/profile';
import { tablesOf, type ProfileTables } from '../profile/profileTables';

export interface TopEntry {
  /** Function name as pprof prints it; `[binary]` or `<unknown>` for a frame without a function. */
  readonly function: string;
  readonly flat: number;
  readonly cum: number;
}

export interface TopOptions {
  /** Index into `profile.sampleTypes`; defaults to the profile's default sample type. */
  readonly sampleIndex?: number;
}

/** The tops of some sample types from one pass over the samples. */
export interface TopTable {
  /** Function names, one per node, in no particular order. */
  readonly names: readonly string[];
  /** What tells nodes apart: the name, or for a frame without one its binary and start line. */
  readonly keys: readonly string[];
  /** Which of the profile's sample types each column holds. */
  readonly sampleIndexes: readonly number[];
  /** flat[node * columns + c] and cum[node * columns + c], columns = sampleIndexes.length. */
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  /**
   * pprof's total per column (report.computeTotal): the sum of |value| over all samples, what
   * its percentages divide by.
   */
  readonly totals: readonly number[];
}

export interface TopTableOptions {
  /** The sample types to add up; every one unless given. */
  readonly sampleIndexes?: readonly number[];
  /** google/pprof's drop_frames and keep_frames; the profile's own unless given (a merge's). */
  readonly dropFrames?: string;
  readonly keepFrames?: string;
}

export function computeTop(profile: Profile | ProfileTables, options: TopOptions = {}): TopEntry[] {
  const tables = 'cursor' in profile ? profile : tablesOf(profile);
  const sampleIndex = options.sampleIndex ?? tables.header.defaultSampleType;
  checkSampleIndex(tables, sampleIndex);
  return topEntries(topTable(tables, { sampleIndexes: [sampleIndex] }), 0);
}

export function checkSampleIndex(tables: ProfileTables, sampleIndex: number): void {
  const n = tables.header.sampleTypes.length;
  if (!Number.isInteger(sampleIndex) || sampleIndex < 0 || sampleIndex >= n) {
    throw new RangeError(`sample index ${sampleIndex} is out of range: the profile has ${n} sample types`);
  }
}

/** The rows of one column in pprof's order, without the functions whose flat and cum are 0. */
export function topEntries(table: TopTable, column: number): TopEntry[] {
  const out: TopEntry[] = [];
  const { flat, cum } = table;
  const types = table.sampleIndexes.length;
  for (let n = 0; n < table.names.length; n++) {
    const f = flat[n * types + column]!;
    const c = cum[n * types + column]!;
    if (f !== 0 || c !== 0) out.push({ function: table.names[n]!, flat: f, cum: c });
  }
  return sortTop(out);
}

/** pprof's FlatNameOrder: |flat| descending, then name, then |cum| descending. */
export function sortTop(entries: TopEntry[]): TopEntry[] {
  return entries.sort(
    (a, b) =>
      Math.abs(b.flat) - Math.abs(a.flat) ||
      (a.function < b.function ? -1 : a.function > b.function ? 1 : 0) ||
      Math.abs(b.cum) - Math.abs(a.cum),
  );
}

/** Flat and cum of every function for every sample type, in one pass over the samples. */
export function topTable(tables: ProfileTables, options: TopTableOptions = {}): TopTable {
  const header = tables.header;
  const sampleIndexes = options.sampleIndexes ?? header.sampleTypes.map((_, i) => i);
  for (const i of sampleIndexes) checkSampleIndex(tables, i);
  const types = sampleIndexes.length;
  const only = types === 1 ? sampleIndexes[0]! : -1;
  const nodes = functionNodes(tables, options);
  const nNodes = nodes.names.length;
  const flat = new Float64Array(nNodes * types);
  const cum = new Float64Array(nNodes * types);
  const lastSample = new Int32Array(nNodes).fill(-1);
  const totals = new Array<number>(types).fill(0);
  const { locStart, locNodes } = nodes;
  const w = new Float64Array(types);
  const cursor = tables.cursor();
  for (let s = 0; s < cursor.count; s++) {
    cursor.read(s);
    const values = cursor.values;
    let any = false;
    for (let t = 0; t < types; t++) {
      const v = values[sampleIndexes[t]!]!;
      w[t] = v;
      if (v !== 0) {
        any = true;
        totals[t]! += Math.abs(v);
      }
    }
    if (!any) continue;
    const locs = cursor.locations;
    const start = nodes.keptFrom(locs, cursor.depth);
    let leaf = -1;
    // One sample type (the CLI, most views): one addition per frame instead of one per type.
    const w0 = only >= 0 ? w[0]! : 0;
    for (let i = cursor.depth - 1; i >= start; i--) {
      const loc = locs[i]!;
      for (let k = locStart[loc + 1]! - 1; k >= locStart[loc]!; k--) {
        const n = locNodes[k]!;
        if (lastSample[n] !== s) {
          lastSample[n] = s;
          if (only >= 0) cum[n]! += w0;
          else for (let t = 0; t < types; t++) cum[n * types + t]! += w[t]!;
        }
        leaf = n;
      }
    }
    if (leaf >= 0) for (let t = 0; t < types; t++) flat[leaf * types + t]! += w[t]!;
  }
  return { names: nodes.names, keys: nodes.keys, sampleIndexes, flat, cum, totals };
}

/**
 * pprof's nodes at function granularity and which of them each location stands for: the nodes of
 * location `i` are locNodes[locStart[i] .. locStart[i+1]), innermost line first.
 */
export interface FunctionNodes {
  readonly names: readonly string[];
  readonly keys: readonly string[];
  readonly locStart: Int32Array;
  readonly locNodes: Int32Array;
  /** Where a sample's stack starts once drop_frames is applied (frames below it are dropped). */
  keptFrom(locs: Int32Array, depth: number): number;
}

export function functionNodes(tables: ProfileTables, options: TopTableOptions = {}): FunctionNodes {
  const { locations } = tables.header;
  const prune = pruning(
    locations,
    options.dropFrames ?? tables.header.dropFrames,
    options.keepFrames ?? tables.header.keepFrames,
  );
  const byKey = new Map<string, number>();
  const names: string[] = [];
  const keys: string[] = [];
  const node = (key: string, name: string): number => {
    let n = byKey.get(key);
    if (n === undefined) {
      n = names.length;
      names.push(name);
      keys.push(key);
      byKey.set(key, n);
    }
    return n;
  };
  const locStart = new Int32Array(locations.length + 1);
  const list: number[] = [];
  locations.forEach((loc, i) => {
    locStart[i] = list.length;
    const lines = prune.lines(loc, i);
    if (lines.length === 0) list.push(node(noFunctionKey(loc, 0), noFunctionName(loc)));
    for (const l of lines) {
      list.push(
        l.function.name !== ''
          ? node(l.function.name, l.function.name)
          : node(noFunctionKey(loc, l.function.startLine), noFunctionName(loc)),
      );
    }
  });
  locStart[locations.length] = list.length;
  return { names, keys, locStart, locNodes: Int32Array.from(list), keptFrom: prune.keptFrom };
}

// pprof keys a frame without a function name by its binary (and start line), and prints the binary.
function noFunctionKey(loc: ProfileLocation, startLine: number): string {
  return `\0${loc.mapping?.filename ?? ''}\0${startLine}`;
}

function noFunctionName(loc: ProfileLocation): string {
  const file = loc.mapping?.filename ?? '';
  return file === '' ? '<unknown>' : `[${file.slice(file.lastIndexOf('/') + 1)}]`;
}

interface Pruning {
  lines(loc: ProfileLocation, index: number): ProfileLocation['lines'];
  keptFrom(locs: Int32Array, depth: number): number;
}

const PRUNE = 1;
const PRUNE_BENEATH = 2;

/**
 * google/pprof's Profile.Prune as applied by RemoveUninteresting when the profile names
 * `drop_frames`: frames beneath (callees of) a matching function are removed, but never the
 * frames before the first frame that does not match, counting from the root.
 */
function pruning(locations: readonly ProfileLocation[], dropFrames: string, keepFrames: string): Pruning {
  const keepAll: Pruning = { lines: (l) => l.lines, keptFrom: () => 0 };
  if (dropFrames === '') return keepAll;
  let drop: RegExp;
  let keep: RegExp | null = null;
  try {
    drop = new RegExp(`^(?:${dropFrames})$`);
    if (keepFrames !== '') keep = new RegExp(`^(?:${keepFrames})$`);
  } catch {
    return keepAll; // pprof fails the same way: frames stay
  }
  const matches = (name: string) => {
    const f = simplifyFunc(name);
    return drop.test(f) && !(keep && keep.test(f));
  };
  const flags = new Uint8Array(locations.length);
  const trimmed = new Map<number, ProfileLocation['lines']>();
  locations.forEach((loc, index) => {
    let i = loc.lines.length - 1;
    for (; i >= 0; i--) {
      const name = loc.lines[i]!.function.name;
      if (name !== '' && matches(name)) break;
    }
    if (i >= 0) {
      if (i === loc.lines.length - 1) flags[index] = PRUNE;
      else {
        flags[index] = PRUNE_BENEATH;
        trimmed.set(index, loc.lines.slice(i + 1));
      }
    }
  });
  return {
    lines: (l, index) => trimmed.get(index) ?? l.lines,
    keptFrom: (locs, depth) => {
      let foundUser = false;
      for (let i = depth - 1; i >= 0; i--) {
        const f = flags[locs[i]!]!;
        if (f === 0) {
          foundUser = true;
          continue;
        }
        if (!foundUser) continue;
        return f === PRUNE ? i + 1 : i;
      }
      return 0;
    },
  };
}

/** google/pprof's simplifyFunc: drop a leading '.' and an argument list, keeping reserved names. */
function simplifyFunc(f: string): string {
  let name = f.startsWith('.') ? f.slice(1) : f;
  const re = /\(anonymous namespace\)|operator\(\)|\(/g;
  for (let m = re.exec(name); m; m = re.exec(name)) {
    if (m[0] === '(') {
      name = name.slice(0, m.index);
      break;
    }
  }
  return name;
}
