// The generated fixtures of real Go programs (test/fixtures/go1.19, go1.23, go1.27): crash-style
// dumps checked against tracebacks/GROUND_TRUTH.json (goroutines, ids, states, locked threads,
// deepest stack, elided frames), and the leakyapi captures checked per goroutine id against
// leakyapi/GROUND_TRUTH.json, alone and merged (labels, go1.27 leak verdicts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GoroutineRecord, GoroutineSnapshot } from '../../../src/core/model/goroutine';
import { Debug2Parser } from '../../../src/core/traceback/debug2Parser';
import { StackTable } from '../../../src/core/traceback/stackTable';
import { load, type MatchRule } from '../input/corpusFiles';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
// Committed with the repository: a missing version fails below instead of leaving the run.
const VERSIONS = ['go1.19', 'go1.23', 'go1.27'];

interface DumpTruth {
  file: string;
  goroutines: number;
  goroutine_ids: number[];
  states: Record<string, number>;
  locked_to_thread_ids: number[];
  max_frames: number;
  elided_lines: string[];
  first_goroutine: { id: number; state: string; top_frame: string };
}

function parseFile(file: string) {
  const records: GoroutineRecord[] = [];
  const parser = new Debug2Parser(new StackTable(), { add: (g) => records.push({ ...g }) }, file);
  parser.push(readFileSync(file));
  return { records, summary: parser.finish() };
}

describe('generated crash dumps', () => {
  for (const v of VERSIONS) {
    const dir = path.join(FIXTURES, v, 'tracebacks');
    const dumps = (JSON.parse(readFileSync(path.join(dir, 'GROUND_TRUTH.json'), 'utf8')) as { dumps: DumpTruth[] })
      .dumps;
    for (const t of dumps) {
      it(`${v} ${t.file}`, () => {
        const { records } = parseFile(path.join(dir, t.file));
        assert.equal(records.length, t.goroutines);
        assert.deepEqual(
          records.map((g) => g.id).sort((a, b) => a - b),
          [...t.goroutine_ids].sort((a, b) => a - b),
        );
        const states: Record<string, number> = {};
        for (const g of records) states[g.state] = (states[g.state] ?? 0) + 1;
        assert.deepEqual(states, t.states);
        assert.deepEqual(
          records.filter((g) => g.flags.lockedToThread).map((g) => g.id),
          t.locked_to_thread_ids,
        );
        assert.equal(Math.max(...records.map((g) => g.stack.frames.length)), t.max_frames);
        const elided = t.elided_lines
          .map((l) => Number(/\.\.\.(\d+) frames elided/.exec(l)?.[1] ?? 0))
          .reduce((a, b) => a + b, 0);
        assert.equal(
          records.reduce((n, g) => n + g.stack.elidedFrames, 0),
          elided,
        );
        assert.equal(records[0]!.id, t.first_goroutine.id);
        assert.equal(records[0]!.state, t.first_goroutine.state.split(', ')[0]); // the truth keeps `, locked to thread`
        assert.equal(records[0]!.stack.frames[0]?.function, t.first_goroutine.top_frame);
        if (t.max_frames >= 95 && elided === 0) {
          // go1.19's silent cut at 100 frames is recognized.
          assert.ok(records.some((g) => g.stack.truncated));
        }
      });
    }
  }
});

interface LeakyGroup {
  id: string;
  count: number;
  match: (MatchRule & { present_before_load?: boolean })[];
  goroutine_ids: number[];
  observed: { debug1: number; debug2: number };
  runtime_leak_detector?: { flagged: number };
}
interface LeakyCapture {
  files: Record<string, string>;
  total_goroutines: number;
  groups: LeakyGroup[];
}

