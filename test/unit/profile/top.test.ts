// computeTop equals `go tool pprof -top -nodefraction=0` for every sample type: live against the
// real tool on every protobuf of the shared corpus when both exist, and always against goldens
// the real tool produced (test/golden/top/*.top.json, inputs committed next to them). Regenerate
// the goldens with UPDATE_GOLDEN=1 (needs a Go toolchain).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { computeTop } from '../../../src/core/analysis/top';
import type { TopEntry } from '../../../src/core/analysis/top';
import type { Profile } from '../../../src/core/model/profile';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { corpusProtos, findPprof, pprofTop, sharedRoot } from './goPprof';
import { message, tinyProfile } from './protoWriter';
import { decodeProfile } from '../../../src/core/profile/decodeProfile';

const goldenDir = path.resolve(__dirname, '..', '..', 'golden', 'top');
const update = process.env['UPDATE_GOLDEN'] === '1';
const pprof = findPprof();

const load = (file: string): Promise<Profile> =>
  readProfile(bytesInput(file, readFileSync(file)), { inflater: zlibInflater });

describe('computeTop against goldens made by go tool pprof', () => {
  const inputs = readdirSync(goldenDir)
    .filter((f) => f.endsWith('.pb.gz'))
    .sort();
  it('has goldens for heap, allocs, goroutine and goroutineleak profiles', () => {
    for (const kind of ['heap', 'allocs', 'goroutine', 'goroutineleak']) {
      assert.ok(
        inputs.some((f) => f.endsWith(`_${kind}.pb.gz`)),
        kind,
      );
    }
  });
  for (const input of inputs) {
    it(input, async () => {
      const file = path.join(goldenDir, input);
      const p = await load(file);
      const goldenFile = file.replace(/\.pb\.gz$/, '.top.json');
      if (update) {
        assert.ok(pprof, 'UPDATE_GOLDEN=1 needs a Go toolchain with pprof');
        const fresh = Object.fromEntries(p.sampleTypes.map((t) => [t.type, pprofTop(pprof!, file, t.type)]));
        writeFileSync(goldenFile, JSON.stringify(fresh, null, 1) + '\n');
      }
      const expected = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, TopEntry[]>;
      assert.deepEqual(
        Object.keys(expected),
        p.sampleTypes.map((t) => t.type),
      );
      p.sampleTypes.forEach((t, i) => {
        assert.ok(expected[t.type]!.length > 0);
        assert.deepEqual(computeTop(p, { sampleIndex: i }), expected[t.type], `sample type ${t.type}`);
      });
    });
  }
});

describe('computeTop against the live go tool pprof on the shared corpus', () => {
  const files = corpusProtos().filter((f) => f.includes(`${path.sep}shopd${path.sep}`));
  if (files.length === 0 || !pprof) {
    it('skipped', { skip: files.length === 0 ? `${sharedRoot} not found` : 'no Go toolchain with pprof' }, () => {});
    return;
  }
  for (const file of files) {
    it(path.relative(path.join(sharedRoot, 'corpus', 'shopd'), file), async () => {
      const p = await load(file);
      p.sampleTypes.forEach((t, i) => {
        assert.deepEqual(computeTop(p, { sampleIndex: i }), pprofTop(pprof, file, t.type), `sample type ${t.type}`);
      });
    });
  }
});

describe('computeTop rules', () => {
  // Stack (innermost first): loc 2 = [inlined b, a], loc 1 = [main]; and a recursive sample.
  const strings = ['', 'samples', 'count', 'main', 'a', 'b', 'f.go'];
  const fn = (id: number, name: number) =>
    message([
      [1, id],
      [2, name],
      [4, 6],
    ]);
  const loc = (id: number, ...fnIds: number[]) =>
    message([[1, id], ...fnIds.map((f): [number, Uint8Array] => [4, message([[1, f]])])]);
  const profile = decodeProfile(
    message([
      [
        1,
        message([
          [1, 1],
          [2, 2],
        ]),
      ],
      [
        2,
        message([
          [1, 2],
          [1, 1],
          [2, 10],
        ]),
      ],
      [
        2,
        message([
          [1, 3],
          [1, 3],
          [1, 1],
          [2, 5],
        ]),
      ],
      [
        2,
        message([
          [1, 1],
          [2, 0],
        ]),
      ],
      [4, loc(1, 1)],
      [4, loc(2, 3, 2)],
      [4, loc(3, 2)],
      [5, fn(1, 3)],
      [5, fn(2, 4)],
      [5, fn(3, 5)],
      ...strings.map((s): [number, string] => [6, s]),
    ]),
    { input: 'rules' },
  );

  it('gives flat to the inlined leaf, cum once per sample even under recursion, and skips zero samples', () => {
    assert.deepEqual(computeTop(profile), [
      { function: 'b', flat: 10, cum: 10 },
      { function: 'a', flat: 5, cum: 15 },
      { function: 'main', flat: 0, cum: 15 },
    ]);
  });

  it('rejects a sample index out of range', () => {
    assert.throws(() => computeTop(decodeProfile(tinyProfile(), { input: 't' }), { sampleIndex: 1 }), RangeError);
  });

  it('goldens exist for every committed input', () => {
    for (const f of readdirSync(goldenDir).filter((x) => x.endsWith('.pb.gz'))) {
      assert.ok(existsSync(path.join(goldenDir, f.replace(/\.pb\.gz$/, '.top.json'))), f);
    }
  });
});
