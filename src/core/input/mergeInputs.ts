// Several profiles of one moment → one snapshot. The richest input gives the groups (debug=2 >
// debug=1 > protobuf); the others add what it lacks: pprof labels from debug=1 or protobuf
// (attached by stack match, only where the match is unambiguous — never guessed) and the
// runtime's goroutineleak verdict (by goroutine id from a leak debug=2 dump, by stack match from
// leak debug=1/protobuf), which replaces any stale `(leaked)` marks of an ordinary dump.
import type { DecodeWarning, GoroutineGroup, GoroutineSnapshot, GoroutineSource } from '../model/goroutine';
import { canonicalLabels } from '../go/labels';
import type { ParsedInput } from './parseInput';
import { atDepthCap, matchKey, matchingBaseKeys } from './stackMatch';

const RANK: Record<ParsedInput['kind'], number> = { debug2: 0, debug1: 1, proto: 2 };
const MAX_MERGE_WARNINGS = 20;

export function mergeInputs(parsed: readonly ParsedInput[]): GoroutineSnapshot {
  if (parsed.length === 0) throw new Error('mergeInputs needs at least one input');
  // An ordinary profile beats a leak profile of the same kind: the leak profile's debug=1/proto
  // list only the flagged goroutines.
  const base = [...parsed].sort(
    (a, b) => RANK[a.kind] - RANK[b.kind] || Number(a.leakProfile) - Number(b.leakProfile),
  )[0]!;
  const warnings: DecodeWarning[] = parsed.flatMap((p) => p.warnings);
  // Built on first use: a single input (the common case) never compares stacks, and the keys of a
  // 100k-goroutine dump's 2k stacks cost tens of milliseconds.
  let index: BaseIndex | null = null;
  const baseIndex = (): BaseIndex => (index ??= new BaseIndex(base.groups));
  let hasLeakProfile = base.leakProfile;
  let leakVerdictMerged = false;

  for (const p of parsed) {
    if (p === base) continue;
    if (p.leakProfile) {
      if (!leakVerdictMerged && !base.leakProfile) for (const g of base.groups) g.leakedCount = 0;
      leakVerdictMerged = true;
      hasLeakProfile = true;
      if (p.kind === 'debug2' && base.kind === 'debug2') mergeLeakedIds(base, p, warnings);
      else mergeLeakCounts(baseIndex(), base, p, warnings);
      continue;
    }
    if (p.kind === 'debug2' || p.kind === base.kind) {
      warnings.push({
        input: p.name,
        message: `a second ${describe(p)} of the same moment adds nothing to ${base.name}; it was not used`,
      });
      continue;
    }
    mergeLabels(baseIndex(), p, warnings);
  }

  const goroutineCount = base.groups.reduce((n, g) => n + g.count, 0);
  return {
    inputs: parsed.map((p) => p.name),
    source: sourceOf(base),
    goroutineCount,
    groups: base.groups,
    stacks: base.stacks,
    warnings,
    hasIds: base.kind === 'debug2',
    hasStates: base.kind === 'debug2',
    hasLeakProfile,
    testTimeout: parsed.find((p) => p.testTimeout != null)?.testTimeout ?? null,
  };
}

/** Base groups by the stack key other formats can be compared on. */
class BaseIndex {
  readonly byKey = new Map<string, GoroutineGroup[]>();
  readonly keys: ReadonlySet<string>;
  constructor(groups: readonly GoroutineGroup[]) {
    for (const g of groups) {
      const k = matchKey(g.stack);
      const list = this.byKey.get(k);
      if (list === undefined) this.byKey.set(k, [g]);
      else list.push(g);
    }
    this.keys = new Set(this.byKey.keys());
  }
  match(source: GoroutineGroup, depth: number | undefined): string[] {
    return matchingBaseKeys(matchKey(source.stack), atDepthCap(depth), this.byKey.keys(), this.keys);
  }
}

