// Sharing inside a real extension host: on the shopd capture, "Copy Report as Markdown" puts the
// report on the clipboard (all suspects, or one group from its row), and "Export Stacks for
// speedscope…" writes a file whose weights add up to the snapshot's goroutines.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisSession } from '../../../src/host/model/analysisSession';

const extensionId = 'goroutine-inspector.goroutine-inspector';

describe('Sharing a snapshot', function () {
  this.timeout(60_000);
  let session: AnalysisSession;

  before(async () => {
    const ext = vscode.extensions.getExtension(extensionId)!;
    await ext.activate();
    const dump = vscode.Uri.file(path.join(ext.extensionPath, 'test', 'fixtures', 'shopd-t2', 'goroutine_debug2.txt'));
    const s = await vscode.commands.executeCommand<AnalysisSession | null>('goroutineInspector.openProfileFile', dump, [
      dump,
    ]);
    assert.ok(s);
    session = s;
  });

  it('"Copy Report as Markdown" copies the suspects first, each with its collapsed stack', async () => {
    const md = await vscode.commands.executeCommand<string>('goroutineInspector.copyReportMarkdown');
    assert.equal(await vscode.env.clipboard.readText(), md);
    assert.ok(md.indexOf('### Suspects') < md.indexOf('### Other groups'));
    assert.equal((md.match(/^#### \d+\. /gm) ?? []).length, session.result.suspectCount);
    assert.equal((md.match(/<details>/g) ?? []).length, session.result.suspectCount);
  });

  it('from a group row, the report holds that group alone', async () => {
    const g = session.result.groups.find((x) => x.verdict.suspect)!;
    const md = await vscode.commands.executeCommand<string>('goroutineInspector.copyReportMarkdown', {
      groupKey: g.group.key,
    });
    assert.equal((md.match(/^#### /gm) ?? []).length, 1);
    assert.match(md, new RegExp(`${g.group.count} ×`));
  });

  it('"Export Stacks for speedscope…" writes one sampled profile weighted by goroutine count', async () => {
    const to = vscode.Uri.file(path.join(mkdtempSync(path.join(os.tmpdir(), 'gi-speedscope-')), 'g.speedscope.json'));
    await vscode.commands.executeCommand('goroutineInspector.exportSpeedscope', undefined, to);
    const file = JSON.parse(readFileSync(to.fsPath, 'utf8'));
    assert.equal(file.$schema, 'https://www.speedscope.app/file-format-schema.json');
    const weights: number[] = file.profiles[0].weights;
    assert.equal(
      weights.reduce((a, b) => a + b, 0),
      session.result.snapshot.goroutineCount,
    );
  });
});
