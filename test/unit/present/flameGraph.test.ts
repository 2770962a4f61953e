// The flame graph model against a plain one built from the decoded samples path by path: every
// node, its depth-first layout and its values for every sample type, on real heap profiles of
// the fixtures and the corpus; and what pruning keeps.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import type { Profile } from '../../../src/core/model/profile';
import { tablesOf } from '../../../src/core/profile/profileTables';
import { buildFlameGraph, type FlameModel } from '../../../src/core/present/flameGraph';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { fixturesRoot, shopdRoot } from '../../support/corpora';

const load = (file: string): Promise<Profile> =>
  readProfile(bytesInput(file, readFileSync(file)), { inflater: zlibInflater });

/** Path (function names from the root, joined) → summed values, straight from the samples. */
function plainPaths(p: Profile): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (key: string, v: readonly number[]) => {
    const e = out.get(key) ?? v.map(() => 0);
    v.forEach((x, i) => (e[i]! += x));
    out.set(key, e);
  };
  for (const s of p.samples) {
    if (s.values.every((v) => v === 0)) continue;
    let key = '';
    add(key, s.values);
    for (let i = s.locations.length - 1; i >= 0; i--) {
      const lines = s.locations[i]!.lines;
      for (let j = lines.length - 1; j >= 0; j--) {
        key += `\n${lines[j]!.function.name}`;
        add(key, s.values);
      }
    }
  }
  return out;
}

function modelPaths(m: FlameModel): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const types = m.sampleTypes.length;
  const keys: string[] = [];
  for (let i = 0; i < m.name.length; i++) {
    const d = m.depth[i]!;
    keys[d] = d === 0 ? '' : `${keys[d - 1]}\n${m.names[m.name[i]!]}`;
    keys.length = d + 1;
    assert.ok(!out.has(keys[d]!), `one node per path: ${keys[d]}`);
    out.set(keys[d]!, m.values.slice(i * types, (i + 1) * types));
  }
  return out;
}

const inputs = [
  path.join(fixturesRoot, 'go1.23', 'meteohub', 't2_heap_debug0.pb.gz'),
  path.join(fixturesRoot, 'heldmem', 'go1.27', 'heap_debug0.pb.gz'),
  path.join(shopdRoot, 'go1.23', 't2_heap_debug0.pb.gz'),
  path.join(shopdRoot, 'go1.27', 't3_allocs_debug0.pb.gz'),
];

describe('buildFlameGraph', () => {
  for (const file of inputs) {
    it(path.relative(path.dirname(path.dirname(file)), file), { skip: !existsSync(file) && 'not found' }, async () => {
      const p = await load(file);
      const m = buildFlameGraph(tablesOf(p), { minShare: 0 });
      assert.deepEqual(modelPaths(m), plainPaths(p));
      // Depth-first with whole subtrees: a node's subtree ends where the next node of its depth or less starts.
      for (let i = 0; i < m.name.length; i++) {
        let e = i + 1;
        while (e < m.name.length && m.depth[e]! > m.depth[i]!) e++;
        assert.equal(m.end[i], e, `end of node ${i}`);
      }
      // Children by name.
      for (let i = 0; i < m.name.length; i++) {
        let prev = '';
        for (let c = i + 1; c < m.end[i]!; c = m.end[c]!) {
          const n = m.names[m.name[c]!]!;
          assert.ok(prev < n, `${prev} before ${n}`);
          prev = n;
        }
      }
    });
  }

  it('keeps only nodes holding at least minShare of some sample type, with their values', async () => {
    const p = await load(inputs[1]!);
    const full = modelPaths(buildFlameGraph(tablesOf(p), { minShare: 0 }));
    const m = buildFlameGraph(tablesOf(p), { minShare: 0.01 });
    const pruned = modelPaths(m);
    const totals = full.get('')!;
    assert.ok(pruned.size < full.size);
    for (const [key, v] of full) {
      const kept = v.some((x, t) => x !== 0 && x >= totals[t]! * 0.01);
      assert.equal(pruned.has(key), kept, `${key} ${JSON.stringify(v)} ${JSON.stringify(totals)}`);
      if (kept) assert.deepEqual(pruned.get(key), v);
    }
  });

  it('names the file and line of each frame', async () => {
    const p = await load(inputs[1]!);
    const m = buildFlameGraph(tablesOf(p));
    const i = m.name.findIndex((n) => m.names[n] === 'main.(*server).upload.func1');
    assert.ok(i > 0);
    assert.match(m.files[m.file[i]!]!, /heldmem\/main\.go$/);
    assert.ok(m.line[i]! > 0);
  });
});
