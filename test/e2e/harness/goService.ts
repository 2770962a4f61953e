// Builds a Go program with Debian's toolchain and runs it on a loopback port, e.g. the leaky demo
// service that UI tests capture from. Go programs here use only the standard library.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort, spawnGroup, waitForTcp } from './processGroup';
import { repoRoot, testOutputDir } from './repoPaths';

const execFileP = promisify(execFile);

export interface GoServiceOptions {
  /** Port to listen on; a free one by default. Passed as `-addr 127.0.0.1:PORT`. */
  port?: number;
  /** Flag that takes the listen address; `null` to pass none (then `port` is required). */
  addrFlag?: string | null;
  /** Go binary; `/usr/bin/go` (Debian's golang-go) by default, or `GI_GO`. */
  go?: string;
  /** Extra `go build` flags, e.g. `['-trimpath']` for stacks as printed on another machine. */
  buildFlags?: readonly string[];
  /** Extra environment for the service. */
  env?: Record<string, string>;
  /** How long to wait for the port after start; 30 s by default. */
  startTimeoutMs?: number;
}

export interface GoService {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The built executable. */
  readonly binary: string;
  /** The service's stdout and stderr. */
  readonly logFile: string;
  /** Resolves with the exit code if the service stops on its own. */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
}

function inModule(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'go.mod'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** `go build`s the package in `dir` (absolute, or relative to the repo root) into `.tmp/go-bin/`. */
export async function buildGoProgram(
  dir: string,
  go = process.env.GI_GO ?? '/usr/bin/go',
  buildFlags: readonly string[] = [],
): Promise<string> {
  const pkgDir = path.resolve(repoRoot, dir);
  const outDir = path.join(repoRoot, '.tmp', 'go-bin');
  mkdirSync(outDir, { recursive: true });
  const variant = buildFlags.join('').replace(/[^\w]/g, '');
  const binary = path.join(outDir, `${path.basename(pkgDir)}${variant ? `-${variant}` : ''}-${process.pid}`);
  // A lone main package without go.mod still builds in GOPATH mode.
  const env = { ...process.env, ...(inModule(pkgDir) ? {} : { GO111MODULE: 'off' }) };
  try {
    await execFileP(go, ['build', ...buildFlags, '-o', binary, '.'], { cwd: pkgDir, env });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`building Go program in ${pkgDir} with ${go}: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
  return binary;
}

/** Builds the Go program in `dir`, starts it with `args`, and waits until its port accepts. */
export async function startGoService(
  dir: string,
  args: readonly string[] = [],
  options: GoServiceOptions = {},
): Promise<GoService> {
  const binary = await buildGoProgram(dir, options.go, options.buildFlags);
  const port = options.port ?? (await freePort());
  const addrFlag = options.addrFlag === undefined ? '-addr' : options.addrFlag;
  const fullArgs = addrFlag === null ? [...args] : [addrFlag, `127.0.0.1:${port}`, ...args];
  mkdirSync(testOutputDir, { recursive: true });
  const logFile = path.join(testOutputDir, `go-${path.basename(binary)}.log`);
  writeFileSync(logFile, '');
  const proc = spawnGroup(binary, fullArgs, {
    cwd: path.resolve(repoRoot, dir),
    env: { ...process.env, ...options.env },
    logFile,
  });
  try {
    await waitForTcp('127.0.0.1', port, options.startTimeoutMs ?? 30_000, proc.exited, `${binary} (log: ${logFile})`);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    binary,
    logFile,
    exited: proc.exited,
    stop: () => proc.stop(),
  };
}
