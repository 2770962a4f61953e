// What every node of the Goroutines tree provides: its TreeItem and (lazily) its children; and the
// plain node most rows are, a row view model with children built on expansion.
import * as vscode from 'vscode';
import type { TreeRowView } from '../../../core/present/treeRows';
import { treeItem } from '../treeItem';

export interface TreeNode {
  toTreeItem(): vscode.TreeItem;
  /** Called only when the user expands the node: 100k goroutines on 2k stacks open instantly. */
  children(): TreeNode[];
}

export class RowNode implements TreeNode {
  constructor(
    private readonly row: TreeRowView,
    private readonly kids: (() => TreeNode[]) | null = null,
    private readonly options: { readonly id?: string; readonly expanded?: boolean } = {},
  ) {}

  toTreeItem(): vscode.TreeItem {
    const state = !this.kids
      ? vscode.TreeItemCollapsibleState.None
      : this.options.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    return treeItem(this.row, state, this.options.id);
  }

  children(): TreeNode[] {
    return this.kids ? this.kids() : [];
  }
}
