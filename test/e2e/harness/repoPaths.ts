// Where things live, resolved once from this file's location so tests can run from any cwd.
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
/** Screenshots, logs and packaged .vsix files from test runs (git-ignored). */
export const testOutputDir = path.join(repoRoot, 'test', 'output');
/** The provisioned code-server and the throwaway profiles of running sessions (git-ignored). */
export const vscodeTestDir = path.join(repoRoot, '.vscode-test');
