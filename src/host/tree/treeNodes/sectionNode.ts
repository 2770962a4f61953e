// The three top-level sections: Suspects (expanded), Healthy, Runtime (only when shown).
import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

export class SectionNode implements TreeNode {
  constructor(
    private readonly id: string,
    private readonly label: string,
    private readonly goroutines: number,
    private readonly groupCount: number,
    private readonly icon: vscode.ThemeIcon,
    private readonly expanded: boolean,
    private readonly kids: () => TreeNode[],
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label,
      this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.description = `${this.goroutines} goroutine${this.goroutines === 1 ? '' : 's'} · ${this.groupCount} group${this.groupCount === 1 ? '' : 's'}`;
    item.iconPath = this.icon;
    item.contextValue = 'section';
    return item;
  }

  children(): TreeNode[] {
    return this.kids();
  }
}
