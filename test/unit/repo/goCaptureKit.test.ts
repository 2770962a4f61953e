// The Go programs that capture the corpora share test/go/capturekit; their own Go tests recompute
// every committed GROUND_TRUTH.json from the committed captures and compare it byte for byte, so
// a change of the kit (or of a driver's groups) that would write another truth fails here. Runs
// `go test` with the toolchain on PATH (Debian's, installed by scripts/setup.sh), offline.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const go = spawnSync('go', ['version'], { encoding: 'utf8' });
const noGo = go.status === 0 ? false : 'no Go toolchain on PATH (scripts/setup.sh installs Debian’s)';

describe('the capture kit and the held-out drivers (go test)', () => {
  for (const module of ['capturekit', 'holdout-relayd-driver', 'holdout-hookd-driver', 'holdout-flagd-driver']) {
    it(`test/go/${module}`, { skip: noGo, timeout: 180_000 }, () => {
      const r = spawnSync('go', ['test', '-count=1', './...'], {
        cwd: path.join(repoRoot, 'test', 'go', module),
        encoding: 'utf8',
        env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', CGO_ENABLED: '0' },
      });
      assert.equal(r.status, 0, `go test in test/go/${module}:\n${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /^ok\s/m);
    });
  }
});
