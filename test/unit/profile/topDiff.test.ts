// computeTopDiff equals `go tool pprof -top -diff_base=BEFORE AFTER` for every sample type: against
// goldens the real tool printed (test/golden/topDiff/*.json, recorded by record.ts beside them
// with Go 1.23's pprof and checked with Go 1.27's) on the project's fixtures and the shared
// corpus's heap profiles; the CLI's `top --base` prints the same rows.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { computeTop } from '../../../src/core/analysis/top';
import { computeTopDiff } from '../../../src/core/analysis/topDiff';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import type { Profile } from '../../../src/core/model/profile';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { goldenDir, resolvePairPath, type DiffGolden } from '../../golden/topDiff/record';
import { repoRoot } from './goPprof';

const load = (file: string): Promise<Profile> =>
  readProfile(bytesInput(file, readFileSync(file)), { inflater: zlibInflater });

const goldens = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({
    name: f.replace(/\.json$/, ''),
    golden: JSON.parse(readFileSync(path.join(goldenDir, f), 'utf8')) as DiffGolden,
  }));

describe('computeTopDiff against goldens made by go tool pprof -diff_base', () => {
  it('has goldens from the fixtures and the corpus, forwards and backwards in time', () => {
    assert.ok(goldens.filter((g) => g.golden.after.startsWith('fixtures:')).length >= 9);
    assert.ok(goldens.filter((g) => g.golden.after.startsWith('corpus:')).length >= 8);
    // A golden where something was freed: negative rows exist.
    assert.ok(goldens.some((g) => Object.values(g.golden.sampleTypes).some((rows) => rows.some((r) => r.flat < 0))));
  });
  for (const { name, golden } of goldens) {
    const after = resolvePairPath(golden.after);
    const base = resolvePairPath(golden.base);
    const present = existsSync(after) && existsSync(base);
    it(
      name,
      { skip: present ? false : `${golden.after.startsWith('corpus:') ? 'shared corpus' : 'fixture'} not found` },
      async () => {
        const [a, b] = await Promise.all([load(after), load(base)]);
        assert.deepEqual(
          Object.keys(golden.sampleTypes),
          a.sampleTypes.map((t) => t.type),
        );
        for (const [type, rows] of Object.entries(golden.sampleTypes)) {
          assert.deepEqual(computeTopDiff(a, b, { sampleType: type }).entries, rows, `sample type ${type}`);
        }
      },
    );
  }
});

describe('computeTopDiff rules', () => {
  const fixture = (v: string, t: string) =>
    path.join(repoRoot, 'test', 'fixtures', v, 'meteohub', `${t}_heap_debug0.pb.gz`);

  it('is empty against itself, and negated when the sides swap', async () => {
    const [t1, t2] = await Promise.all([load(fixture('go1.23', 't1')), load(fixture('go1.23', 't2'))]);
    assert.deepEqual(computeTopDiff(t1, t1).entries, []);
    const forward = computeTopDiff(t2, t1, { sampleType: 'alloc_space' }).entries;
    const backward = new Map(computeTopDiff(t1, t2, { sampleType: 'alloc_space' }).entries.map((e) => [e.function, e]));
    assert.ok(forward.length > 0);
    for (const e of forward)
      assert.deepEqual(backward.get(e.function), { function: e.function, flat: 0 - e.flat || 0, cum: 0 - e.cum || 0 });
  });

  it('divides by the base total, and a profile minus nothing is its own top', async () => {
    const [t1, t2] = await Promise.all([load(fixture('go1.23', 't1')), load(fixture('go1.23', 't2'))]);
    const d = computeTopDiff(t2, t1, { sampleType: 'inuse_space' });
    const baseTop = computeTop(t1, { sampleIndex: t1.sampleTypes.findIndex((t) => t.type === 'inuse_space') });
    assert.equal(
      d.total,
      baseTop.reduce((n, e) => n + Math.abs(e.flat), 0),
    );
    assert.equal(d.unit, 'bytes');
  });

  it('refuses profiles of different kinds with a reason', async () => {
    const heap = await load(fixture('go1.23', 't1'));
    const goroutines = await load(path.join(repoRoot, 'test', 'golden', 'top', 'go1.27_t3_goroutine.pb.gz'));
    assert.throws(
      () => computeTopDiff(heap, goroutines),
      /comparing profiles: sample type "inuse_space" is not in both profiles/,
    );
  });
});

describe('goroutine-inspector top --base', () => {
  it('prints the golden rows as JSON', () => {
    const g = goldens.find((x) => x.name === 'go1.23-meteohub-t3-t1')!;
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'src', 'cli.ts'),
        'top',
        resolvePairPath(g.golden.after),
        '--base',
        resolvePairPath(g.golden.base),
        '--sample',
        'alloc_space',
        '--json',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), g.golden.sampleTypes['alloc_space']);
  });
});
