// Commands on stored snapshots (the Snapshots view's context menu, the palette): open again, save
// as files, delete. Each is a factory over what it needs; registerSnapshots registers them.
import * as vscode from 'vscode';
import { analyzeWithProgress, type AnalysisDeps } from '../analysis/runAnalysis';
import type { SnapshotMeta, SnapshotStore } from './snapshotStore';

function asMeta(x: unknown): SnapshotMeta | null {
  return typeof x === 'object' && x !== null && typeof (x as SnapshotMeta).id === 'string' ? (x as SnapshotMeta) : null;
}

async function pickSnapshot(store: SnapshotStore, arg: unknown, title: string): Promise<SnapshotMeta | null> {
  const given = asMeta(arg);
  if (given) return given;
  const all = await store.list();
  if (!all.length) {
    void vscode.window.showInformationMessage('No snapshots yet: run "Capture from Endpoint…" first.');
    return null;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((m) => ({ label: new Date(m.createdAt).toLocaleString(), description: m.title, meta: m })),
    { title },
  );
  return pick?.meta ?? null;
}

export function openSnapshotCommand(deps: AnalysisDeps, store: SnapshotStore) {
  return async (arg?: unknown) => {
    const m = await pickSnapshot(store, arg, 'Open Snapshot');
    if (!m) return null;
    return analyzeWithProgress(
      deps,
      `${m.title} (${new Date(m.createdAt).toLocaleTimeString()})`,
      m.files.map((f) => ({ name: f.source, path: store.fileUri(m.id, f.name).fsPath })),
      m.id,
    );
  };
}

export function saveSnapshotCommand(store: SnapshotStore) {
  return async (arg?: unknown, folder?: unknown): Promise<vscode.Uri[]> => {
    const m = await pickSnapshot(store, arg, 'Save Snapshot as Files');
    if (!m) return [];
    // A caller that knows the folder (the integration tests) passes it; the menus get the dialog.
    const target =
      folder instanceof vscode.Uri
        ? [folder]
        : await vscode.window.showOpenDialog({
            canSelectFiles: false,
            canSelectFolders: true,
            canSelectMany: false,
            openLabel: 'Save Here',
            title: 'Folder for the snapshot files',
            defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          });
    if (!target?.[0]) return [];
    const written = await store.saveTo(m.id, target[0]);
    void vscode.window.showInformationMessage(`Saved ${written.length} file(s) to ${target[0].fsPath}.`);
    return written;
  };
}

function noConfirm(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as { confirm?: unknown }).confirm === false;
}

export function deleteSnapshotCommand(store: SnapshotStore) {
  return async (arg?: unknown, options?: unknown): Promise<boolean> => {
    const m = await pickSnapshot(store, arg, 'Delete Snapshot');
    if (!m) return false;
    // `{ confirm: false }` from a caller that has asked already (the integration tests).
    const ok = noConfirm(options)
      ? 'Delete'
      : await vscode.window.showWarningMessage(
          `Delete the snapshot of ${m.title} taken ${new Date(m.createdAt).toLocaleString()}?`,
          { modal: true },
          'Delete',
        );
    if (ok === 'Delete') await store.delete(m.id);
    return ok === 'Delete';
  };
}
