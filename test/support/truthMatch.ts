// Applies a GROUND_TRUTH.json group's `match` rules (as the Go capture drivers write them) to the
// product's parsed groups: first matching truth group wins. `present_before_load` needs goroutine
// ids (debug=2, checked against the t0 dump); where a profile has none (debug=1, proto) the rule's
// `label` decides, or, without a label, the rule matches and the group is counted together with
// the groups that share its stack (`same_stack_as`). Test helper, not a test.
import type { GoroutineGroup } from '../../src/core/model/goroutine';

export interface TruthRule {
  func?: string;
  any_func?: string[];
  func_prefix?: string;
  only_goexit?: boolean;
  empty_stack?: boolean;
  present_before_load?: boolean;
  label?: string; // "key=value"
}

export interface MatchableGroup {
  id: string;
  match: TruthRule[];
}

function framesMatch(r: TruthRule, fns: readonly string[]): boolean {
  if (r.empty_stack) return fns.length === 0;
  if (r.only_goexit) return fns.length === 1 && fns[0] === 'runtime.goexit';
  if (r.func !== undefined && !fns.includes(r.func)) return false;
  if (r.any_func !== undefined && !r.any_func.some((f) => fns.includes(f))) return false;
  if (r.func_prefix !== undefined && !fns.some((f) => f.startsWith(r.func_prefix!))) return false;
  return r.func !== undefined || r.any_func !== undefined || r.func_prefix !== undefined;
}

function hasLabel(g: GoroutineGroup, kv: string): boolean {
  const i = kv.indexOf('=');
  return g.labels[kv.slice(0, i)] === kv.slice(i + 1);
}

/** The truth group of one goroutine with an id (debug=2), given the ids of the t0 dump. */
export function truthGroupOfId<T extends MatchableGroup>(
  g: GoroutineGroup,
  id: number,
  groups: readonly T[],
  t0: ReadonlySet<number>,
): T | null {
  const fns = g.stack.frames.map((f) => f.function);
  return groups.find((t) => t.match.some((r) => framesMatch(r, fns) && (!r.present_before_load || t0.has(id)))) ?? null;
}

/** The truth group of a group without ids (debug=1, proto). */
export function truthGroupOfRecord<T extends MatchableGroup>(g: GoroutineGroup, groups: readonly T[]): T | null {
  const fns = g.stack.frames.map((f) => f.function);
  return (
    groups.find((t) => t.match.some((r) => framesMatch(r, fns) && (r.label === undefined || hasLabel(g, r.label)))) ??
    null
  );
}
