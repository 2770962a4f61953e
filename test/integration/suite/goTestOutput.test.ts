// What a `go test` binary prints, opened in a real extension host and read through the Goroutines
// view's TreeDataProvider as VS Code reads it: a `go test -race` run's reports as a "Data races"
// section (a row per report, both accesses under it with their whole stacks, every frame opening
// its file:line), and a `go test -timeout` dump grouped by test, the running tests first with the
// blocked goroutines of each flagged. Fixtures: test/fixtures/go1.23/pasted/race.txt and hang.txt,
// real output of test/go/crashers/racy and hangingtests (scripts/generateParseFixtures.sh).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GoroutineInspectorApi } from '../../../src/host/extension';
import { activateApi, itemOf, labelled, openFiles, repoFile } from '../hostSupport';

type Tree = GoroutineInspectorApi['tree'];
type Row = Awaited<ReturnType<typeof labelled>>[number];

let api: GoroutineInspectorApi;
let root: string;

const pasted = (file: string) => repoFile(root, 'test', 'fixtures', 'go1.23', 'pasted', file);

async function descriptionOf(tree: Tree, row: Row): Promise<string> {
  const d = (await itemOf(tree, row.node)).description;
  return typeof d === 'string' ? d : '';
}

/** Runs a row's command as a click does; returns the file and line the editor then shows. */
async function click(tree: Tree, row: Row): Promise<[string, number]> {
  const command = (await itemOf(tree, row.node)).command;
  assert.ok(command, `${row.label} has a command`);
  await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, `${row.label} opened an editor`);
  return [editor.document.uri.fsPath, editor.selection.active.line + 1];
}

describe('go test output in the Goroutines view', function () {
  this.timeout(60_000);

  before(async () => {
    const activated = await activateApi();
    api = activated.api;
    root = activated.extensionPath;
    // The fixtures print module paths (-trimpath): example.com/crashers is test/go/crashers here.
    await vscode.workspace
      .getConfiguration('goroutineInspector')
      .update(
        'pathMappings',
        { 'example.com/crashers': repoFile(root, 'test', 'go', 'crashers') },
        vscode.ConfigurationTarget.Global,
      );
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('goroutineInspector')
      .update('pathMappings', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('goroutineInspector.groupBy', 'handler');
  });

  it('a race report is a row with both accesses under it, each with its stack and its created-at stack', async () => {
    await openFiles(pasted('race.txt'));
    const tree = api.tree;
    const sections = await labelled(tree);
    assert.equal(sections[0]?.label, 'Data races', sections.map((s) => s.label).join(', '));
    assert.equal(await descriptionOf(tree, sections[0]!), '3 race reports · 6 accesses');
    const reports = await labelled(tree, sections[0]!.node);
    assert.equal(reports.length, 3);
    const first = reports[0]!;
    assert.match(first.label, /^race on 0x00c0000142e8$/);
    assert.equal(
      await descriptionOf(tree, first),
      'read by goroutine 8 ↔ previous write by goroutine 9 · TestHitCounter',
    );

    const accesses = await labelled(tree, first.node);
    assert.equal(accesses.length, 2, accesses.map((a) => a.label).join(' | '));
    const file = repoFile(root, 'test', 'go', 'crashers', 'racy', 'sessions_test.go');
    for (const [i, access] of accesses.entries()) {
      assert.match(
        await descriptionOf(tree, access),
        i === 0 ? /^race: read by goroutine 8/ : /^race: previous write by goroutine 9/,
        'the access that triggered the report first, then the previous one',
      );
      const kids = await labelled(tree, access.node);
      // Its stack, innermost first: (*stats).record at line 19, called by the test's closure (49).
      assert.deepEqual(
        kids.slice(0, 2).map((k) => k.label),
        ['racy.(*stats).record', 'racy.TestHitCounter.func1'],
      );
      assert.deepEqual(await click(tree, kids[0]!), [file, 19]);
      assert.deepEqual(await click(tree, kids[1]!), [file, 49]);
      // Where its goroutine was created: the `go` statement in TestHitCounter (line 47), and under
      // it the rest of the created-at stack (testing's frames, which open in GOROOT when present).
      const createdBy = kids.find((k) => k.label.startsWith('created by'));
      assert.ok(createdBy, kids.map((k) => k.label).join(' | '));
      assert.equal(createdBy.label, 'created by racy.TestHitCounter');
      assert.deepEqual(await click(tree, createdBy), [file, 47]);
      const creatorStack = (await labelled(tree, createdBy.node)).map((k) => k.label);
      assert.deepEqual(creatorStack, ['testing.tRunner', 'testing.(*T).Run.gowrap1']);
    }
  });

  it('a test timeout grouped by test: the running tests first, their blocked goroutines flagged', async () => {
    const session = await openFiles(pasted('hang.txt'));
    assert.ok(session.result.tests, 'the dump was read as a go test binary');
    await vscode.commands.executeCommand('goroutineInspector.groupBy', 'test');
    const tree = api.tree;
    const sections = await labelled(tree);
    const suspects = sections.find((s) => s.label === 'Suspects');
    assert.ok(suspects, sections.map((s) => s.label).join(', '));
    const buckets = await labelled(tree, suspects.node);
    assert.deepEqual(await Promise.all(buckets.map(async (b) => [b.label, await descriptionOf(tree, b)])), [
      ['TestDrain/empty', '3 goroutines in 2 groups · running 2s'],
      ['TestHandshake', '2 goroutines in 2 groups · running 2s'],
    ]);
    for (const b of buckets) {
      const groups = await labelled(tree, b.node);
      assert.ok(groups.length > 0);
      for (const g of groups) {
        const item = await itemOf(tree, g.node);
        assert.match(String(item.description), /^blocks its running test · /, `${b.label}: ${g.label}`);
        assert.equal((item.iconPath as vscode.ThemeIcon).id, 'beaker');
      }
    }
    // The rest (Healthy and Undecided): go test's own goroutines (the alarm, the runner) in a
    // bucket of their own, the tests not running or waiting for subtests; nothing there flagged.
    const rest = sections.filter((s) => s.label === 'Healthy' || s.label === 'Undecided');
    assert.ok(rest.length > 0, sections.map((s) => s.label).join(', '));
    const others = (await Promise.all(rest.map((s) => labelled(tree, s.node)))).flat();
    assert.ok(
      others.some((b) => b.label === 'go test itself'),
      others.map((b) => b.label).join(', '),
    );
    for (const b of others)
      for (const g of await labelled(tree, b.node))
        assert.doesNotMatch(String((await itemOf(tree, g.node)).description), /blocks its running test/);
  });
});
