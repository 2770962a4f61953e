// The memory a suspect group holds, against truths: test/go/heldmem's captures (leaked goroutines
// that each keep an allocation of a known size, next to leaked ones that keep nothing;
// test/fixtures/heldmem/<version>/truth.json, made by scripts/generateHeldMemFixture.sh) and the
// shared corpus's GROUND_TRUTH heap section (the /spawn-send orphans' 256 KiB buffers).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { analyzeJson } from '../../../src/core/analysis/analyzeJson';
import { estimatedStackBytes, heldMemory } from '../../../src/core/analysis/heldMemory';
import type { AnalysisResult, AnalyzedGroup } from '../../../src/core/analysis/verdict';
import { classifyInputs } from '../../../src/core/input/classifyInputs';
import type { Profile } from '../../../src/core/model/profile';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { fixturesRoot, repoRoot, shopdRoot } from '../../support/corpora';

interface TruthGroup {
  id: string;
  function: string;
  handler?: string;
  is_leak: boolean;
  count: number;
  held_bytes: number;
  held_objects: number;
  stack_inuse_added: number;
}

async function moment(files: string[], sourceRoot: string): Promise<{ result: AnalysisResult; heap: Profile }> {
  const outcome = await classifyInputs(files.map(readInput), { inflater: zlibInflater });
  assert.equal(outcome.kind, 'goroutines');
  if (outcome.kind !== 'goroutines' || outcome.heap === null) throw new Error('no heap profile among the inputs');
  const result = await analyzeSnapshot(outcome.snapshot, { sourceReader: createFsSourceReader([sourceRoot]) });
  return { result, heap: outcome.heap.profile };
}

/** The truth group's goroutines: a parked handler by its handler frame, others by their outermost frame. */
function groupsOf(result: AnalysisResult, t: TruthGroup): AnalyzedGroup[] {
  return result.groups.filter((g) => {
    const frames = g.group.stack.frames;
    if (t.handler && !t.function.startsWith('main.')) return frames.some((f) => f.function === t.handler);
    return frames.at(-1)?.function === t.function;
  });
}

const within10 = (actual: number, truth: number) => Math.abs(actual - truth) <= truth * 0.1;

for (const version of ['go1.23', 'go1.27']) {
  const dir = path.join(fixturesRoot, 'heldmem', version);
  describe(`held memory on test/go/heldmem (${version})`, () => {
    const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as { groups: TruthGroup[] };
    const loaded = moment(
      ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'heap_debug0.pb.gz'].map((f) => path.join(dir, f)),
      path.join(repoRoot, 'test', 'go', 'heldmem'),
    );

    for (const t of truth.groups.filter((g) => g.is_leak)) {
      it(`${t.id}: ${t.held_bytes} bytes held by ${t.count} goroutines`, async () => {
        const { result, heap } = await loaded;
        const groups = groupsOf(result, t);
        assert.equal(
          groups.reduce((n, g) => n + g.group.count, 0),
          t.count,
        );
        const report = heldMemory(result, heap)!;
        let bytes = 0;
        let objects = 0;
        for (const g of groups) {
          assert.ok(g.verdict.suspect, `${t.id} is a suspect`);
          const held = report.byGroup.get(g.group.key);
          assert.ok(held, `${t.id} has a held-memory figure`);
          bytes += held.bytes;
          objects += held.objects;
          assert.equal(held.stackEstimate, g.group.count * estimatedStackBytes(g.group.stack.frames.length));
        }
        if (t.held_bytes === 0) {
          assert.equal(bytes, 0);
          assert.equal(objects, 0);
        } else {
          assert.ok(within10(bytes, t.held_bytes), `${bytes} bytes within 10% of ${t.held_bytes}`);
          // The buffers, and the small objects of the same stacks (a channel, a closure, a timer).
          assert.ok(objects >= t.held_objects, `${objects} objects, at least ${t.held_objects}`);
        }
      });
    }

    it('gives healthy groups no figure, and counts each allocation once in the total', async () => {
      const { result, heap } = await loaded;
      const report = heldMemory(result, heap)!;
      for (const t of truth.groups.filter((g) => !g.is_leak)) {
        for (const g of groupsOf(result, t)) assert.equal(report.byGroup.get(g.group.key), undefined);
      }
      const sum = [...report.byGroup.values()].reduce((n, h) => n + h.bytes, 0);
      assert.ok(report.bytes <= sum && report.bytes > 0);
      const leaked = truth.groups.reduce((n, g) => n + g.held_bytes, 0);
      assert.ok(within10(report.bytes, leaked), `total ${report.bytes} within 10% of ${leaked}`);
    });

    it('estimates stacks within a factor of two of what the runtime measured, per goroutine', async () => {
      const { result, heap } = await loaded;
      const report = heldMemory(result, heap)!;
      // StackInuse moves in whole spans (32 KiB and up), so only batches that moved it say anything.
      for (const t of truth.groups.filter((g) => g.is_leak && g.stack_inuse_added >= 65536)) {
        const estimate = groupsOf(result, t).reduce((n, g) => n + report.byGroup.get(g.group.key)!.stackEstimate, 0);
        const measured = t.stack_inuse_added;
        assert.ok(
          estimate >= measured / 2 && estimate <= measured * 2,
          `${t.id}: estimate ${estimate}, measured ${measured}`,
        );
      }
    });

    it('fills heldBytes, heldObjects and heldEstimate in analyze --json, null where nothing is known', async () => {
      const { result, heap } = await loaded;
      const json = analyzeJson(result, { held: heldMemory(result, heap) });
      const suspects = json.groups.filter((g) => g.suspect);
      assert.ok(suspects.length > 0);
      for (const g of suspects) {
        assert.equal(typeof g.heldBytes, 'number');
        assert.equal(typeof g.heldObjects, 'number');
        assert.equal(typeof g.heldEstimate, 'number');
      }
      for (const g of json.groups.filter((x) => !x.suspect)) assert.equal(g.heldBytes, null);
      for (const g of analyzeJson(result).groups) assert.equal(g.heldBytes, null);
    });
  });
}

