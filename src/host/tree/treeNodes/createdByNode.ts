// The created-by chain of a group: who started these goroutines, and who started that one.
import * as vscode from 'vscode';
import type { CreatedByView } from '../../../shared/viewModel';
import { shortFunctionName } from '../../../core/go/functionNames';
import { shortFile } from '../../../core/go/filePaths';
import { type TreeNode } from './treeNode';

export class CreatedByNode implements TreeNode {
  constructor(
    private readonly groupKey: string,
    private readonly chain: readonly CreatedByView[],
    private readonly index: number,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const c = this.chain[this.index];
    const more = this.index + 1 < this.chain.length;
    const item = new vscode.TreeItem(
      `${this.index === 0 ? 'created by' : 'which was created by'} ${shortFunctionName(c.function, { dropMain: true })}`,
      more ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.description = `${shortFile(c.file)}:${c.line}`;
    item.tooltip = `${c.function}\n${c.file}:${c.line}`;
    item.iconPath = new vscode.ThemeIcon('git-commit');
    item.contextValue = 'createdBy';
    item.command = {
      command: 'goroutineInspector.openCreatedBy',
      title: 'Open Creator',
      arguments: [this.groupKey, this.index],
    };
    return item;
  }

  children(): TreeNode[] {
    return this.index + 1 < this.chain.length ? [new CreatedByNode(this.groupKey, this.chain, this.index + 1)] : [];
  }
}
