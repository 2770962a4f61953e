// Skeleton checks in a real extension host: the extension is found, activates, and its command is
// registered and runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'goroutine-inspector.goroutine-inspector';

describe('extension skeleton', () => {
  it('is installed under its publisher.name id and activates', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `extension ${extensionId} not found among ${vscode.extensions.all.length} extensions`);
    await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(ext.packageJSON.displayName, 'Goroutine Inspector');
  });

  it('registers goroutineInspector.focusView', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('goroutineInspector.focusView'), 'goroutineInspector.focusView is not registered');
  });

  it('runs goroutineInspector.focusView, which reveals the Goroutines view', async () => {
    // The view's own focus command exists only once the view container is contributed.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('goroutineInspector.goroutines.focus'), 'the Goroutines view is not contributed');
    await vscode.commands.executeCommand('goroutineInspector.focusView');
  });

  it('opens the test workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.match(folders[0]!.uri.path, /test\/integration\/workspace$/);
  });
});
