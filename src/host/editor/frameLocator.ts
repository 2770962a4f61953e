// Finds the local file for a file name printed in a stack: the user's pathMappings first, then the
// file itself, the Go toolchain (GOROOT, GOMODCACHE from `go env` or the go.goroot setting), then
// the workspace (module-relative -trimpath names via go.mod, or the longest matching path suffix).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { STDLIB_ROOTS } from '../../core/go/standardLibrary';
import { settings } from '../settings';

interface GoEnv {
  goroot: string | null;
  gomodcache: string | null;
}

let goEnvPromise: Promise<GoEnv> | null = null;

function goEnv(): Promise<GoEnv> {
  goEnvPromise ??= new Promise<GoEnv>((resolve) => {
    execFile('go', ['env', 'GOROOT', 'GOMODCACHE'], { timeout: 10_000 }, (err, stdout) => {
      if (err) {
        resolve({ goroot: null, gomodcache: null });
        return;
      }
      const [goroot, gomodcache] = stdout.split('\n').map((s) => s.trim());
      resolve({ goroot: goroot || null, gomodcache: gomodcache || null });
    });
  });
  return goEnvPromise;
}

async function exists(p: string): Promise<boolean> {
  try {
    const st = await vscode.workspace.fs.stat(vscode.Uri.file(p));
    return st.type === vscode.FileType.File;
  } catch {
    return false;
  }
}

interface ModuleRoot {
  readonly module: string;
  readonly dir: string;
}

let modulesCache: { at: number; roots: ModuleRoot[] } | null = null;

async function workspaceModules(): Promise<ModuleRoot[]> {
  if (modulesCache && Date.now() - modulesCache.at < 30_000) return modulesCache.roots;
  const roots: ModuleRoot[] = [];
  const files = await vscode.workspace.findFiles('**/go.mod', '**/{node_modules,.git,vendor}/**', 200);
  for (const f of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
      const m = /^module\s+("?)([^\s"]+)\1/m.exec(text);
      if (m) roots.push({ module: m[2], dir: path.dirname(f.fsPath) });
    } catch {
      // unreadable go.mod: skip
    }
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme === 'file' && !roots.some((r) => r.dir === folder.uri.fsPath))
      roots.push({ module: '', dir: folder.uri.fsPath });
  }
  modulesCache = { at: Date.now(), roots };
  return roots;
}

/** A GOROOT-relative name (`net/http/server.go`) from a printed file name, or null. */
export function gorootRelative(file: string): string | null {
  if (!path.isAbsolute(file)) {
    const first = file.split('/')[0];
    return STDLIB_ROOTS.has(first) ? file : null;
  }
  const m = /\/src\/((?:[^/]+\/)*[^/]+\.(?:go|s))$/.exec(file);
  if (!m) return null;
  // The last `/src/` after which the first element is a standard library root.
  const parts = file.split('/src/');
  for (let i = parts.length - 1; i >= 1; i--) {
    const rel = parts.slice(i).join('/src/');
    if (STDLIB_ROOTS.has(rel.split('/')[0])) return rel;
  }
  return null;
}

/** `example.com/m@v1.2.3/x.go` (or a path containing `/pkg/mod/`) → the module-cache-relative part. */
export function modCacheRelative(file: string): string | null {
  const i = file.indexOf('/pkg/mod/');
  if (i >= 0) return file.slice(i + '/pkg/mod/'.length);
  if (!path.isAbsolute(file) && /@v[0-9]/.test(file)) return file;
  return null;
}

export async function locateFrameFile(
  file: string,
  localFiles?: ReadonlyMap<string, string>,
): Promise<vscode.Uri | null> {
  if (!file) return null;
  const mappings = Object.entries(settings.pathMappings()).sort((a, b) => b[0].length - a[0].length);
  for (const [from, to] of mappings) {
    if (file === from || file.startsWith(from.endsWith('/') ? from : `${from}/`)) {
      const p = path.join(to, file.slice(from.length));
      if (await exists(p)) return vscode.Uri.file(p);
    }
  }
  if (path.isAbsolute(file) && (await exists(file))) return vscode.Uri.file(file);
  const mapped = localFiles?.get(file);
  if (mapped && (await exists(mapped))) return vscode.Uri.file(mapped);

  const modRel = modCacheRelative(file);
  if (modRel) {
    const { gomodcache } = await goEnv();
    if (gomodcache && (await exists(path.join(gomodcache, modRel))))
      return vscode.Uri.file(path.join(gomodcache, modRel));
  }

  const roots = await workspaceModules();
  if (!path.isAbsolute(file)) {
    for (const r of roots) {
      if (r.module && file.startsWith(`${r.module}/`)) {
        const p = path.join(r.dir, file.slice(r.module.length + 1));
        if (await exists(p)) return vscode.Uri.file(p);
      }
    }
  }

  const rootRel = gorootRelative(file);
  if (rootRel) {
    const goroot = settings.goroot() || (await goEnv()).goroot;
    if (goroot && (await exists(path.join(goroot, 'src', rootRel))))
      return vscode.Uri.file(path.join(goroot, 'src', rootRel));
  }

  // Built elsewhere (another machine, a container): the longest path suffix found in the workspace.
  const parts = file.split('/').filter(Boolean);
  for (let n = Math.min(parts.length, 6); n >= 1; n--) {
    const suffix = parts.slice(parts.length - n).join('/');
    for (const r of roots) {
      const p = path.join(r.dir, suffix);
      if (await exists(p)) return vscode.Uri.file(p);
    }
    if (n <= 2) break; // a bare `main.go` would match too many files
  }
  return null;
}

/** The prefix a "Map path…" mapping should replace: the module name or the file's folder. */
export function mappingPrefix(file: string): string {
  if (!path.isAbsolute(file)) {
    const first = file.split('/')[0];
    return first;
  }
  return path.dirname(file);
}

/** Forgets cached go.mod roots (after a path mapping changed). */
export function invalidateFrameLocator(): void {
  modulesCache = null;
}
