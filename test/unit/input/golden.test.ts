// Golden files pin the whole decoded model (as JSON) for representative inputs: go1.19 and go1.27
// debug=2 (trimmed and absolute paths, old and new `created by`, header labels), a debug=1
// profile, a goroutineleak debug=1 profile, and crash output; from the shared corpus when it is
// present and from our own leakyapi captures always. A missing golden fails. Regenerate with
// UPDATE_GOLDEN=1 after a deliberate change, and review the diff.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GoroutineSnapshot } from '../../../src/core/model/goroutine';
import { SKIP_NOTE, corpusPresent, load, repoRoot, shopdRoot } from './corpusFiles';

const GOLDEN = path.join(repoRoot, 'test', 'golden', 'input');
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'malformed', 'text');

/** The model as plain JSON, stable across runs (inputs named relative to their corpus). */
function modelJson(s: GoroutineSnapshot, names: string[]): unknown {
  return {
    inputs: names,
    source: s.source,
    goroutineCount: s.goroutineCount,
    hasIds: s.hasIds,
    hasStates: s.hasStates,
    hasLeakProfile: s.hasLeakProfile,
    warnings: s.warnings.map((w) => ({ ...w, input: path.basename(w.input) })),
    stacks: s.stacks.map((st) => ({
      id: st.id,
      elidedFrames: st.elidedFrames,
      truncated: st.truncated,
      frames: st.frames.map((f) => `${f.function} ${f.file}:${f.line}${f.inlined ? ' (inlined)' : ''}`),
    })),
    groups: s.groups.map((g) => ({
      key: g.key,
      stack: g.stack.id,
      state: g.state,
      count: g.count,
      ids: g.ids,
      waitMinutes: g.waitMinutes,
      minuteCounts: g.minuteCounts,
      labels: g.labels,
      createdBy: g.createdBy,
      parentIds: g.parentIds,
      leakedCount: g.leakedCount,
      lockedToThreadCount: g.lockedToThreadCount,
    })),
  };
}

async function check(goldenName: string, files: string[]): Promise<void> {
  const s = await load(...files);
  const actual =
    JSON.stringify(
      modelJson(
        s,
        files.map((f) => path.basename(path.dirname(f)) + '/' + path.basename(f)),
      ),
      null,
      1,
    ) + '\n';
  const golden = path.join(GOLDEN, goldenName);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(golden, actual);
  }
  assert.ok(existsSync(golden), `${goldenName} is missing; create it with UPDATE_GOLDEN=1`);
  assert.equal(
    actual,
    readFileSync(golden, 'utf8'),
    `${goldenName} differs; rerun with UPDATE_GOLDEN=1 if the change is intended`,
  );
}

describe('golden models', () => {
  const corpus = (f: string) => path.join(shopdRoot, f);
  const skip = corpusPresent ? false : SKIP_NOTE;
  it('go1.19 t2 debug=2 (trimpath, old created by)', { skip }, () =>
    check('go1.19-t2-debug2.json', [corpus('go1.19/t2_goroutine_debug2.txt')]),
  );
  it('go1.27 t2 debug=2 (absolute paths, header labels, stale leaked marks)', { skip }, () =>
    check('go1.27-t2-debug2.json', [corpus('go1.27/t2_goroutine_debug2.txt')]),
  );
  it('go1.23 t2 debug=1', { skip }, () => check('go1.23-t2-debug1.json', [corpus('go1.23/t2_goroutine_debug1.txt')]));
  it('go1.27 t2 goroutineleak debug=1', { skip }, () =>
    check('go1.27-t2-goroutineleak-debug1.json', [corpus('go1.27/t2_goroutineleak_debug1.txt')]),
  );
  it('go1.26 t2 debug=2 + debug=1 labels + goroutineleak debug=0', { skip }, () =>
    check('go1.26-t2-merged.json', [
      corpus('go1.26/t2_goroutine_debug2.txt'),
      corpus('go1.26/t2_goroutine_debug1.txt'),
      corpus('go1.26/t2_goroutineleak_debug0.pb.gz'),
    ]),
  );
  // Our own leakyapi captures (committed), so every clone pins the same shapes as the corpus does.
  const own = (v: string, f: string) => path.join(repoRoot, 'test', 'fixtures', v, 'leakyapi', f);
  it('leakyapi go1.19 t2 debug=2 (trimpath, old created by)', () =>
    check('leakyapi-go1.19-t2-debug2.json', [own('go1.19', 't2_goroutine_debug2.txt')]));
  it('leakyapi go1.27 t2 debug=2 (absolute paths, header labels, stale leaked marks)', () =>
    check('leakyapi-go1.27-t2-debug2.json', [own('go1.27', 't2_goroutine_debug2.txt')]));
  it('leakyapi go1.23 t2 debug=1', () =>
    check('leakyapi-go1.23-t2-debug1.json', [own('go1.23', 't2_goroutine_debug1.txt')]));
  it('leakyapi go1.27 t2 debug=2 + goroutineleak debug=0', () =>
    check('leakyapi-go1.27-t2-merged.json', [
      own('go1.27', 't2_goroutine_debug2.txt'),
      own('go1.27', 't2_goroutineleak_debug0.pb.gz'),
    ]));
  it('GOTRACEBACK=system crash (go1.23)', () =>
    check('crash-gotraceback-system-go1.23.json', [path.join(FIXTURES, 'crash-gotraceback-system-go1.23.txt')]));
});