function mergeLabels(index: BaseIndex, src: ParsedInput, warnings: DecodeWarning[]): void {
  // Which label sets the source shows for each base stack.
  const seen = new Map<string, Map<string, GoroutineGroup>>();
  for (const g of src.groups) {
    for (const k of index.match(g, src.depths.get(g.stack))) {
      let sets = seen.get(k);
      if (sets === undefined) {
        sets = new Map();
        seen.set(k, sets);
      }
      sets.set(canonicalLabels(g.labels), g);
    }
  }
  let ambiguous = 0;
  for (const [k, sets] of seen) {
    const targets = index.byKey.get(k)!;
    if (sets.size > 1) {
      if (ambiguous++ < MAX_MERGE_WARNINGS) {
        const n = targets.reduce((s, g) => s + g.count, 0);
        warnings.push({
          input: src.name,
          message:
            `${n} goroutine(s) in ${targets[0]!.stack.frames[0]?.function ?? '(no frames)'} carry ${sets.size} different label sets in ${src.name}; ` +
            `their labels are left unset rather than guessed`,
        });
      }
      continue;
    }
    const labels = sets.values().next().value!.labels;
    if (Object.keys(labels).length === 0) continue;
    for (const g of targets) if (Object.keys(g.labels).length === 0) g.labels = labels;
  }
  if (ambiguous > MAX_MERGE_WARNINGS) {
    warnings.push({ input: src.name, message: `${ambiguous - MAX_MERGE_WARNINGS} more stacks with ambiguous labels` });
  }
}

function mergeLeakedIds(base: ParsedInput, leak: ParsedInput, warnings: DecodeWarning[]): void {
  const leaked = new Set(leak.leakedIds);
  let found = 0;
  for (const g of base.groups) {
    let n = 0;
    for (const id of g.ids) if (leaked.has(id)) n++;
    g.leakedCount = n;
    found += n;
  }
  if (found < leaked.size) {
    warnings.push({
      input: leak.name,
      message: `${leaked.size - found} of the ${leaked.size} goroutines flagged as leaked are not in ${base.name} (they ended between the two captures)`,
    });
  }
}

function mergeLeakCounts(index: BaseIndex, base: ParsedInput, leak: ParsedInput, warnings: DecodeWarning[]): void {
  const flagged = new Map<string, number>();
  let unmatched = 0;
  for (const g of leak.groups) {
    const n = leak.kind === 'debug2' ? g.leakedCount : g.count;
    if (n === 0) continue;
    const keys = index.match(g, leak.depths.get(g.stack));
    if (keys.length !== 1) {
      unmatched += n;
      continue;
    }
    flagged.set(keys[0]!, (flagged.get(keys[0]!) ?? 0) + n);
  }
  for (const [k, n] of flagged) {
    const targets = index.byKey.get(k)!;
    const total = targets.reduce((s, g) => s + g.count, 0);
    if (targets.length === 1) {
      targets[0]!.leakedCount += Math.min(n, targets[0]!.count);
    } else if (n >= total) {
      for (const g of targets) g.leakedCount = g.count;
    } else {
      warnings.push({
        input: leak.name,
        message:
          `${n} flagged goroutine(s) match ${targets.length} groups of ${base.name} (${total} goroutines) on the same stack; ` +
          'which of them leaked is not guessed',
      });
    }
  }
  if (unmatched > 0) {
    warnings.push({
      input: leak.name,
      message: `${unmatched} goroutine(s) flagged by the leak profile match no single stack of ${base.name} (they may have ended between the captures)`,
    });
  }
}

function sourceOf(base: ParsedInput): GoroutineSource {
  if (base.kind === 'debug2') return 'debug2';
  if (base.kind === 'debug1') return base.leakProfile ? 'goroutineleak-debug1' : 'debug1';
  return base.leakProfile ? 'goroutineleak-proto' : 'proto';
}

function describe(p: ParsedInput): string {
  return p.kind === 'debug2' ? 'debug=2 dump' : p.kind === 'debug1' ? 'debug=1 profile' : 'protobuf profile';
}