describe('held memory on the shared corpus (GROUND_TRUTH heap section)', () => {
  const truthFile = path.join(shopdRoot, 'GROUND_TRUTH.json');
  if (!existsSync(truthFile)) {
    it('skipped', { skip: `${truthFile} not found` }, () => {});
    return;
  }
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as {
    versions: Record<
      string,
      { captures: Record<string, { heap: { site: string; object_size: number; inuse_objects: number }[] }> }
    >;
  };
  for (const [version, v] of Object.entries(truth.versions)) {
    for (const [capture, c] of Object.entries(v.captures)) {
      for (const h of c.heap) {
        it(`${version} ${capture}: ${h.inuse_objects} × ${h.object_size} B held by ${h.site}`, async () => {
          const dir = path.join(shopdRoot, version);
          const { result, heap } = await moment(
            [`${capture}_goroutine_debug2.txt`, `${capture}_heap_debug0.pb.gz`].map((f) => path.join(dir, f)),
            path.join(shopdRoot, 'src'),
          );
          const report = heldMemory(result, heap)!;
          const groups = result.groups.filter((g) => g.group.stack.frames.at(-1)?.function === h.site);
          assert.ok(groups.length > 0);
          const bytes = groups.reduce((n, g) => n + (report.byGroup.get(g.group.key)?.bytes ?? 0), 0);
          const expected = h.inuse_objects * h.object_size;
          assert.ok(within10(bytes, expected), `${bytes} within 10% of ${expected}`);
        });
      }
    }
  }
});

describe('goroutine-inspector analyze with a heap profile of the same moment', () => {
  it('prints heldBytes, heldObjects and heldEstimate for suspects, and refuses a heap profile alone', async () => {
    const dir = path.join(fixturesRoot, 'heldmem', 'go1.23');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), 'analyze', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
    const r = cli(
      path.join(dir, 'goroutine_debug2.txt'),
      path.join(dir, 'heap_debug0.pb.gz'),
      '--source-root',
      path.join(repoRoot, 'test', 'go', 'heldmem'),
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as ReturnType<typeof analyzeJson>;
    const upload = json.groups.find((g) => g.frames.at(-1)?.function === 'main.(*server).upload.func1')!;
    assert.ok(within10(upload.heldBytes!, 40 * 256 * 1024));
    assert.equal(upload.heldEstimate, 40 * estimatedStackBytes(upload.frames.length));
    const idle = json.groups.find((g) => g.frames.at(-1)?.function === 'main.idle')!;
    assert.equal(idle.heldBytes, 0);
    const alone = cli(path.join(dir, 'heap_debug0.pb.gz'));
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /a heap profile, not a goroutine profile/);
  });
});
