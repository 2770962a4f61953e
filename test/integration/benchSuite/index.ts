// Extension-tests entry of the benches that drive the real extension host (bench/treePath.ts):
// compiled by scripts/buildIntegrationTests.mjs to out/test/benchSuite/; not part of the test run.
import { runMocha } from '../mochaRunner';

export function run(): Promise<void> {
  return runMocha([`${__dirname}/treePath.bench.js`]);
}
