// Groups that share a handler, a leak kind or a wait state (the toolbar's "Group By").
import * as vscode from 'vscode';
import type { GroupNode } from './groupNode';
import { shortFunctionName } from '../../../core/go/functionNames';
import { type TreeNode } from './treeNode';

export class BucketNode implements TreeNode {
  constructor(
    private readonly id: string,
    private readonly name: string,
    private readonly groups: GroupNode[],
    private readonly icon: string,
    private readonly expanded: boolean,
  ) {}

  get goroutines(): number {
    return this.groups.reduce((n, g) => n + g.analyzed.group.count, 0);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      shortFunctionName(this.name, { dropMain: true }),
      this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.description = `${this.goroutines} goroutine${this.goroutines === 1 ? '' : 's'}${this.groups.length > 1 ? ` in ${this.groups.length} groups` : ''}`;
    item.tooltip = this.name;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'bucket';
    return item;
  }

  children(): TreeNode[] {
    return this.groups;
  }
}
