// Where the tree-sitter wasm files are: next to the bundle in the packaged extension and CLI
// (`dist/wasm/`, copied by esbuild.mjs), in node_modules when running from source (tests, tsx).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TreeSitterWasm } from '../core/source/goParser';

const FILES = { runtime: 'web-tree-sitter.wasm', goGrammar: 'tree-sitter-go.wasm' } as const;

/** Directories searched in order; the first holding both files wins. */
export function wasmSearchDirs(): string[] {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const dirs = [join(here, 'wasm'), join(here, '..', 'dist', 'wasm'), join(here, '..', '..', 'dist', 'wasm')];
  // Development: node_modules of the repository (one of the ancestors of this file or the cwd).
  for (const start of [here, process.cwd()]) {
    let d = resolve(start);
    for (let i = 0; i < 6; i++) {
      dirs.push(join(d, 'node_modules'));
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  return dirs;
}

export async function loadTreeSitterWasm(dirs: readonly string[] = wasmSearchDirs()): Promise<TreeSitterWasm> {
  for (const dir of dirs) {
    const flat = { runtime: join(dir, FILES.runtime), goGrammar: join(dir, FILES.goGrammar) };
    const nested = {
      runtime: join(dir, 'web-tree-sitter', FILES.runtime),
      goGrammar: join(dir, 'tree-sitter-go', FILES.goGrammar),
    };
    for (const p of [flat, nested]) {
      if (existsSync(p.runtime) && existsSync(p.goGrammar)) {
        const [runtime, goGrammar] = await Promise.all([readFile(p.runtime), readFile(p.goGrammar)]);
        return { runtime, goGrammar };
      }
    }
  }
  throw new Error(
    `tree-sitter wasm files (${FILES.runtime}, ${FILES.goGrammar}) not found in ${dirs.slice(0, 3).join(', ')} or node_modules`,
  );
}
