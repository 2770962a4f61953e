// What every node of the Goroutines tree provides: its TreeItem and (lazily) its children.
import type * as vscode from 'vscode';

export interface TreeNode {
  toTreeItem(): vscode.TreeItem;
  /** Called only when the user expands the node: 100k goroutines on 2k stacks open instantly. */
  children(): TreeNode[];
}
