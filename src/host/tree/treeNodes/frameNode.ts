// One stack frame: clicking opens its file at its line; standard library frames are dimmed.
import * as vscode from 'vscode';
import type { Frame } from '../../../core/model/goroutine';
import { shortFunctionName } from '../../../core/go/functionNames';
import { shortFile } from '../../../core/go/filePaths';
import { type TreeNode } from './treeNode';

export class FrameNode implements TreeNode {
  constructor(
    private readonly groupKey: string,
    private readonly index: number,
    private readonly frame: Frame,
    private readonly stdlib: boolean,
    private readonly blocking: boolean,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const f = this.frame;
    const item = new vscode.TreeItem(
      shortFunctionName(f.function, { dropMain: true }),
      vscode.TreeItemCollapsibleState.None,
    );
    item.description = `${shortFile(f.file)}:${f.line}${f.inlined ? ' (inlined)' : ''}`;
    item.tooltip = `${f.function}\n${f.file}:${f.line}${this.blocking ? '\nBlocks here (user code)' : ''}`;
    item.iconPath = this.blocking
      ? new vscode.ThemeIcon('debug-stackframe-focused', new vscode.ThemeColor('debugIcon.pauseForeground'))
      : this.stdlib
        ? new vscode.ThemeIcon('circle-small', new vscode.ThemeColor('disabledForeground'))
        : new vscode.ThemeIcon('debug-stackframe');
    item.contextValue = this.stdlib ? 'frame.stdlib' : 'frame';
    item.command = {
      command: 'goroutineInspector.openFrame',
      title: 'Open Frame',
      arguments: [this.groupKey, this.index],
    };
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
