// Runs the CLI from source (no build needed) as a child process and collects its output. With
// `peakRss`, the child also reports its peak resident set size (VmHWM) when it exits.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
const peakRssReporter = path.join(repoRoot, 'test', 'support', 'reportPeakRss.mjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  readonly ms: number;
  /** Peak RSS in bytes (only with `peakRss`). */
  readonly peakRssBytes: number | null;
}

export interface CliOptions {
  readonly stdin?: string | Buffer;
  /** A file opened as the child's standard input (e.g. /dev/urandom). */
  readonly stdinPath?: string;
  readonly env?: Record<string, string>;
  readonly peakRss?: boolean;
  /** Killed after this long (the run then reports code null). */
  readonly killAfterMs?: number;
}

const RSS_MARK = '\ngi-peak-rss ';

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const started = Date.now();
  const stdinFd = options.stdinPath === undefined ? undefined : openSync(options.stdinPath, 'r');
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        ...(options.peakRss ? ['--import', peakRssReporter] : []),
        path.join(repoRoot, 'src', 'cli.ts'),
        ...args,
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, ...options.env },
        stdio: [stdinFd ?? 'pipe', 'pipe', 'pipe'],
      },
    );
    if (stdinFd !== undefined) closeSync(stdinFd);
    const killer = options.killAfterMs ? setTimeout(() => p.kill('SIGKILL'), options.killAfterMs) : undefined;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout!.on('data', (d: Buffer) => out.push(d));
    p.stderr!.on('data', (d: Buffer) => err.push(d));
    if (options.stdin !== undefined) p.stdin!.end(options.stdin);
    else p.stdin?.end();
    p.on('close', (code) => {
      clearTimeout(killer);
      let stderr = Buffer.concat(err).toString('utf8');
      let peakRssBytes: number | null = null;
      const at = stderr.lastIndexOf(RSS_MARK);
      if (options.peakRss && at >= 0) {
        peakRssBytes = Number(stderr.slice(at + RSS_MARK.length).trim());
        stderr = stderr.slice(0, at);
      }
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, ms: Date.now() - started, peakRssBytes });
    });
  });
}
