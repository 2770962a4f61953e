// The second corpus (test/fixtures/go1.*/meteohub, captured from test/go/meteohub by
// scripts/generateCorpus2.sh) read through the product's loaders must hold exactly what its
// GROUND_TRUTH.json says, in every format: each debug=2 goroutine id of the truth, its group
// (by the truth's match rules) and its wait reason; the per-group counts of debug=1 and proto;
// go1.27's header labels and the runtime leak detector's marks. Parse integrity only: the
// verdicts on this corpus are measured by `npm run score`, not asserted here.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GoroutineSnapshot } from '../../../src/core/model/goroutine';
import { fixturesRoot, loadDump } from '../../support/corpora';
import { truthGroupOfId, truthGroupOfRecord, type TruthRule } from '../../support/truthMatch';

interface Group {
  id: string;
  kind: string;
  is_leak: boolean;
  count: number;
  observed: Record<string, number>;
  wait_states_observed: Record<string, number>;
  debug2_header_labels?: Record<string, number>;
  match: TruthRule[];
  same_stack_as?: string;
  volatile?: boolean;
  goroutine_ids: number[];
  runtime_leak_detector?: { flagged: number; in_group: number; flagged_goroutine_ids: number[] };
}

interface Capture {
  files: Record<string, string>;
  total_goroutines: number;
  totals_observed: Record<string, number>;
  leaked_goroutines: number;
  healthy_goroutines: number;
  runtime_leak_detector_flagged?: number;
  groups: Group[];
}

const VERSIONS = ['go1.19', 'go1.23', 'go1.27'].filter((v) =>
  existsSync(path.join(fixturesRoot, v, 'meteohub', 'GROUND_TRUTH.json')),
);

function readTruth(v: string): { go_version: string; captures: Record<string, Capture> } {
  return JSON.parse(readFileSync(path.join(fixturesRoot, v, 'meteohub', 'GROUND_TRUTH.json'), 'utf8'));
}

/** Wait reason as the truth printed it, without `, N minutes` and ` (leaked)`. */
function reason(raw: string): string {
  return raw.split(', ')[0]!.replace(/ \(leaked\)$/, '');
}

/** Per truth group id: the ids, wait reasons and leaked marks the snapshot gives it. */
function byTruthGroup(s: GoroutineSnapshot, groups: Group[], t0: ReadonlySet<number>) {
  const out = new Map<string, { ids: number[]; states: Map<string, number>; leaked: number; labelled: number }>();
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { ids: [], states: new Map(), leaked: 0, labelled: 0 }));
    return e;
  };
  for (const g of s.groups) {
    // A parsed group shares stack, state and labels, but present_before_load splits a stack by id.
    const owners = new Set<string>();
    for (const id of g.ids) {
      const owner = truthGroupOfId(g, id, groups, t0)?.id ?? '(none)';
      owners.add(owner);
      const e = entry(owner);
      e.ids.push(id);
      const st = g.state ?? '(no state)';
      e.states.set(st, (e.states.get(st) ?? 0) + 1);
      if (Object.keys(g.labels).length > 0) e.labelled++;
    }
    if (g.leakedCount === 0) continue;
    if (owners.size !== 1)
      throw new Error(`parsed group ${g.key} with (leaked) marks spans truth groups ${[...owners]}`);
    entry([...owners][0]!).leaked += g.leakedCount;
  }
  return out;
}

/** Per truth group id: goroutines of a profile without ids (debug=1, proto). */
function countsOf(s: GoroutineSnapshot, groups: Group[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of s.groups) {
    const id = truthGroupOfRecord(g, groups)?.id ?? '(none)';
    out.set(id, (out.get(id) ?? 0) + g.count);
  }
  return out;
}

