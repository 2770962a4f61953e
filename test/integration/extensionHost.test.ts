// node:test entry for the integration suites: runs them inside a real VS Code extension host
// (see runIntegration.ts), with the demo Go service running for the captures, so
// scripts/runTests.mjs reports them in its one summary.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIntegrationTests, runIntegrationWithServices } from './runIntegration';

test('integration suite passes inside the VS Code extension host', { timeout: 600_000 }, async () => {
  assert.equal(await runIntegrationWithServices(), 0, 'the suite failed: see the mocha output above');
});

test('a failing test inside the extension host is reported as a failure', { timeout: 600_000 }, async () => {
  // Its output is kept out of this log (a deliberately failing assertion only confuses readers).
  assert.equal(await runIntegrationTests({ suite: 'out/test/failingSuite', quiet: true }), 1);
});
