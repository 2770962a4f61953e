// The skeleton in a real VS Code: the packaged .vsix installs into code-server, its activity-bar
// container opens on the Goroutines view's welcome content, and a palette command focuses it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from './harness/repoPaths';
import { startVscode, type VscodeSession } from './harness/startVscode';

const welcomeSentence = 'Goroutine Inspector finds goroutines that leak when clients give up';

let vscode: VscodeSession;

before(async () => {
  vscode = await startVscode({ workspace: path.join(repoRoot, 'test', 'integration', 'workspace'), label: 'skeleton' });
});

after(async () => {
  await vscode?.stop();
});

test('the activity bar holds the Goroutine Inspector container', { timeout: 180_000 }, async () => {
  await vscode.activityBarItem('Goroutine Inspector').waitFor({ timeout: 120_000 });
  assert.match(await vscode.openViewContainer('Goroutine Inspector'), /^goroutine inspector/i);
});

test('the Goroutines view shows its welcome text and links', { timeout: 180_000 }, async () => {
  const welcome = (await vscode.view('Goroutines')).locator('.welcome-view-content');
  await welcome.waitFor({ timeout: 60_000 });
  assert.match((await welcome.innerText()).replace(/\s+/g, ' '), new RegExp(welcomeSentence));
  // A line that is a lone link renders as a button; an inline link stays a link.
  const buttons = (await welcome.locator('.monaco-button').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(buttons, ['Capture from Endpoint…', 'Open Profile File…']);
  const link = welcome.locator('a', { hasText: 'Analyze Dump from Clipboard' });
  assert.equal(await link.count(), 1);
  await vscode.screenshot('skeleton-welcome');
});

test('"Goroutine Inspector: Show Goroutines" from the palette brings the view back', { timeout: 180_000 }, async () => {
  // Leave the container first, so only the command can bring the view back.
  await vscode.runCommand('View: Show Explorer');
  const welcome = vscode.page.locator('.sidebar .welcome-view-content', { hasText: welcomeSentence });
  await welcome.waitFor({ state: 'hidden', timeout: 60_000 });
  await vscode.runCommand('Goroutine Inspector: Show Goroutines');
  await welcome.waitFor({ state: 'visible', timeout: 60_000 });
  // The view has keyboard focus, not just visibility.
  const pane = await vscode.view('Goroutines');
  assert.equal(await pane.locator(':scope:focus-within').count(), 1, 'focus is not inside the Goroutines view');
  await vscode.screenshot('skeleton-show-goroutines');
});
