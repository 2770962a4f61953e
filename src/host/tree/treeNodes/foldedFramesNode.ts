// A run of standard library frames folded into one collapsed row, so the user's frames stand out.
import * as vscode from 'vscode';
import type { FrameNode } from './frameNode';
import type { TreeNode } from './treeNode';

export class FoldedFramesNode implements TreeNode {
  constructor(
    private readonly frames: FrameNode[],
    private readonly firstFunction: string,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      `${this.frames.length} standard library frames`,
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.description = this.firstFunction;
    item.iconPath = new vscode.ThemeIcon('fold', new vscode.ThemeColor('disabledForeground'));
    item.contextValue = 'frames.folded';
    return item;
  }

  children(): TreeNode[] {
    return this.frames;
  }
}
