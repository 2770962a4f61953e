// The Node implementation of the core's SourceReader: walks the given roots for `.go` and
// `go.mod` files, skipping directories that never hold the service's own source.
import { readdir, readFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import type { SourceReader } from '../core/source/sourceReader';
import { loadTreeSitterWasm } from './treeSitterWasm';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'testdata', '.hg', '.svn', 'dist', 'out']);

export interface FsSourceReaderOptions {
  /** Stop listing after this many files (a root pointed at `/` must not take minutes). */
  readonly maxFiles?: number;
}

export function createFsSourceReader(roots: readonly string[], options: FsSourceReaderOptions = {}): SourceReader {
  const maxFiles = options.maxFiles ?? 200_000;
  return {
    async listFiles() {
      const out: string[] = [];
      for (const root of roots) await walk(toPosix(resolve(root)), out, maxFiles);
      return out;
    },
    async readFile(path) {
      try {
        return await readFile(path, 'utf8');
      } catch {
        return null;
      }
    },
    treeSitterWasm: () => loadTreeSitterWasm(),
  };
}

async function walk(dir: string, out: string[], max: number): Promise<void> {
  if (out.length >= max) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // unreadable directories are simply not part of the source
  }
  for (const e of entries) {
    if (out.length >= max) return;
    const p = toPosix(join(dir, e.name));
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(p, out, max);
    } else if (e.isFile() && (e.name.endsWith('.go') || e.name === 'go.mod')) {
      out.push(p);
    }
  }
}

function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}
