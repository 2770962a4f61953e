// Every goroutine file of the shared shopd corpus (Go 1.19, 1.23, 1.26, 1.27; debug=2, debug=1,
// protobuf, goroutineleak) decodes to the counts, ids, labels and leak verdicts GROUND_TRUTH.json
// gives, alone and merged; heap files are refused with a pointer to `top`.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/inputError';
import { SKIP_NOTE, corpusPresent, load, shopdRoot, tally, truth, type TruthCapture } from './corpusFiles';

const T = corpusPresent ? truth() : { versions: {} };

function file(c: TruthCapture, kind: string): string {
  return path.join(shopdRoot, c.files[kind]!);
}

describe('shopd corpus', { skip: corpusPresent ? false : SKIP_NOTE }, () => {
  for (const [version, v] of Object.entries(T.versions)) {
    for (const [capture, c] of Object.entries(v.captures)) {
      const name = `${version} ${capture}`;
      const exact = c.groups.filter((g) => g.count_exact);
      const inexact = c.groups.filter((g) => !g.count_exact);

      it(`${name} debug=2: totals, per-group counts, ids and states`, async () => {
        const s = await load(file(c, 'goroutine_debug2'));
        assert.equal(s.source, 'debug2');
        assert.equal(s.goroutineCount, c.total_goroutines.debug2);
        assert.deepEqual(s.warnings, []);
        const { byId, unmatched } = tally(s, c.groups);
        assert.deepEqual(
          unmatched.map((g) => g.stack.frames[0]?.function),
          [],
        );
        for (const t of exact) {
          const got = byId.get(t.id) ?? { count: 0, ids: [] };
          assert.equal(got.count, t.count, `${t.id} count`);
          assert.deepEqual(
            [...got.ids].sort((a, b) => a - b),
            [...t.goroutine_ids].sort((a, b) => a - b),
            `${t.id} ids`,
          );
        }
        const inexactSum = inexact.reduce((n, t) => n + (byId.get(t.id)?.count ?? 0), 0);
        assert.equal(
          inexactSum,
          inexact.reduce((n, t) => n + t.observed.debug2, 0),
        );
        for (const g of s.groups) {
          const t = c.groups.find(
            (x) => x.match.length > 0 && tally({ ...s, groups: [g] }, [x]).unmatched.length === 0,
          );
          if (t !== undefined && t.count_exact) assert.equal(g.state, t.wait_state, `${t.id} state`);
        }
        assert.equal(s.hasLeakProfile, false);
        if (version === 'go1.27') {
          for (const t of exact.filter((x) => x.count > 0))
            assert.deepEqual(
              byId.get(t.id)!.labels,
              new Set([JSON.stringify(Object.entries(t.labels).sort())]),
              `${t.id} header labels`,
            );
        }
        if (version === 'go1.26' || version === 'go1.27') {
          for (const t of c.groups) {
            assert.equal(
              byId.get(t.id)?.leaked ?? 0,
              t.runtime_leak_detector!.marked_leaked_in_goroutine_debug2,
              `${t.id} stale (leaked) marks`,
            );
          }
        }
      });

      for (const kind of ['goroutine_debug1', 'goroutine_debug0'] as const) {
        const key = kind === 'goroutine_debug1' ? 'debug1' : 'debug0';
        it(`${name} ${key}: totals, per-group counts and labels`, async () => {
          const s = await load(file(c, kind));
          assert.equal(s.source, key === 'debug1' ? 'debug1' : 'proto');
          assert.equal(s.goroutineCount, c.total_goroutines[key]);
          const { byId, unmatched } = tally(s, c.groups);
          assert.deepEqual(
            unmatched.map((g) => g.stack.frames.map((f) => f.function)),
            [],
          );
          for (const t of exact) {
            const got = byId.get(t.id);
            assert.equal(got?.count ?? 0, t.observed[key], `${t.id} count`);
            if (got)
              assert.deepEqual(
                got.labels,
                new Set([JSON.stringify(Object.entries(t.labels).sort())]),
                `${t.id} labels`,
              );
          }
        });

        it(`${name} debug=2 + ${key}: labels attached by stack match, never guessed`, async () => {
          const s = await load(file(c, 'goroutine_debug2'), file(c, kind));
          assert.equal(s.source, 'debug2');
          assert.equal(s.goroutineCount, c.total_goroutines.debug2);
          const { byId } = tally(s, c.groups);
          for (const t of exact.filter((x) => x.count > 0)) {
            assert.deepEqual(
              byId.get(t.id)!.labels,
              new Set([JSON.stringify(Object.entries(t.labels).sort())]),
              `${t.id} labels`,
            );
          }
        });
      }

      if (c.runtime_leak_detector !== undefined) {
        const leak = c.runtime_leak_detector;
        for (const kind of ['goroutineleak_debug2', 'goroutineleak_debug1', 'goroutineleak_debug0']) {
          it(`${name} debug=2 + ${kind}: the runtime's verdict per group replaces stale marks`, async () => {
            const s = await load(file(c, 'goroutine_debug2'), file(c, kind));
            assert.equal(s.hasLeakProfile, true);
            assert.equal(s.goroutineCount, c.total_goroutines.debug2);
            const { byId } = tally(s, c.groups);
            for (const t of c.groups) {
              assert.equal(byId.get(t.id)?.leaked ?? 0, t.runtime_leak_detector!.flagged, `${t.id} leaked`);
            }
          });
        }

        it(`${name} goroutineleak debug=2 alone: a full dump with the flagged goroutines marked`, async () => {
          const s = await load(file(c, 'goroutineleak_debug2'));
          assert.equal(s.hasLeakProfile, true);
          assert.equal(s.source, 'debug2');
          assert.equal(s.goroutineCount, leak.total_goroutines_in_goroutineleak_debug2);
          assert.equal(
            s.groups.reduce((n, g) => n + g.leakedCount, 0),
            leak.flagged_total.debug2,
          );
        });

        for (const [kind, source] of [
          ['goroutineleak_debug1', 'goroutineleak-debug1'],
          ['goroutineleak_debug0', 'goroutineleak-proto'],
        ] as const) {
          it(`${name} ${kind} alone: only the flagged goroutines, all leaked`, async () => {
            const s = await load(file(c, kind));
            assert.equal(s.source, source);
            assert.equal(s.hasLeakProfile, true);
            const key = kind === 'goroutineleak_debug1' ? 'debug1' : 'debug0';
            assert.equal(s.goroutineCount, leak.flagged_total[key]);
            assert.equal(
              s.groups.reduce((n, g) => n + g.leakedCount, 0),
              leak.flagged_total[key],
            );
          });
        }
      }

      for (const kind of ['heap_debug0', 'heap_debug1', 'allocs_debug0']) {
        it(`${name} ${kind}: refused as not a goroutine profile, pointing at top`, async () => {
          await assert.rejects(
            load(file(c, kind)),
            (e: unknown) =>
              e instanceof InputError && /heap profile/.test(e.message) && /goroutine-inspector top/.test(e.message),
          );
        });
      }
    }
  }
});
