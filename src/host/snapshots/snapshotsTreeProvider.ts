// The "Snapshots" view: every capture kept in workspace storage, newest first; click to analyse
// again, context menu to save as files or delete.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { SnapshotMeta, SnapshotStore } from './snapshotStore';

export class SnapshotsTreeProvider implements vscode.TreeDataProvider<SnapshotMeta>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: SnapshotStore) {
    this.sub = store.onDidChange(() => this.emitter.fire());
  }

  getTreeItem(m: SnapshotMeta): vscode.TreeItem {
    const when = new Date(m.createdAt);
    const item = new vscode.TreeItem(
      `${when.toLocaleDateString()} ${when.toLocaleTimeString()}`,
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = m.id;
    const counts = m.goroutines === null ? '' : `${m.suspectGoroutines ?? 0} suspect / ${m.goroutines} · `;
    item.description = `${counts}${m.title}`;
    item.tooltip = `${m.title}\n${m.files.map((f) => `${f.name} (${f.size} bytes)`).join('\n')}`;
    item.iconPath = new vscode.ThemeIcon('archive');
    item.contextValue = 'snapshot';
    item.command = { command: COMMANDS.openSnapshot, title: 'Open Snapshot', arguments: [m] };
    return item;
  }

  getChildren(m?: SnapshotMeta): Promise<SnapshotMeta[]> | SnapshotMeta[] {
    return m ? [] : this.store.list();
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
