// Bundles the three outputs: the extension host (node, cjs, `vscode` external), the webview app
// (browser, with its css and the codicon font copied next to it) and the CLI (node, with a shebang).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

function copyStaticAssets() {
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    cpSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);
  }
  mkdirSync('dist/wasm', { recursive: true });
  cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/wasm/web-tree-sitter.wasm');
  cpSync('node_modules/tree-sitter-go/tree-sitter-go.wasm', 'dist/wasm/tree-sitter-go.wasm');
}

// web-tree-sitter finds its wasm through import.meta.url, which a cjs bundle does not have.
const importMetaUrl = "const importMetaUrl = require('url').pathToFileURL(__filename).href;";
const nodeCjs = { platform: 'node', format: 'cjs', target: 'node20', define: { 'import.meta.url': 'importMetaUrl' } };

const builds = [
  {
    ...common,
    // The decode worker runs in worker_threads next to the extension (dist/decodeWorker.js).
    entryPoints: { extension: 'src/host/extension.ts', decodeWorker: 'src/node/decodeWorker.ts' },
    outdir: 'dist',
    ...nodeCjs,
    banner: { js: importMetaUrl },
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    ...nodeCjs,
    banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` },
  },
  {
    ...common,
    // The webview app; its css import becomes dist/webview.css.
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
];

copyStaticAssets();
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
