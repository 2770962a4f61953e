// Skeleton checks in a real extension host: the extension is found, activates, and its command is
// registered and shows the Goroutines view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, waitFor } from '../hostSupport';

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
    const { api } = await activateApi();
    // Leave the view's container, so only the command can bring the view back.
    await vscode.commands.executeCommand('workbench.view.explorer');
    // VS Code asks a view's provider for its roots when the view is shown, not while it is hidden:
    // count those requests (the provider object is the one VS Code calls).
    const tree = api.tree;
    const original = tree.getChildren;
    let rootRequests = 0;
    tree.getChildren = function (this: typeof tree, ...args: Parameters<typeof original>) {
      if (args[0] === undefined) rootRequests++;
      return original.apply(this, args);
    };
    try {
      // A refresh of the hidden view waits until it is shown.
      await vscode.commands.executeCommand('goroutineInspector.clearFilter');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(rootRequests, 0, 'the hidden view already asked for its roots');
      await vscode.commands.executeCommand('goroutineInspector.focusView');
      await waitFor('the Goroutines view to be shown and ask for its roots', () =>
        rootRequests > 0 ? true : undefined,
      );
    } finally {
      tree.getChildren = original;
    }
  });

  it('opens the test workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.match(folders[0]!.uri.path, /test\/integration\/workspace$/);
  });
});
