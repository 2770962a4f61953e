// The whole path of a large capture inside a real extension host, for bench/treePath.ts: each
// input of GI_TREE_PATH_INPUTS (a JSON list of dump files) is opened with "Open Profile File…" in
// a workspace holding the Go source of the program that made it (bench/dumpgen, a source root),
// with that source open in an editor, the Goroutines view shown and a timer-drift probe running.
// The extension's own marks (src/host/model/pathMarks.ts) say when each step ended: the worker
// started, decoded, analysed (reading the source), mapped frame files; the outcome arrived in the
// host; the session was set; the view's items were with VS Code; the decorations were drawn.
// Writes test/output/tree-path.json; asserts only that every step happened.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GoroutineInspectorApi } from '../../../src/host/extension';
import type { AnalysisSession } from '../../../src/host/model/analysisSession';
import { pathSteps, type PathMarks, type PathSteps } from '../../../src/host/model/pathMarks';
import { driftProbe, type Drift } from '../driftProbe';
import { activateApi, openFiles, waitFor } from '../hostSupport';

interface Run {
  readonly input: string;
  readonly run: number;
  readonly goroutines: number;
  readonly groups: number;
  readonly suspects: number;
  readonly steps: PathSteps;
  readonly marks: PathMarks;
  readonly decoratedLines: number;
  readonly drift: Omit<Drift, 'late'> & { late: number };
}

describe('tree path: bytes → worker → host → tree → decorations', function () {
  this.timeout(900_000);
  let api: GoroutineInspectorApi;
  let extensionPath: string;

  before(async () => {
    ({ api, extensionPath } = await activateApi());
    await vscode.workspace
      .getConfiguration('goroutineInspector')
      .update('decode.maxDecompressedBytes', 8 * 1024 ** 3, vscode.ConfigurationTarget.Global);
  });

  it('opens each input and records every step', async () => {
    const inputs = JSON.parse(process.env.GI_TREE_PATH_INPUTS ?? '[]') as string[];
    const runs = Number(process.env.GI_TREE_PATH_RUNS ?? 3);
    assert.ok(inputs.length > 0, 'GI_TREE_PATH_INPUTS names no input: run bench/treePath.ts');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the workspace is bench/dumpgen');
    // The source the dumps' frames name, open beside: its blocking lines get decorations.
    const source = vscode.Uri.joinPath(folder.uri, 'main.go');
    await vscode.window.showTextDocument(source, { preview: false });
    await vscode.commands.executeCommand('goroutineInspector.focusView');
    const out: Run[] = [];
    for (const input of inputs) {
      for (let run = 0; run < runs; run++) {
        const probe = driftProbe();
        const session: AnalysisSession = await openFiles(input);
        const marks = session.marks;
        assert.ok(marks, 'the session carries its marks');
        // VS Code asks for the view's items and the decorations finish after the command returns.
        await waitFor(
          'the tree and the decorations',
          () => (marks.treeRoots !== null && marks.decorated !== null ? true : undefined),
          60_000,
        );
        // Let the expanded rows be asked for too before the probe stops.
        await new Promise((r) => setTimeout(r, 1000));
        const drift = probe.stop();
        const steps = pathSteps(marks);
        out.push({
          input: path.basename(input),
          run,
          goroutines: session.result.snapshot.goroutineCount,
          groups: session.result.groups.length,
          suspects: session.result.groups.filter((g) => g.verdict.suspect).length,
          steps,
          marks: { ...marks },
          decoratedLines: marks.decoratedLines,
          drift: { ...drift, late: drift.late.length },
        });
        assert.ok(marks.decoratedLines > 0, 'the open source shows the blocking lines');
        assert.ok(api.sessions.session === session);
        // The next run starts from nothing shown, as a new capture would.
        api.sessions.set(null);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const dir = path.join(extensionPath, 'test', 'output');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'tree-path.json'), JSON.stringify(out, null, 2));
  });
});
