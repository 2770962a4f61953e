// Parse integrity of the held-out corpora (test/fixtures/go1.*/holdout-relayd, holdout-hookd and
// holdout-flagd,
// issue 11): every capture decodes through the public loader to the totals GROUND_TRUTH.json gives, every
// ground-truth goroutine id is in its debug=2 dump, and the group counts of debug=1, proto and the
// goroutineleak profile agree with the driver's. No verdicts: the analysis is measured on these
// corpora elsewhere (`npm run score`) and must not be tuned against them.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GoroutineGroup, GoroutineSnapshot } from '../../../src/core/model/goroutine';
import { load, repoRoot } from './corpusFiles';

const VERSIONS = ['go1.19', 'go1.23', 'go1.27'] as const;
const MOMENTS = ['t1', 't2', 't3'] as const;
/** Each corpus and the script that generates it (both drivers share one ground-truth format). */
const CORPORA = [
  ['holdout-relayd', 'scripts/generateHoldout.sh'],
  ['holdout-hookd', 'scripts/generateHoldoutHookd.sh'],
  ['holdout-flagd', 'scripts/generateHoldoutFlagd.sh'],
] as const;

interface HoldoutRule {
  func?: string;
  any_func?: string[];
  func_prefix?: string;
  only_goexit?: boolean;
  empty_stack?: boolean;
  present_at?: string;
}

interface HoldoutGroup {
  id: string;
  route: string | null;
  is_leak: boolean;
  count: number;
  observed: { debug2: number; debug1?: number; debug0?: number };
  match: HoldoutRule[];
  goroutine_ids: number[];
  runtime_leak_detector?: { flagged: number; flagged_goroutine_ids: number[] };
}

interface HoldoutCapture {
  files: Record<string, string>;
  total_goroutines: number;
  leaked_goroutines: number;
  healthy_goroutines: number;
  totals_by_format: { debug2: number; debug1: number; debug0: number };
  runtime_leak_detector_flagged?: number;
  groups: HoldoutGroup[];
}

interface HoldoutTruth {
  go_version: string;
  captures: Record<string, HoldoutCapture>;
}

function truthOf(dir: string): HoldoutTruth {
  return JSON.parse(readFileSync(path.join(dir, 'GROUND_TRUTH.json'), 'utf8')) as HoldoutTruth;
}

/**
 * The drivers' rule semantics (test/go/holdout-*-driver/rules.go) for inputs without ids:
 * every set field must hold; `present_at` is decided by the group's route label.
 */
function holds(rule: HoldoutRule, g: GoroutineGroup, route: string | null): boolean {
  const fns = g.stack.frames.map((f) => f.function);
  if (rule.func !== undefined && !fns.includes(rule.func)) return false;
  if (rule.any_func !== undefined && !rule.any_func.some((f) => fns.includes(f))) return false;
  if (rule.func_prefix !== undefined && !fns.some((f) => f.startsWith(rule.func_prefix!))) return false;
  // Go's debug=1 and proto end a stack with runtime.goexit; a decoder may drop it.
  const real = fns.filter((f) => f !== 'runtime.goexit');
  if ((rule.only_goexit === true || rule.empty_stack === true) && real.length !== 0) return false;
  if (rule.present_at !== undefined) return route !== null && g.labels['route'] === route;
  return true;
}

/** Goroutines per ground-truth group by the match rules (first group wins), and the unmatched. */
function countByRules(s: GoroutineSnapshot, groups: readonly HoldoutGroup[]) {
  const counts = new Map<string, number>();
  const unmatched: string[] = [];
  for (const g of s.groups) {
    const t = groups.find((x) => x.match.some((r) => holds(r, g, x.route)));
    if (t === undefined) unmatched.push(g.stack.frames.map((f) => f.function).join(' < '));
    else counts.set(t.id, (counts.get(t.id) ?? 0) + g.count);
  }
  return { counts, unmatched };
}

function idsOf(s: GoroutineSnapshot): Map<number, GoroutineGroup> {
  const out = new Map<number, GoroutineGroup>();
  for (const g of s.groups) for (const id of g.ids) out.set(id, g);
  return out;
}

