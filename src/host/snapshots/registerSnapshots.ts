// Registers the Snapshots view (every capture kept in workspace storage) and its commands.
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../commandIds';
import type { Services } from '../services';
import { deleteSnapshotCommand, openSnapshotCommand, saveSnapshotCommand } from './snapshotCommands';
import { SnapshotsTreeProvider, type WatchStates } from './snapshotsTreeProvider';

export function registerSnapshots(
  context: vscode.ExtensionContext,
  { snapshots, analysis }: Services,
  watches: WatchStates | null = null,
): void {
  const tree = new SnapshotsTreeProvider(snapshots, watches);
  context.subscriptions.push(
    tree,
    vscode.window.registerTreeDataProvider(VIEWS.snapshots, tree),
    vscode.commands.registerCommand(COMMANDS.openSnapshot, openSnapshotCommand(analysis, snapshots)),
    vscode.commands.registerCommand(COMMANDS.saveSnapshot, saveSnapshotCommand(snapshots)),
    vscode.commands.registerCommand(COMMANDS.deleteSnapshot, deleteSnapshotCommand(snapshots)),
  );
}
