// A suite that must fail: test/integration/extensionHost.test.ts runs it to prove a failing test
// inside the extension host reaches the runner as a non-zero exit, not as a silent pass.
import { runMocha } from '../mochaRunner';

export function run(): Promise<void> {
  return runMocha([`${__dirname}/failing.test.js`]);
}