for (const [corpus, script] of CORPORA) {
  const dirOf = (version: string) => path.join(repoRoot, 'test', 'fixtures', version, corpus);
  const present = VERSIONS.every((v) => existsSync(path.join(dirOf(v), 'GROUND_TRUTH.json')));

  describe(
    `held-out corpus (${corpus}): parse integrity`,
    { skip: present ? false : `${script} has not been run` },
    () => {
      for (const version of VERSIONS) {
        const T = present ? truthOf(dirOf(version)) : { go_version: '', captures: {} };

        it(`${version}: three moments, ground truth consistent with itself`, () => {
          assert.deepEqual(Object.keys(T.captures).sort(), [...MOMENTS]);
          assert.ok(T.go_version.startsWith(version), T.go_version);
          for (const [m, c] of Object.entries(T.captures)) {
            const sum = (leak: boolean) => c.groups.filter((g) => g.is_leak === leak).reduce((n, g) => n + g.count, 0);
            assert.equal(sum(true), c.leaked_goroutines, `${m} leaked`);
            assert.equal(sum(false), c.healthy_goroutines, `${m} healthy`);
            assert.equal(c.leaked_goroutines + c.healthy_goroutines, c.total_goroutines, `${m} total`);
            const ids = c.groups.flatMap((g) => g.goroutine_ids);
            assert.equal(new Set(ids).size, ids.length, `${m}: a goroutine id in two groups`);
            for (const g of c.groups) assert.equal(g.goroutine_ids.length, g.count, `${m} ${g.id}`);
          }
        });

        for (const moment of MOMENTS) {
          const c = T.captures[moment];
          const file = (kind: string) => path.join(dirOf(version), c!.files[kind]!);

          it(`${version} ${moment} debug=2: every ground-truth goroutine id, in its group's count`, async () => {
            const s = await load(file('goroutine_debug2'));
            assert.equal(s.source, 'debug2');
            assert.deepEqual(s.warnings, []);
            assert.equal(s.goroutineCount, c!.total_goroutines);
            const parsed = idsOf(s);
            assert.equal(parsed.size, c!.total_goroutines, 'distinct ids');
            for (const g of c!.groups) {
              const missing = g.goroutine_ids.filter((id) => !parsed.has(id));
              assert.deepEqual(missing, [], `${g.id}: ids not in the dump`);
            }
            const truthIds = new Set(c!.groups.flatMap((g) => g.goroutine_ids));
            assert.deepEqual(
              [...parsed.keys()].filter((id) => !truthIds.has(id)),
              [],
              'ids in the dump that no group owns',
            );
          });

          for (const [kind, key, source] of [
            ['goroutine_debug1', 'debug1', 'debug1'],
            ['goroutine_debug0', 'debug0', 'proto'],
          ] as const) {
            it(`${version} ${moment} ${key}: total and per-group counts`, async () => {
              const s = await load(file(kind));
              assert.equal(s.source, source);
              assert.deepEqual(s.warnings, []);
              assert.equal(s.goroutineCount, c!.totals_by_format[key]);
              const { counts, unmatched } = countByRules(s, c!.groups);
              assert.deepEqual(unmatched, []);
              for (const g of c!.groups) assert.equal(counts.get(g.id) ?? 0, g.observed[key], g.id);
            });
          }

          if (version === 'go1.27') {
            it(`${version} ${moment} goroutineleak: flagged goroutines, in debug=2, debug=1 and proto`, async () => {
              const flagged = c!.runtime_leak_detector_flagged!;
              const d2 = await load(file('goroutineleak_debug2'));
              assert.equal(d2.source, 'debug2');
              assert.equal(d2.goroutineCount, c!.total_goroutines);
              const parsed = idsOf(d2);
              let marked = 0;
              for (const g of c!.groups) {
                const rl = g.runtime_leak_detector!;
                for (const id of rl.flagged_goroutine_ids) assert.ok(parsed.get(id)!.leakedCount > 0, `${g.id} ${id}`);
                marked += rl.flagged;
              }
              assert.equal(
                d2.groups.reduce((n, g) => n + g.leakedCount, 0),
                marked,
              );
              assert.equal(marked, flagged);
              for (const [kind, source] of [
                ['goroutineleak_debug1', 'goroutineleak-debug1'],
                ['goroutineleak_debug0', 'goroutineleak-proto'],
              ] as const) {
                const s = await load(file(kind));
                assert.equal(s.source, source, kind);
                assert.equal(s.goroutineCount, flagged, kind);
              }
            });
          }
        }
      }
    },
  );
}