/** Per truth group: goroutines by id (debug=2) — `present_before_load` needs the id in t0. */
function perId(s: GoroutineSnapshot, groups: LeakyGroup[], t0: Set<number>) {
  const out = new Map<string, { ids: number[]; leaked: number }>();
  for (const g of s.groups) {
    const fns = g.stack.frames.map((f) => f.function);
    for (const id of g.ids) {
      const t = groups.find((x) => x.match.some((r) => ruleOk(r, fns) && (!r.present_before_load || t0.has(id))));
      const key = t?.id ?? '(none)';
      let e = out.get(key);
      if (!e) {
        e = { ids: [], leaked: 0 };
        out.set(key, e);
      }
      e.ids.push(id);
    }
    if (g.leakedCount > 0) {
      const t = groups.find((x) => x.match.some((r) => ruleOk(r, fns) && !r.present_before_load));
      const e = out.get(t?.id ?? '(none)');
      if (e) e.leaked += g.leakedCount;
    }
  }
  return out;
}

function ruleOk(r: MatchRule, fns: string[]): boolean {
  if (r.empty_stack) return fns.length === 0;
  if (r.only_goexit) return fns.length === 1 && fns[0] === 'runtime.goexit';
  if (r.func !== undefined && !fns.includes(r.func)) return false;
  if (r.any_func !== undefined && !r.any_func.some((f) => fns.includes(f))) return false;
  if (r.func_prefix !== undefined && !fns.some((f) => f.startsWith(r.func_prefix!))) return false;
  return r.func !== undefined || r.any_func !== undefined || r.func_prefix !== undefined;
}

describe('generated leakyapi captures', () => {
  for (const v of VERSIONS) {
    const dir = path.join(FIXTURES, v, 'leakyapi');
    const truth = JSON.parse(readFileSync(path.join(dir, 'GROUND_TRUTH.json'), 'utf8')) as {
      captures: Record<string, LeakyCapture>;
    };
    it(`${v}: the ground truth describes t0, t1 and t2`, () => {
      assert.deepEqual(Object.keys(truth.captures).sort(), ['t0', 't1', 't2']);
    });
    // `present_before_load` needs the ids of t0: each test loads them itself (once), so a test
    // run alone matches the same goroutines as in a full run.
    let t0: Promise<Set<number>> | null = null;
    const t0Ids = () =>
      (t0 ??= load(path.join(dir, truth.captures['t0']!.files['goroutine_debug2']!)).then(
        (s) => new Set(s.groups.flatMap((g) => g.ids)),
      ));
    for (const [name, c] of Object.entries(truth.captures)) {
      it(`${v} ${name}: debug=2 ids per group, debug=1 totals, merged`, async () => {
        const t0ids = await t0Ids();
        assert.ok(t0ids.size > 0, 't0 has goroutines');
        const d2 = await load(path.join(dir, c.files['goroutine_debug2']!));
        assert.equal(d2.goroutineCount, c.total_goroutines);
        const byId = perId(d2, c.groups, t0ids);
        assert.equal(byId.get('(none)'), undefined, 'every goroutine belongs to a group');
        for (const t of c.groups) {
          assert.deepEqual(
            [...(byId.get(t.id)?.ids ?? [])].sort((a, b) => a - b),
            [...t.goroutine_ids].sort((a, b) => a - b),
            `${t.id} ids`,
          );
        }
        if (c.files['goroutine_debug1']) {
          const d1 = await load(path.join(dir, c.files['goroutine_debug1']!));
          assert.equal(
            d1.goroutineCount,
            c.groups.reduce((n, t) => n + t.observed.debug1, 0),
          );
          const merged = await load(
            path.join(dir, c.files['goroutine_debug2']!),
            path.join(dir, c.files['goroutine_debug1']!),
          );
          assert.equal(merged.goroutineCount, c.total_goroutines);
        }
        if (c.files['goroutineleak_debug1']) {
          const merged = await load(
            path.join(dir, c.files['goroutine_debug2']!),
            path.join(dir, c.files['goroutineleak_debug1']!),
          );
          assert.equal(merged.hasLeakProfile, true);
          const leaked = perId(merged, c.groups, t0ids);
          for (const t of c.groups) {
            if (t.runtime_leak_detector)
              assert.equal(leaked.get(t.id)?.leaked ?? 0, t.runtime_leak_detector.flagged, `${t.id} flagged`);
          }
        }
      });
    }
  }
});
