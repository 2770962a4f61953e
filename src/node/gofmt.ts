// Finds gofmt and runs it on source text (stdin → stdout), for the fixes' formatting. Where it
// lives: an explicit gofmt, else `GOROOT/bin/gofmt` of an explicit GOROOT or of the `go` binary
// (`go env GOROOT`), else `go` and `gofmt` on PATH. vscode-go users name theirs with
// `go.alternateTools` and `go.goroot`; CLI users with `--go`.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GoFormatter } from '../core/fix/formatFix';

export interface GofmtLocation {
  /** A gofmt binary (vscode-go `go.alternateTools.gofmt`). */
  readonly gofmt?: string;
  /** A GOROOT (vscode-go `go.goroot`). */
  readonly goroot?: string;
  /** A go binary (`--go`, `go.alternateTools.go`); `go` on PATH when nothing else is given. */
  readonly go?: string;
}

function goEnvGoroot(go: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(go, ['env', 'GOROOT'], { timeout: 10_000, env: { ...process.env, GOTOOLCHAIN: 'local' } }, (err, out) =>
      resolve(err ? null : out.trim() || null),
    );
  });
}

export async function findGofmt(loc: GofmtLocation = {}): Promise<string | null> {
  if (loc.gofmt && existsSync(loc.gofmt)) return loc.gofmt;
  const inRoot = (root: string | null) =>
    root && existsSync(join(root, 'bin', 'gofmt')) ? join(root, 'bin', 'gofmt') : null;
  if (loc.goroot) {
    const g = inRoot(loc.goroot);
    if (g) return g;
  }
  const fromGo = inRoot(await goEnvGoroot(loc.go ?? 'go'));
  if (fromGo) return fromGo;
  if (loc.go) return null; // an explicit toolchain that has no gofmt: do not fall back to another
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, 'gofmt'))) return join(dir, 'gofmt');
  return null;
}

/** Formats through `gofmt` (null result when it fails, e.g. on a syntax error it reports). */
export function gofmtFormatter(gofmt: string, timeoutMs = 10_000): GoFormatter {
  return (text) =>
    new Promise((resolve) => {
      const child = spawn(gofmt, [], { stdio: ['pipe', 'pipe', 'ignore'] });
      const out: Buffer[] = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.on('error', () => {
        clearTimeout(timer);
        resolve(null);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code === 0 ? Buffer.concat(out).toString('utf8') : null);
      });
      child.stdin.end(text);
    });
}
