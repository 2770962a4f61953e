// Finds the local file behind a frame printed in a stack. The mapping itself (path mappings, the
// module cache, GOROOT, go.mod module paths, trailing path elements, and their order) is the
// core's frameFileCandidates; this adapter gathers its inputs from VS Code and the Go toolchain
// and opens the first candidate that exists.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { frameFileCandidates, type FrameFile } from '../../core/go/frameFileCandidates';
import { GoPathMapper, parseGoModModulePath, type GoModule } from '../../core/go/goPathMapper';
import { settings } from '../settings';

/** The workspace listing is reused this long: a click or a redraw does not rescan it. */
const WORKSPACE_TTL_MS = 30_000;
/** Bounds the listing in huge workspaces; past it, files are found through go.mod paths and mappings only. */
const MAX_GO_FILES = 50_000;
const MAX_GO_MODS = 200;

interface GoEnv {
  goroot: string | null;
  gomodcache: string | null;
}

let goEnvPromise: Promise<GoEnv> | null = null;

function goEnv(): Promise<GoEnv> {
  goEnvPromise ??= new Promise<GoEnv>((resolve) => {
    execFile('go', ['env', 'GOROOT', 'GOMODCACHE'], { timeout: 10_000 }, (err, stdout) => {
      if (err) {
        // No Go toolchain on PATH: GOROOT can still come from the go.goroot setting.
        resolve({ goroot: null, gomodcache: null });
        return;
      }
      const [goroot, gomodcache] = stdout.split('\n').map((s) => s.trim());
      resolve({ goroot: goroot || null, gomodcache: gomodcache || null });
    });
  });
  return goEnvPromise;
}

let workspaceCache: { at: number; mapper: Promise<GoPathMapper> } | null = null;

function workspaceMapper(): Promise<GoPathMapper> {
  if (workspaceCache && Date.now() - workspaceCache.at < WORKSPACE_TTL_MS) return workspaceCache.mapper;
  const mapper = scanWorkspace();
  workspaceCache = { at: Date.now(), mapper };
  return mapper;
}

async function scanWorkspace(): Promise<GoPathMapper> {
  const [goFiles, goMods] = await Promise.all([
    vscode.workspace.findFiles('**/*.go', '**/{node_modules,.git}/**', MAX_GO_FILES),
    vscode.workspace.findFiles('**/go.mod', '**/{node_modules,.git,vendor}/**', MAX_GO_MODS),
  ]);
  const modules: GoModule[] = [];
  for (const f of goMods) {
    try {
      const path = parseGoModModulePath(new TextDecoder().decode(await vscode.workspace.fs.readFile(f)));
      if (path !== null) modules.push({ dir: f.fsPath.replace(/\\/g, '/').replace(/\/go\.mod$/, ''), path });
    } catch {
      // An unreadable go.mod: its files are still found by their trailing path elements.
    }
  }
  // Nothing checks the declaration at the line before a file is opened: a base name alone is too weak.
  return new GoPathMapper(
    goFiles.map((u) => u.fsPath),
    modules,
    { minSuffixElements: 2 },
  );
}

async function exists(p: string): Promise<boolean> {
  try {
    const st = await vscode.workspace.fs.stat(vscode.Uri.file(p));
    return st.type === vscode.FileType.File;
  } catch {
    return false;
  }
}

/**
 * The local file for a frame, or null. `analysed` holds what the analysis matched against its
 * source roots (the decode worker's SourceLookup).
 */
export async function locateFrameFile(
  frame: FrameFile,
  analysed?: ReadonlyMap<string, string>,
): Promise<vscode.Uri | null> {
  if (!frame.file) return null;
  // Path mappings, an absolute file and what the analysis matched come first in the candidates'
  // order and need neither `go env` (a process) nor the workspace listing (a file search): tried
  // alone first, so a frame the worker already mapped costs a stat.
  const cheap = frameFileCandidates(frame, { pathMappings: settings.pathMappings(), analysed });
  for (const p of cheap) if (await exists(p)) return vscode.Uri.file(p);
  const env = await goEnv();
  const candidates = frameFileCandidates(frame, {
    pathMappings: settings.pathMappings(),
    analysed,
    goroot: settings.goroot() || env.goroot,
    gomodcache: env.gomodcache,
    workspace: await workspaceMapper(),
  });
  const tried = new Set(cheap);
  for (const p of candidates) if (!tried.has(p) && (await exists(p))) return vscode.Uri.file(p);
  return null;
}

/** Forgets the workspace listing (after a path mapping changed, or files moved). */
export function invalidateFrameLocator(): void {
  workspaceCache = null;
}
