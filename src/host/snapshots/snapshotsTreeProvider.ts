// The "Snapshots" view: every capture kept in workspace storage, newest first; the ticks of a
// watch grouped under one node per watch (Resume, Stop, timeline there). Click a snapshot to
// analyse it again, context menu to save as files or delete.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { SnapshotMeta, SnapshotStore } from './snapshotStore';

/** What the view knows of watches (host/watch): which are running, when that changes. */
export interface WatchStates {
  isRunning(watchId: string): boolean;
  readonly onDidChange: vscode.Event<void>;
}

/** A watch's group of ticks in the view; `watchId` is what the watch commands receive. */
export interface WatchNode {
  readonly kind: 'watch';
  readonly watchId: string;
  readonly endpoint: string | null;
  readonly ticks: SnapshotMeta[];
}

type Node = SnapshotMeta | WatchNode;

function isWatchNode(n: Node): n is WatchNode {
  return (n as WatchNode).kind === 'watch';
}

export class SnapshotsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly store: SnapshotStore,
    private readonly watches: WatchStates | null = null,
  ) {
    this.subs = [store.onDidChange(() => this.emitter.fire())];
    if (watches) this.subs.push(watches.onDidChange(() => this.emitter.fire()));
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (isWatchNode(n)) {
      const running = this.watches?.isRunning(n.watchId) ?? false;
      const item = new vscode.TreeItem(
        `Watch of ${n.endpoint ?? 'an endpoint'}`,
        running ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `watch:${n.watchId}`;
      item.description = `${n.ticks.length} tick(s)${running ? ' · watching' : ''}`;
      item.iconPath = new vscode.ThemeIcon(running ? 'eye' : 'eye-closed');
      item.contextValue = running ? 'watchRunning' : 'watch';
      item.tooltip = `${n.ticks.length} captures; ${running ? 'running: Stop Watch ends it' : 'stopped: Resume Watch continues the series'}`;
      return item;
    }
    const when = new Date(n.createdAt);
    const item = new vscode.TreeItem(
      `${when.toLocaleDateString()} ${when.toLocaleTimeString()}`,
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = n.id;
    const counts = n.goroutines === null ? '' : `${n.suspectGoroutines ?? 0} suspect / ${n.goroutines} · `;
    item.description = n.watchId !== undefined ? counts.replace(/ · $/, '') : `${counts}${n.title}`;
    item.tooltip = `${n.title}\n${n.files.map((f) => `${f.name} (${f.size} bytes)`).join('\n')}`;
    item.iconPath = new vscode.ThemeIcon('archive');
    item.contextValue = 'snapshot';
    item.command = { command: COMMANDS.openSnapshot, title: 'Open Snapshot', arguments: [n] };
    return item;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (n) return isWatchNode(n) ? n.ticks : [];
    const all = await this.store.list();
    const out: Node[] = [];
    const watches = new Map<string, WatchNode>();
    for (const m of all) {
      if (m.watchId === undefined) {
        out.push(m);
        continue;
      }
      let w = watches.get(m.watchId);
      if (!w) {
        w = { kind: 'watch', watchId: m.watchId, endpoint: m.endpoint, ticks: [] };
        watches.set(m.watchId, w);
        out.push(w); // placed where its newest tick is
      }
      w.ticks.push(m);
    }
    return out;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}
