// The comparison of two moments of one run (leakyapi go1.23 t1 → t2, analysed with its source):
// every row's counts are the snapshots' own, growing rows first, and a row whose later group the
// analysis split into parts (keys `KEY#tag`) still finds its verdict and a group to open.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { groupPart } from '../../../src/core/analysis/groupParts';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import { buildCompareView } from '../../../src/core/present/compareView';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { loadDump } from '../../support/corpora';
import { leakyapiDir, leakyapiSource } from './leakyapiSnapshot';

describe('buildCompareView on leakyapi go1.23 t1 → t2', () => {
  let t1: AnalysisResult;
  let t2: AnalysisResult;
  before(async () => {
    const dir = leakyapiDir('go1.23');
    const reader = createFsSourceReader([leakyapiSource]);
    t1 = await analyzeSnapshot(await loadDump(path.join(dir, 't1_goroutine_debug2.txt')), { sourceReader: reader });
    t2 = await analyzeSnapshot(await loadDump(path.join(dir, 't2_goroutine_debug2.txt')), { sourceReader: reader });
  });

  it('counts every row as the snapshots do, growing rows first', () => {
    const v = buildCompareView({ title: 't1', result: t1, heap: null }, { title: 't2', result: t2, heap: null });
    assert.equal(v.before.goroutines, t1.snapshot.goroutineCount);
    assert.equal(v.after.goroutines, t2.snapshot.goroutineCount);
    assert.equal(
      v.groups.reduce((n, g) => n + g.after, 0),
      t2.snapshot.groups.reduce((n, g) => n + g.count, 0),
    );
    const firstNotGrowing = v.groups.findIndex((g) => g.change !== 'grown' && g.change !== 'new');
    assert.ok(firstNotGrowing > 0);
    assert.ok(v.groups.slice(firstNotGrowing).every((g) => g.change !== 'grown'));
  });

  it('keeps the verdict and a group to open when the later group was split into parts', () => {
    const whole = t2.groups.find((g) => g.verdict.suspect && g.group.ids.length >= 2 && g.group.leakedCount === 0)!;
    const half = Math.floor(whole.group.ids.length / 2);
    const parts = [
      { group: groupPart(whole.group, whole.group.ids.slice(0, half), 'old'), verdict: whole.verdict },
      { group: groupPart(whole.group, whole.group.ids.slice(half), 'new'), verdict: whole.verdict },
    ];
    const split: AnalysisResult = { ...t2, groups: t2.groups.flatMap((g) => (g === whole ? parts : [g])) };
    const v = buildCompareView({ title: 't1', result: t1, heap: null }, { title: 't2', result: split, heap: null });
    const row = v.groups.find((r) => r.afterKey?.startsWith(`${whole.group.key}#`));
    assert.ok(row, 'the split group has its row, opening one of its parts');
    assert.equal(row.suspect, true);
    assert.equal(row.kind, whole.verdict.kind);
    assert.equal(row.after, whole.group.count);
  });
});
