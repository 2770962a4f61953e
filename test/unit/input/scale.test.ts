// The scale corpus (100k and 1M goroutines, gzipped): totals, 2,008 distinct stacks, states as in
// stats.json, and the dump that net/http/pprof cut at 64 MiB in the middle of a goroutine.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GoroutineSnapshot } from '../../../src/core/model/goroutine';
import { SKIP_NOTE, load, scaleRoot } from './corpusFiles';

interface Stats {
  debug2_full: { goroutines: number; distinct_stacks: number; states: Record<string, number> };
  debug2_pprof64MiB: { goroutines: number; distinct_stacks: number; states: Record<string, number> };
  debug1: { goroutines: number; records: number };
}

function states(s: GoroutineSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of s.groups) out[g.state!] = (out[g.state!] ?? 0) + g.count;
  return out;
}

const runs = [
  ['go1.19', 'n100000'],
  ['go1.23', 'n100000'],
  ['go1.23', 'n1000000'],
] as const;

describe('scale corpus', { skip: existsSync(scaleRoot) ? false : SKIP_NOTE }, () => {
  for (const [version, n] of runs) {
    const dir = path.join(scaleRoot, version);
    const statsFile = path.join(dir, `${n}_stats.json`);
    if (!existsSync(statsFile)) {
      it(`${version} ${n}`, { skip: `${statsFile} not found` }, () => {});
      continue;
    }
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as Stats;
    const full = path.join(dir, `${n}_goroutine_debug2.txt.gz`);

    it(
      `${version} ${n} debug=2 (gz): every goroutine, ${stats.debug2_full.distinct_stacks} stacks, states`,
      { skip: !existsSync(full) && 'not kept (over 40 MB)' },
      async () => {
        const s = await load(full);
        assert.equal(s.goroutineCount, stats.debug2_full.goroutines);
        assert.equal(s.stacks.length, stats.debug2_full.distinct_stacks);
        assert.deepEqual(states(s), stats.debug2_full.states);
        assert.deepEqual(s.warnings, []);
        assert.equal(
          s.groups.reduce((k, g) => k + g.ids.length, 0),
          s.goroutineCount,
        );
      },
    );

    it(`${version} ${n} debug=2 cut at 64 MiB: parses with one warning about the last goroutine`, async () => {
      const s = await load(path.join(dir, `${n}_goroutine_debug2_pprof64MiB.txt.gz`));
      assert.equal(s.goroutineCount, stats.debug2_pprof64MiB.goroutines);
      assert.deepEqual(states(s), stats.debug2_pprof64MiB.states);
      assert.equal(s.warnings.length, 1);
      assert.match(s.warnings[0]!.message, /ends in the middle of goroutine \d+/);
      assert.ok(s.warnings[0]!.line! > 1_000_000);
      // The cut goroutine's partial stack counts as one more distinct stack, as in stats.json.
      assert.equal(s.stacks.length, stats.debug2_pprof64MiB.distinct_stacks);
      assert.equal(s.stacks.filter((st) => st.truncated).length, 1);
    });

    it(`${version} ${n} debug=1 (gz): ${stats.debug1.records} records`, async () => {
      const s = await load(path.join(dir, `${n}_goroutine_debug1.txt.gz`));
      assert.equal(s.source, 'debug1');
      assert.equal(s.goroutineCount, stats.debug1.goroutines);
      assert.equal(s.groups.length, stats.debug1.records);
    });

    it(`${version} ${n} protobuf: every goroutine`, async () => {
      const s = await load(path.join(dir, `${n}_goroutine_debug0.pb.gz`));
      assert.equal(s.source, 'proto');
      assert.equal(s.goroutineCount, stats.debug1.goroutines);
    });
  }
});