describe(
  'meteohub fixtures: the loaders read what GROUND_TRUTH.json says',
  { skip: VERSIONS.length > 0 ? false : 'test/fixtures/go1.*/meteohub not generated (scripts/generateCorpus2.sh)' },
  () => {
    for (const v of VERSIONS) {
      const dir = path.join(fixturesRoot, v, 'meteohub');
      const truth = readTruth(v);
      const t0 = new Set<number>(truth.captures['t0']!.groups.flatMap((g) => g.goroutine_ids));

      it(`${v}: the truth is the ${v} run with four captures`, () => {
        assert.ok(truth.go_version.startsWith(v), `${truth.go_version} vs ${v}`);
        assert.deepEqual(Object.keys(truth.captures).sort(), ['t0', 't1', 't2', 't3']);
      });

      for (const [name, c] of Object.entries(truth.captures)) {
        it(`${v} ${name}: every debug=2 goroutine of the truth, in its group, with its wait reason`, async () => {
          const d2 = await loadDump(path.join(dir, c.files['goroutine_debug2']!));
          assert.equal(d2.source, 'debug2');
          assert.equal(d2.goroutineCount, c.total_goroutines);
          assert.equal(c.leaked_goroutines + c.healthy_goroutines, c.total_goroutines);
          const got = byTruthGroup(d2, c.groups, t0);
          assert.equal(got.get('(none)'), undefined, 'every parsed goroutine belongs to a truth group');
          for (const t of c.groups) {
            const e = got.get(t.id);
            assert.deepEqual(
              [...(e?.ids ?? [])].sort((a, b) => a - b),
              t.goroutine_ids,
              `${t.id}: goroutine ids`,
            );
            assert.equal(t.goroutine_ids.length, t.count, `${t.id}: count`);
            const want = new Map<string, number>();
            for (const [raw, n] of Object.entries(t.wait_states_observed))
              want.set(reason(raw), (want.get(reason(raw)) ?? 0) + n);
            assert.deepEqual(
              new Map([...(e?.states ?? [])].sort()),
              new Map([...want].sort()),
              `${t.id}: wait reasons`,
            );
            if (t.debug2_header_labels) {
              const labelled = Object.values(t.debug2_header_labels).reduce((a, b) => a + b, 0);
              assert.equal(e?.labelled ?? 0, labelled, `${t.id}: goroutines with header labels`);
            }
          }
        });

        for (const format of ['debug1', 'debug0'] as const) {
          const file = c.files[`goroutine_${format}`];
          if (file === undefined) continue;
          it(`${v} ${name}: goroutine ${format} counts per group agree with the truth`, async () => {
            const s = await loadDump(path.join(dir, file));
            assert.equal(s.goroutineCount, c.totals_observed[format]);
            const counts = countsOf(s, c.groups);
            assert.equal(counts.get('(none)'), undefined, 'every record belongs to a truth group');
            const merged = new Map<string, [got: number, want: number]>();
            for (const t of c.groups) {
              const n = counts.get(t.id) ?? 0;
              assert.equal(n, t.observed[format], `${t.id}: ${format} count as the driver observed it`);
              if (t.same_stack_as) {
                const m = merged.get(t.same_stack_as) ?? [0, 0];
                merged.set(t.same_stack_as, [m[0] + n, m[1] + t.count]);
              } else if (!t.volatile) {
                assert.equal(n, t.count, `${t.id}: ${format} and debug=2 agree`);
              }
            }
            for (const [k, [got, want]] of merged) assert.equal(got, want, `${k}: groups sharing a stack, as a sum`);
          });
        }

        const leakDump = c.files['goroutineleak_debug2'];
        if (leakDump !== undefined) {
          it(`${v} ${name}: the runtime leak detector's marks per group`, async () => {
            const s = await loadDump(path.join(dir, leakDump));
            const got = byTruthGroup(s, c.groups, t0);
            let flagged = 0;
            for (const t of c.groups) {
              const rl = t.runtime_leak_detector!;
              assert.equal(got.get(t.id)?.leaked ?? 0, rl.flagged, `${t.id}: flagged`);
              assert.equal(got.get(t.id)?.ids.length ?? 0, rl.in_group, `${t.id}: in the leak dump`);
              if (rl.flagged > 0) assert.ok(t.is_leak, `${t.id}: the runtime flags only leaks`);
              flagged += rl.flagged;
            }
            assert.equal(flagged, c.runtime_leak_detector_flagged);
            const d1 = await loadDump(path.join(dir, c.files['goroutineleak_debug1']!));
            assert.equal(d1.goroutineCount, flagged, 'goroutineleak debug=1 lists the flagged goroutines');
            const d0 = await loadDump(path.join(dir, c.files['goroutineleak_debug0']!));
            assert.equal(d0.goroutineCount, flagged, 'goroutineleak proto lists the flagged goroutines');
          });
        }
      }
    }
  },
);
