// The floors of the architecture are checks, not conventions: ESLint's layering rules and
// Prettier's formatting run with every test run, and the layering rules are shown to bite.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');

describe('lint and format', () => {
  it('eslint finds no problems in the repository', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`),
    );
    assert.deepEqual(problems, []);
  });

  it('prettier --check passes (run `npm run format` to fix)', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '.'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  });

  const layering: [file: string, source: string][] = [
    ['src/core/analysis/x.ts', "import * as vscode from 'vscode';\nexport const a = vscode;\n"],
    ['src/core/analysis/x.ts', "import { settings } from '../../host/settings';\nexport const a = settings;\n"],
    ['src/core/input/x.ts', "import { readInput } from '../../node/readInput';\nexport const a = readInput;\n"],
    ['src/core/input/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['src/shared/x.ts', "import * as vscode from 'vscode';\nexport const a = vscode;\n"],
    ['webview/x.ts', "import { settings } from '../src/host/settings';\nexport const a = settings;\n"],
    ['webview/x.ts', "import { readInput } from '../src/node/readInput';\nexport const a = readInput;\n"],
    ['src/node/x.ts', "import * as vscode from 'vscode';\nexport const a = vscode;\n"],
    ['src/cli/x.ts', "import { settings } from '../host/settings';\nexport const a = settings;\n"],
  ];
  for (const [file, source] of layering) {
    it(`flags ${source.split('\n')[0]} in ${file}`, async () => {
      const [result] = await new ESLint({ cwd: root }).lintText(source, { filePath: path.join(root, file) });
      assert.ok(
        result!.messages.some((m) => m.ruleId === 'no-restricted-imports'),
        JSON.stringify(result!.messages),
      );
    });
  }

  it('lets the host import vscode, the core and node code', async () => {
    const source =
      "import * as vscode from 'vscode';\nimport { readInput } from '../../node/readInput';\nexport const a = [vscode, readInput];\n";
    const [result] = await new ESLint({ cwd: root }).lintText(source, {
      filePath: path.join(root, 'src/host/open/x.ts'),
    });
    assert.deepEqual(
      result!.messages.filter((m) => m.ruleId === 'no-restricted-imports'),
      [],
    );
  });
});
