// What the extension-host suites share: the activated extension's API, files opened through the
// extension's own command, the Goroutines view read through its TreeDataProvider (the contract
// VS Code itself uses), and the demo Go service started for the run (see runIntegration.ts).
// Bundled into each suite file by scripts/buildIntegrationTests.mjs; not a test.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GoroutineInspectorApi } from '../../src/host/extension';
import type { AnalysisSession } from '../../src/host/model/analysisSession';

export const extensionId = 'goroutine-inspector.goroutine-inspector';

export async function activateApi(): Promise<{ api: GoroutineInspectorApi; extensionPath: string }> {
  const ext = vscode.extensions.getExtension<GoroutineInspectorApi>(extensionId);
  assert.ok(ext, `${extensionId} is not installed`);
  return { api: await ext.activate(), extensionPath: ext.extensionPath };
}

/** A file of this checkout, by its path from the repository root. */
export function repoFile(extensionPath: string, ...parts: string[]): string {
  return path.join(extensionPath, ...parts);
}

/** "Open Profile File…" on `files` (analysed together as one moment); fails if nothing was analysed. */
export async function openFiles(...files: string[]): Promise<AnalysisSession> {
  const uris = files.map((f) => vscode.Uri.file(f));
  const session = await vscode.commands.executeCommand<AnalysisSession | null>(
    'goroutineInspector.openProfileFile',
    uris[0],
    uris,
  );
  assert.ok(session, `no analysis of ${files.join(', ')}`);
  return session;
}

/** The base URL of the demo Go service that runIntegration.ts started for this run. */
export function demoUrl(): string {
  const url = process.env.GI_DEMO_URL;
  assert.ok(url, 'GI_DEMO_URL is not set: run the suite through test/integration/runIntegration.ts');
  return url;
}

type Tree = GoroutineInspectorApi['tree'];
type Node = NonNullable<Awaited<ReturnType<Tree['getChildren']>>>[number];

/** Children of `node` (the roots without one) as VS Code asks the view for them. */
export async function childrenOf(tree: Tree, node?: Node): Promise<Node[]> {
  return (await tree.getChildren(node)) ?? [];
}

export async function itemOf(tree: Tree, node: Node): Promise<vscode.TreeItem> {
  return tree.getTreeItem(node);
}

export function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** Label → node for the children of `node`. */
export async function labelled(tree: Tree, node?: Node): Promise<{ label: string; node: Node }[]> {
  const out: { label: string; node: Node }[] = [];
  for (const n of await childrenOf(tree, node)) out.push({ label: labelOf(await itemOf(tree, n)), node: n });
  return out;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
