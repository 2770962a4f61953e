// The extension as users get it: a .vsix packaged by vsce (its prepublish step builds dist/).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, testOutputDir } from './repoPaths';

let packaged: string | undefined;

/** Runs `vsce package --no-dependencies` into `out` and returns the file. */
export function packageVsix(out = path.join(testOutputDir, 'goroutine-inspector.vsix')): string {
  mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  try {
    execFileSync(vsce, ['package', '--no-dependencies', '--out', out], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`packaging the extension with vsce: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, {
      cause: err,
    });
  }
  return out;
}

/**
 * The .vsix under test: `GI_VSIX` when set (scripts/runTests.mjs packages once for all test
 * files), otherwise packaged once per process.
 */
export function ensureVsix(): string {
  const fromEnv = process.env.GI_VSIX;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  packaged ??= packageVsix();
  return packaged;
}
