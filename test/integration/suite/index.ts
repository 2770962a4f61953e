// The extension-tests entry VS Code loads inside the extension host (`extensionTestsPath`).
// scripts/buildIntegrationTests.mjs compiles every test/integration/suite/*.test.ts next to this
// file as out/test/suite/*.test.js; this runs all of them with mocha (BDD: describe/it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runMocha } from '../mochaRunner';

export function run(): Promise<void> {
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(__dirname, f));
  return runMocha(files);
}
