// Flat and cumulative weight per function, the numbers of `go tool pprof -top -nodefraction=0`:
// flat goes to the leaf frame of each sample, cum to every function on its stack once per sample,
// and an inlined frame counts as a function of its own. Mirrors google/pprof's graph.newGraph at
// "functions" granularity, including its order (flat, then name, then cum) and its handling of
// `drop_frames`, so the result can be checked against the real tool number for number.
import type { Profile, ProfileLocation } from '../model/profile';

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

interface Node {
  name: string;
  flat: number;
  cum: number;
  lastSample: number;
}

export function computeTop(profile: Profile, options: TopOptions = {}): TopEntry[] {
  const sampleIndex = options.sampleIndex ?? profile.defaultSampleType;
  if (!Number.isInteger(sampleIndex) || sampleIndex < 0 || sampleIndex >= profile.sampleTypes.length) {
    throw new RangeError(
      `sample index ${sampleIndex} is out of range: the profile has ${profile.sampleTypes.length} sample types`,
    );
  }
  const keep = keptLocations(profile);
  const byKey = new Map<string, Node>();
  // Nodes of each location, innermost line first, computed once per location.
  const nodesOf = new Map<ProfileLocation, Node[]>();
  const nodesFor = (loc: ProfileLocation): Node[] => {
    let nodes = nodesOf.get(loc);
    if (!nodes) {
      const lines = keep.lines(loc);
      nodes =
        lines.length === 0
          ? [node(byKey, noFunctionKey(loc, 0), noFunctionName(loc))]
          : lines.map((l) =>
              l.function.name !== ''
                ? node(byKey, l.function.name, l.function.name)
                : node(byKey, noFunctionKey(loc, l.function.startLine), noFunctionName(loc)),
            );
      nodesOf.set(loc, nodes);
    }
    return nodes;
  };

  const samples = profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const sample = samples[s]!;
    const w = sample.values[sampleIndex]!;
    if (w === 0) continue;
    const locs = keep.stack(sample.locations);
    let leaf: Node | null = null;
    for (let i = locs.length - 1; i >= 0; i--) {
      const nodes = nodesFor(locs[i]!);
      for (let n = nodes.length - 1; n >= 0; n--) {
        const node = nodes[n]!;
        if (node.lastSample !== s) {
          node.lastSample = s;
          node.cum += w;
        }
        leaf = node;
      }
    }
    if (leaf) leaf.flat += w;
  }

  const out: TopEntry[] = [];
  for (const n of byKey.values()) {
    if (n.flat !== 0 || n.cum !== 0) out.push({ function: n.name, flat: n.flat, cum: n.cum });
  }
  out.sort(
    (a, b) =>
      Math.abs(b.flat) - Math.abs(a.flat) ||
      (a.function < b.function ? -1 : a.function > b.function ? 1 : 0) ||
      Math.abs(b.cum) - Math.abs(a.cum),
  );
  return out;
}

function node(byKey: Map<string, Node>, key: string, name: string): Node {
  let n = byKey.get(key);
  if (!n) {
    n = { name, flat: 0, cum: 0, lastSample: -1 };
    byKey.set(key, n);
  }
  return n;
}

// pprof keys a frame without a function name by its binary (and start line), and prints the binary.
function noFunctionKey(loc: ProfileLocation, startLine: number): string {
  return `\0${loc.mapping?.filename ?? ''}\0${startLine}`;
}

function noFunctionName(loc: ProfileLocation): string {
  const file = loc.mapping?.filename ?? '';
  return file === '' ? '<unknown>' : `[${file.slice(file.lastIndexOf('/') + 1)}]`;
}

interface KeptLocations {
  lines(loc: ProfileLocation): ProfileLocation['lines'];
  stack(locs: readonly ProfileLocation[]): readonly ProfileLocation[];
}

/**
 * google/pprof's Profile.Prune as applied by RemoveUninteresting when the profile names
 * `drop_frames`: frames beneath (callees of) a matching function are removed, but never the
 * frames before the first frame that does not match, counting from the root.
 */
function keptLocations(profile: Profile): KeptLocations {
  if (profile.dropFrames === '') return { lines: (l) => l.lines, stack: (s) => s };
  let drop: RegExp;
  let keep: RegExp | null = null;
  try {
    drop = new RegExp(`^(?:${profile.dropFrames})$`);
    if (profile.keepFrames !== '') keep = new RegExp(`^(?:${profile.keepFrames})$`);
  } catch {
    return { lines: (l) => l.lines, stack: (s) => s }; // pprof fails the same way: frames stay
  }
  const matches = (name: string) => {
    const f = simplifyFunc(name);
    return drop.test(f) && !(keep && keep.test(f));
  };
  const prune = new Set<ProfileLocation>();
  const pruneBeneath = new Set<ProfileLocation>();
  const trimmed = new Map<ProfileLocation, ProfileLocation['lines']>();
  for (const loc of profile.locations) {
    let i = loc.lines.length - 1;
    for (; i >= 0; i--) {
      const name = loc.lines[i]!.function.name;
      if (name !== '' && matches(name)) break;
    }
    if (i >= 0) {
      pruneBeneath.add(loc);
      if (i === loc.lines.length - 1) prune.add(loc);
      else trimmed.set(loc, loc.lines.slice(i + 1));
    }
  }
  return {
    lines: (l) => trimmed.get(l) ?? l.lines,
    stack: (locs) => {
      let foundUser = false;
      for (let i = locs.length - 1; i >= 0; i--) {
        const loc = locs[i]!;
        if (!prune.has(loc) && !pruneBeneath.has(loc)) {
          foundUser = true;
          continue;
        }
        if (!foundUser) continue;
        if (prune.has(loc)) return locs.slice(i + 1);
        return locs.slice(i);
      }
      return locs;
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
