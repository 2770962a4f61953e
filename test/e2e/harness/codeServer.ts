// Starts the provisioned code-server (VS Code 1.139 for the browser) on a free loopback port with
// a throwaway profile: its own user-data, extensions and HOME folders, quiet default settings.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, spawnGroup, waitForHttp, type GroupProcess } from './processGroup';
import { repoRoot, testOutputDir, vscodeTestDir } from './repoPaths';

/** Settings that keep a fresh profile from showing tours, chat, update and telemetry prompts. */
export const quietSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

export interface CodeServerOptions {
  /** Names the profile folder and the log file; defaults to `vscode`. */
  label?: string;
  /** User settings merged over `quietSettings`. */
  settings?: Record<string, unknown>;
  /** `.vsix` files installed into the profile's extensions folder before the server starts. */
  installVsix?: readonly string[];
  /** Fixed port (the demo uses 8080); a free one by default. */
  port?: number;
  /** Host to bind; loopback by default. */
  host?: string;
  /** Keep the profile folder after `stop()` (for debugging). Also `GI_KEEP_PROFILES=1`. */
  keepProfile?: boolean;
}

export interface CodeServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** The throwaway profile: `user/`, `exts/`, `home/`. */
  readonly profileDir: string;
  /** code-server's own stdout and stderr. */
  readonly logFile: string;
  /** The URL that opens `folder` in the workbench. */
  folderUrl(folder: string): string;
  /** Stops code-server and every process it started (extension hosts included). */
  stop(): Promise<void>;
}

/**
 * Runs scripts/provisionVscode.sh (a no-op once cached) and returns the folder holding the
 * `code-server` wrapper.
 */
export function provisionCodeServer(): string {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts', 'provisionVscode.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop() ?? '';
}

let profileCounter = 0;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Profiles left by runs that were killed (named `<label>-<pid>-<n>`, pid no longer running). */
function removeAbandonedProfiles(root: string): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const pid = Number(/-(\d+)-\d+$/.exec(name)?.[1]);
    if (pid > 0 && !isAlive(pid)) rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const toolDir = provisionCodeServer();
  const binary = path.join(toolDir, 'code-server');
  const label = options.label ?? 'vscode';
  removeAbandonedProfiles(path.join(vscodeTestDir, 'profiles'));
  const profileDir = path.join(vscodeTestDir, 'profiles', `${label}-${process.pid}-${profileCounter++}`);
  rmSync(profileDir, { recursive: true, force: true });
  const userDir = path.join(profileDir, 'user');
  const extDir = path.join(profileDir, 'exts');
  const homeDir = path.join(profileDir, 'home');
  const tmpDir = path.join(profileDir, 'tmp');
  for (const d of [path.join(userDir, 'User'), extDir, homeDir, tmpDir, testOutputDir]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(path.join(profileDir, 'config.yaml'), '{}\n');
  writeFileSync(
    path.join(userDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: homeDir,
    TMPDIR: tmpDir,
    XDG_DATA_HOME: path.join(homeDir, '.local/share'),
    // An empty gallery turns the marketplace off: no lookups of open-vsx.org on a closed network.
    EXTENSIONS_GALLERY: '{}',
  };
  // code-server reads these and would otherwise point the workbench elsewhere.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.PASSWORD;

  for (const vsix of options.installVsix ?? []) {
    try {
      execFileSync(binary, ['--extensions-dir', extDir, '--user-data-dir', userDir, '--install-extension', vsix], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`installing ${vsix} into code-server: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, {
        cause: err,
      });
    }
  }

  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const logFile = path.join(testOutputDir, `${label}-code-server.log`);
  writeFileSync(logFile, '');
  const server: GroupProcess = spawnGroup(
    binary,
    [
      '--config',
      path.join(profileDir, 'config.yaml'),
      '--auth',
      'none',
      '--bind-addr',
      `${host}:${port}`,
      '--user-data-dir',
      userDir,
      '--extensions-dir',
      extDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--ignore-last-opened',
      // Extension hosts of closed tabs otherwise live on for the default 3 hours.
      '--reconnection-grace-time',
      '10',
      // Lets the page's `payload` run extension tests (see test/integration/launcher).
      '--vscode-option',
      'enable-smoke-test-driver',
    ],
    { env, cwd: profileDir, logFile },
  );
  const url = `http://${host}:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 30_000, server.exited, `code-server (log: ${logFile})`);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const keep = options.keepProfile ?? process.env.GI_KEEP_PROFILES === '1';
  return {
    url,
    port,
    profileDir,
    logFile,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(path.resolve(folder))}`,
    async stop() {
      await server.stop();
      if (!keep) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
