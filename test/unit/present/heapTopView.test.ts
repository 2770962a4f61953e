// The heap top the views show equals `go tool pprof -top` number for number: the goldens in
// test/golden/top were printed by the real tool (see test/unit/profile/top.test.ts). The summary
// beside a capture and a heap file opened alone both go through heapTopView.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { TopEntry } from '../../../src/core/analysis/top';
import type { Profile } from '../../../src/core/model/profile';
import { heapTopView } from '../../../src/core/present/heapTopView';
import { buildSummaryView } from '../../../src/core/present/summaryView';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { leakyapiSnapshot, repoRoot } from './leakyapiSnapshot';

const goldenDir = path.join(repoRoot, 'test', 'golden', 'top');
const load = (file: string): Promise<Profile> =>
  readProfile(bytesInput(file, readFileSync(file)), { inflater: zlibInflater });
const golden = (input: string): Record<string, TopEntry[]> =>
  JSON.parse(readFileSync(path.join(goldenDir, input.replace(/\.pb\.gz$/, '.top.json')), 'utf8'));
const inputs = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.pb.gz'))
  .sort();

describe('heapTopView against go tool pprof -top', () => {
  it('has heap goldens to compare with', () => {
    assert.ok(inputs.some((f) => f.endsWith('_heap.pb.gz')));
    assert.ok(inputs.some((f) => f.endsWith('_allocs.pb.gz')));
  });
  for (const input of inputs) {
    it(input, async () => {
      const profile = await load(path.join(goldenDir, input));
      const expected = golden(input);
      for (const t of profile.sampleTypes) {
        const rows = expected[t.type]!;
        const allocating = rows.filter((r) => r.flat !== 0);
        for (const limit of [10, 25]) {
          const view = heapTopView(profile, { sampleType: t.type, limit });
          assert.equal(view.sampleType, t.type);
          assert.equal(view.unit, t.unit);
          assert.deepEqual(view.rows, allocating.slice(0, limit), `${t.type}, ${limit} rows`);
          // pprof's Total: every function's flat, not only the rows shown.
          assert.equal(
            view.total,
            rows.reduce((n, r) => n + r.flat, 0),
            t.type,
          );
        }
      }
    });
  }

  it('ranks by inuse_space unless told, ten rows', async () => {
    const input = inputs.find((f) => f.endsWith('_heap.pb.gz'))!;
    const view = heapTopView(await load(path.join(goldenDir, input)));
    assert.equal(view.sampleType, 'inuse_space');
    assert.equal(view.unit, 'bytes');
    assert.deepEqual(view.rows, golden(input).inuse_space!.slice(0, 10));
    assert.equal(view.rows.length, 10);
  });

  it('knows no total for a sample type the profile lacks, rather than printing 0', async () => {
    const input = inputs.find((f) => f.endsWith('_goroutine.pb.gz'))!;
    const view = heapTopView(await load(path.join(goldenDir, input)));
    assert.deepEqual(view, { sampleType: 'inuse_space', unit: '', total: null, rows: [] });
  });
});

describe("the summary's heap top", () => {
  it('is the pprof top of the heap captured with the goroutines', async () => {
    const source = await leakyapiSnapshot('go1.19', 't1');
    const input = inputs.find((f) => f.endsWith('_heap.pb.gz'))!;
    const heap = await load(path.join(goldenDir, input));
    const summary = buildSummaryView({ ...source, heap });
    assert.ok(summary.heapTop);
    assert.deepEqual(summary.heapTop.rows, golden(input).inuse_space!.slice(0, 10));
    assert.equal(summary.heapTop.sampleType, 'inuse_space');
  });

  it("lists allocating functions only, ties in pprof's order (by name)", async () => {
    // leakyapi go1.19 t1 holds 5 functions with in-use bytes of their own; two hold 526,338 each.
    const { heap } = await leakyapiSnapshot('go1.19', 't1');
    const top = buildSummaryView({ ...(await leakyapiSnapshot('go1.19', 't1')), heap }).heapTop!;
    assert.deepEqual(
      top.rows.map((r) => r.function),
      ['bufio.NewReaderSize', 'bufio.NewWriterSize', 'runtime.allocm', 'runtime.malg', 'main.(*api).settleWorker'],
    );
    assert.ok(top.rows.every((r) => r.flat > 0 && r.cum >= r.flat));
    assert.equal(top.total, 2626308);
  });

  it('is absent without a heap profile', async () => {
    const source = await leakyapiSnapshot('go1.19', 't1');
    assert.equal(buildSummaryView({ ...source, heap: null }).heapTop, null);
  });
});
