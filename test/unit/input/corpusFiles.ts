// Finds the shared corpus next to the repository and loads its files through the public entry
// point, and applies GROUND_TRUTH.json's `match` rules to groups. Test helper, not a test.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import type { GoroutineGroup, GoroutineSnapshot } from '../../../src/core/model/goroutine';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');
export const shopdRoot = path.join(sharedRoot, 'corpus', 'shopd');
export const scaleRoot = path.join(sharedRoot, 'corpus', 'scale');
export const corpusPresent = existsSync(path.join(shopdRoot, 'GROUND_TRUTH.json'));
export const SKIP_NOTE = `shared corpus not found at ${sharedRoot}`;

export function load(...files: string[]): Promise<GoroutineSnapshot> {
  return loadSnapshot(files.map(readInput), { inflater: zlibInflater });
}

export interface MatchRule {
  func?: string;
  any_func?: string[];
  func_prefix?: string;
  only_goexit?: boolean;
  empty_stack?: boolean;
}

export interface TruthGroup {
  id: string;
  count: number;
  count_exact: boolean;
  observed: { debug2: number; debug1: number; debug0: number };
  labels: Record<string, string>;
  wait_state: string;
  match: MatchRule[];
  goroutine_ids: number[];
  runtime_leak_detector?: {
    flagged: number;
    in_group: number;
    flagged_goroutine_ids: number[];
    marked_leaked_in_goroutine_debug2: number;
  };
}

export interface TruthCapture {
  files: Record<string, string>;
  total_goroutines: { debug2: number; debug1: number; debug0: number };
  groups: TruthGroup[];
  runtime_leak_detector?: {
    total_goroutines_in_goroutineleak_debug2: number;
    flagged_total: { debug2: number; debug1: number; debug0: number };
  };
}

export function truth(): { versions: Record<string, { captures: Record<string, TruthCapture> }> } {
  return JSON.parse(readFileSync(path.join(shopdRoot, 'GROUND_TRUTH.json'), 'utf8'));
}

function ruleMatches(rule: MatchRule, fns: string[]): boolean {
  if (rule.empty_stack) return fns.length === 0;
  if (rule.only_goexit) return fns.length === 1 && fns[0] === 'runtime.goexit';
  if (rule.func !== undefined && !fns.includes(rule.func)) return false;
  if (rule.any_func !== undefined && !rule.any_func.some((f) => fns.includes(f))) return false;
  if (rule.func_prefix !== undefined && !fns.some((f) => f.startsWith(rule.func_prefix!))) return false;
  return rule.func !== undefined || rule.any_func !== undefined || rule.func_prefix !== undefined;
}

/** The ground-truth group a snapshot group belongs to (first matching wins), or null. */
export function truthGroupOf(g: GoroutineGroup, groups: readonly TruthGroup[]): TruthGroup | null {
  const fns = g.stack.frames.map((f) => f.function);
  return groups.find((t) => t.match.some((r) => ruleMatches(r, fns))) ?? null;
}

/** Per ground-truth group id: goroutines, ids, leaked count and the label sets seen. */
export function tally(snapshot: GoroutineSnapshot, groups: readonly TruthGroup[]) {
  const out = new Map<string, { count: number; ids: number[]; leaked: number; labels: Set<string> }>();
  const unmatched: GoroutineGroup[] = [];
  for (const g of snapshot.groups) {
    const t = truthGroupOf(g, groups);
    if (t === null) {
      unmatched.push(g);
      continue;
    }
    let e = out.get(t.id);
    if (e === undefined) {
      e = { count: 0, ids: [], leaked: 0, labels: new Set() };
      out.set(t.id, e);
    }
    e.count += g.count;
    e.ids.push(...g.ids);
    e.leaked += g.leakedCount;
    e.labels.add(JSON.stringify(Object.entries(g.labels).sort()));
  }
  return { byId: out, unmatched };
}
