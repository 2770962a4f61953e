// `goroutine-inspector fix`: on the leakyapi capture with a copy of its source, the diff names
// paths relative to the source root, carries each verdict's reason before its patch, applies with
// `git apply`, and equals what --write leaves on disk; the fixed copy still builds.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { programs, repoRoot } from './fixSupport';

const dump = path.join(repoRoot, 'test', 'fixtures', 'go1.27', 'leakyapi', 't2_goroutine_debug2.txt');
const go = '/usr/bin/go';

function cli(args: string[]): { out: string; err: string; code: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

describe('goroutine-inspector fix', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-fix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const copy = (name: string) => {
    const d = path.join(dir, name);
    cpSync(programs.leakyapi, d, { recursive: true });
    return d;
  };

  it('prints a diff git apply takes, with the reason before each patch; --write leaves the same files', () => {
    const a = copy('printed');
    const r = cli(['fix', dump, '--source-root', a, '--go', go]);
    assert.equal(r.code, 0, r.err);
    const patches = r.out.split(/^(?=# \d+ goroutines)/m).filter(Boolean);
    assert.ok(patches.length >= 8, `${patches.length} patches`);
    for (const p of patches) {
      assert.match(
        p,
        /^# \d+ goroutines of handler main\.\(\*api\)\.\w+ .*\n# fix: .+\n--- a\/handlers\.go\n\+\+\+ b\/handlers\.go\n@@ /,
      );
    }
    assert.doesNotMatch(r.out, new RegExp(a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'paths are relative to the root');
    assert.match(r.err, /^fix: \d+ fixes for \d+ suspect group\(s\)/);
    execFileSync('git', ['init', '-q', '.'], { cwd: a });
    execFileSync('git', ['apply', '-'], { cwd: a, input: r.out });

    const b = copy('written');
    const w = cli(['fix', dump, '--source-root', b, '--write', '--go', go]);
    assert.equal(w.code, 0, w.err);
    assert.equal(w.out, '');
    for (const f of ['handlers.go', 'healthy.go', 'main.go', 'api.go'])
      assert.equal(readFileSync(path.join(b, f), 'utf8'), readFileSync(path.join(a, f), 'utf8'), f);
    assert.notEqual(
      readFileSync(path.join(b, 'handlers.go'), 'utf8'),
      readFileSync(path.join(programs.leakyapi, 'handlers.go'), 'utf8'),
    );
    if (existsSync(go)) {
      const env = {
        ...process.env,
        GOTOOLCHAIN: 'local',
        GOPROXY: 'off',
        GOFLAGS: '',
        GOCACHE: path.join(dir, 'gocache'),
      };
      execFileSync(go, ['vet', './...'], { cwd: b, env });
    }
  });

  it('needs a source root, and says so', () => {
    const r = cli(['fix', dump]);
    assert.equal(r.code, 2);
    assert.match(r.err, /fix needs --source-root/);
  });
});
