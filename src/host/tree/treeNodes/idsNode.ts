// The goroutine ids of a group, in pages of 100 so a 24,000-goroutine group still opens at once.
import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

const PAGE = 100;

class IdPageNode implements TreeNode {
  constructor(
    private readonly ids: readonly number[],
    private readonly from: number,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const page = this.ids.slice(this.from, this.from + PAGE);
    const item = new vscode.TreeItem(page.join(', '), vscode.TreeItemCollapsibleState.None);
    item.tooltip = `goroutines ${this.from + 1}–${this.from + page.length} of ${this.ids.length}`;
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}

export class IdsNode implements TreeNode {
  constructor(
    private readonly ids: readonly number[],
    private readonly parentIds: readonly number[],
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`goroutine ids (${this.ids.length})`, vscode.TreeItemCollapsibleState.Collapsed);
    if (this.parentIds.length)
      item.description = `parent${this.parentIds.length > 1 ? 's' : ''} ${this.parentIds.slice(0, 5).join(', ')}${this.parentIds.length > 5 ? ', …' : ''}`;
    item.iconPath = new vscode.ThemeIcon('symbol-number');
    item.contextValue = 'ids';
    return item;
  }

  children(): TreeNode[] {
    const pages: TreeNode[] = [];
    for (let i = 0; i < this.ids.length; i += PAGE) pages.push(new IdPageNode(this.ids, i));
    return pages;
  }
}
