// Runs every test through ONE node:test run, so the output ends with its summary:
//   unit         test/unit/**/*.test.ts         pure code, real fixtures
//   integration  test/integration/*.test.ts     mocha suites inside a real VS Code extension host
//   e2e          test/e2e/**/*.test.ts          the workbench in Chromium (harness/ excluded)
// Usage: node scripts/runTests.mjs [unit|integration|e2e ...] [FILE ...] [--node-test-option ...]
// With VS Code tests in the run, files run one at a time (each session takes ~1.3 GB and a core).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function findTests(dir, { recursive, skip = [] }) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const name of readdirSync(abs).sort()) {
    const rel = path.join(dir, name);
    if (skip.includes(name)) continue;
    if (statSync(path.join(root, rel)).isDirectory()) {
      if (recursive) out.push(...findTests(rel, { recursive, skip }));
    } else if (name.endsWith('.test.ts')) {
      out.push(rel);
    }
  }
  return out;
}

const groups = {
  unit: () => findTests('test/unit', { recursive: true }),
  integration: () => findTests('test/integration', { recursive: false }),
  e2e: () => findTests('test/e2e', { recursive: true, skip: ['harness', 'workspace', 'fixtures'] }),
};

const args = process.argv.slice(2);
// Options such as --test-name-pattern=… go to node; group names and files select the tests.
const nodeOptions = args.filter((a) => a.startsWith('-'));
const selected = args.filter((a) => a in groups);
const explicit = args.filter((a) => !(a in groups) && !a.startsWith('-'));
const files = [
  ...(selected.length === 0 && explicit.length === 0 ? Object.keys(groups) : selected).flatMap((g) => groups[g]()),
  ...explicit,
];
if (files.length === 0) {
  console.error(`runTests: no test files for ${args.join(' ') || 'all'}`);
  process.exit(1);
}

const needsVscode = files.some((f) => !f.startsWith('test/unit'));
const env = { ...process.env };
if (files.some((f) => f.startsWith('test/e2e')) && !env.GI_VSIX) {
  // Package once for every UI test file instead of once per file.
  const vsix = path.join(root, 'test', 'output', 'goroutine-inspector.vsix');
  mkdirSync(path.dirname(vsix), { recursive: true });
  const r = spawnSync(
    path.join(root, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--out', vsix],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) {
    console.error('runTests: vsce package failed');
    process.exit(1);
  }
  env.GI_VSIX = vsix;
}

const nodeArgs = [
  '--import',
  'tsx',
  '--test',
  `--test-concurrency=${needsVscode ? 1 : Math.max(2, Math.min(4, (await import('node:os')).availableParallelism()))}`,
  '--test-reporter=spec',
  ...nodeOptions,
  ...files,
];
const result = spawnSync(process.execPath, nodeArgs, { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
