// The "Comparison" view: every group of the two moments as before → after (new, grown, shrunk,
// gone; growing first), with the later moment's verdict. A row of a group the later moment has
// opens it (the later moment is the current session) and expands to its stack.
import * as vscode from 'vscode';
import { countChangeText, type CompareGroupRow } from '../../core/present/compareView';
import { findGroup } from '../../core/present/groupLookup';
import { numberText } from '../../core/present/format';
import { GroupNode } from '../tree/treeNodes/groupNode';
import type { TreeNode } from '../tree/treeNodes/treeNode';
import { COMMANDS } from '../commandIds';
import { settings } from '../settings';
import type { Comparison, ComparisonStore } from './comparisonStore';
import { displayText } from '../../core/text/terminalText';

const ICONS: Record<CompareGroupRow['change'], vscode.ThemeIcon> = {
  new: new vscode.ThemeIcon('diff-added', new vscode.ThemeColor('charts.red')),
  grown: new vscode.ThemeIcon('arrow-up', new vscode.ThemeColor('charts.red')),
  same: new vscode.ThemeIcon('dash'),
  shrunk: new vscode.ThemeIcon('arrow-down', new vscode.ThemeColor('charts.green')),
  gone: new vscode.ThemeIcon('diff-removed', new vscode.ThemeColor('charts.green')),
};

class ChangeNode implements TreeNode {
  constructor(
    private readonly c: Comparison,
    private readonly row: CompareGroupRow,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const r = this.row;
    const expandable = r.afterKey !== null && findGroup(this.c.after.result, r.afterKey) !== null;
    const item = new vscode.TreeItem(
      displayText(r.title),
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${this.c.after.id}/compare/${r.signature}`;
    const verdict = r.suspect ? ` · ${r.kind ?? 'suspect'}` : '';
    item.description = `${countChangeText(r)} ${r.change}${verdict}`;
    const tip = new vscode.MarkdownString();
    tip.appendText(displayText(`${r.title}\n${r.site}\n${countChangeText(r)}: ${r.change}`));
    if (r.newIdsTotal > 0)
      tip.appendText(
        `\n${numberText(r.newIdsTotal)} new goroutine ids: ${r.newIds.slice(0, 20).join(', ')}${r.newIdsTotal > 20 ? ', …' : ''}`,
      );
    item.tooltip = tip;
    item.iconPath = ICONS[r.change];
    item.contextValue = `comparison.${r.change}`;
    if (r.afterKey !== null)
      item.command = { command: COMMANDS.showGroup, title: 'Show Group', arguments: [r.afterKey] };
    return item;
  }

  children(): TreeNode[] {
    const g = this.row.afterKey === null ? null : findGroup(this.c.after.result, this.row.afterKey);
    if (!g) return [];
    // The later moment's group, as the Goroutines view shows it expanded.
    return new GroupNode(this.c.after, g, settings.foldStandardLibrary()).children();
  }
}

export class ComparisonTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: ComparisonStore) {
    this.sub = store.onDidChange(() => this.emitter.fire(undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.children();
    const c = this.store.current;
    return c ? c.view.groups.map((r) => new ChangeNode(c, r)) : [];
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
