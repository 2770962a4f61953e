// Runs an integration suite inside a real VS Code extension host through @vscode/test-electron's
// runTests. Here VS Code cannot be downloaded, so runTests spawns launcher/launch.sh, which runs
// code-server + Chromium; set GI_VSCODE_DESKTOP=1 on a machine that can download desktop VS Code
// to run the very same suite there. Standalone: `node --import tsx test/integration/runIntegration.ts`.
// The suite captures from a real Go service, the demo (demo/service with its own impatient
// clients), built and started here and named to the extension host by GI_DEMO_URL; the watch suite
// gets a second one that leaks faster and parks 10k goroutines (GI_WATCH_URL).
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { startGoService } from '../e2e/harness/goService';
import { repoRoot } from '../e2e/harness/repoPaths';

export interface IntegrationOptions {
  /** Compiled suite folder under the repo (its index.js exports `run`); `out/test/suite` by default. */
  suite?: string;
  /** Folder opened as the workspace; `test/integration/workspace` by default. */
  workspace?: string;
  /** Keep the suite's reporter output to the launcher's log (for the failure probe). */
  quiet?: boolean;
  /** Environment for the extension host (the suite reads service URLs from it). */
  env?: Record<string, string>;
}

/** Builds the extension and the suites, runs `suite`, and returns the exit code (0 = all passed). */
export async function runIntegrationTests(options: IntegrationOptions = {}): Promise<number> {
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'buildIntegrationTests.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const desktop = process.env.GI_VSCODE_DESKTOP === '1';
  try {
    return await runTests({
      ...(desktop
        ? { version: process.env.GI_VSCODE_VERSION ?? 'stable' }
        : { vscodeExecutablePath: path.join(repoRoot, 'test', 'integration', 'launcher', 'launch.sh') }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, options.suite ?? 'out/test/suite'),
      extensionTestsEnv: { ...options.env, ...(options.quiet ? { GI_LAUNCHER_QUIET: '1' } : {}) },
      launchArgs: [
        options.workspace ?? path.join(repoRoot, 'test', 'integration', 'workspace'),
        '--disable-extensions',
      ],
    });
  } catch (err) {
    // runTests rejects on a non-zero exit; callers want the code.
    const code = (err as { code?: number }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

/** Runs the default suite with the demo service started for it, and stops the service after. */
export async function runIntegrationWithServices(options: IntegrationOptions = {}): Promise<number> {
  // The burst only: on Debian's Go 1.19 a trickled /api/export request in flight at the capture
  // makes its orphaned senders Undecided (which sender is that request's is not printed).
  const demo = await startGoService('demo/service', ['-load', '-trickle', '1h']);
  // Its own build (-trimpath): one binary is not overwritten while the other runs.
  const watched = await startGoService('demo/service', ['-load', '-trickle', '200ms', '-park', '10000'], {
    buildFlags: ['-trimpath'],
  }).catch(async (e: unknown) => {
    await demo.stop();
    throw e;
  });
  try {
    return await runIntegrationTests({
      ...options,
      env: { ...options.env, GI_DEMO_URL: demo.url, GI_WATCH_URL: watched.url },
    });
  } finally {
    await Promise.all([demo.stop(), watched.stop()]);
  }
}

if (require.main === module) {
  runIntegrationWithServices().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
