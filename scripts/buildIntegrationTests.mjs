// Compiles the integration suites that run inside the extension host: every
// test/integration/suite/*.ts to out/test/suite/*.js (index.js runs each *.test.js it finds next
// to it), the failure probe to out/test/failingSuite/, and the suite of the benches that drive
// the extension host to out/test/benchSuite/. All stay inside the extension folder, as VS Code
// requires of extensionTestsPath. `vscode` and `mocha` are resolved at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function entries(dir) {
  return readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, dir, f));
}

const suites = [
  { from: 'test/integration/suite', to: 'out/test/suite' },
  { from: 'test/integration/failingSuite', to: 'out/test/failingSuite' },
  // Benches that drive the real extension host (bench/treePath.ts); not run by the tests.
  { from: 'test/integration/benchSuite', to: 'out/test/benchSuite' },
];

await Promise.all(
  suites.map(async ({ from, to }) => {
    // A deleted test must not keep running from a stale build.
    rmSync(path.join(root, to), { recursive: true, force: true });
    await esbuild.build({
      entryPoints: entries(from),
      outdir: path.join(root, to),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      external: ['vscode', 'mocha'],
      logLevel: 'warning',
    });
  }),
);
