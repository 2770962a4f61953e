// One group of identical goroutines; clicking it opens the blocking line and the detail webview,
// expanding it shows its stack, created-by chain and ids (built only then).
import * as vscode from 'vscode';
import type { AnalyzedGroup } from '../../../core/analysis/verdict';
import { groupChildren, groupRow, type GroupChildView } from '../../../core/present/treeRows';
import type { AnalysisSession } from '../../model/analysisSession';
import { treeItem } from '../treeItem';
import { createdByNode } from './createdByNode';
import { idsNode } from './idsNode';
import { RowNode, type TreeNode } from './treeNode';
import { displayText } from '../../../core/text/terminalText';

function childNode(c: GroupChildView): TreeNode {
  switch (c.kind) {
    case 'frame':
    case 'note':
      return new RowNode(c.row);
    case 'folded':
      return new RowNode(c.row, () => c.frames.map((f) => new RowNode(f)));
    case 'createdBy':
      return createdByNode(c.groupKey, c.chain);
    case 'ids':
      return idsNode(c.ids, c.parentIds);
  }
}

export class GroupNode implements TreeNode {
  constructor(
    private readonly session: AnalysisSession,
    private readonly analyzed: AnalyzedGroup,
    private readonly foldStdlib: boolean,
  ) {}

  /** The group's key, for commands run from the row's context menu. */
  get groupKey(): string {
    return this.analyzed.group.key;
  }

  toTreeItem(): vscode.TreeItem {
    const row = groupRow(this.analyzed, this.session.held?.byGroup.get(this.analyzed.group.key) ?? null);
    const item = treeItem(
      row,
      vscode.TreeItemCollapsibleState.Collapsed,
      `${this.session.id}/g/${this.analyzed.group.key}`,
    );
    const tip = new vscode.MarkdownString();
    tip.appendText(displayText(`${row.heading}\n`));
    if (row.verdict) tip.appendMarkdown('\n**').appendText(displayText(row.verdict)).appendMarkdown('**\n\n');
    if (row.reason) tip.appendText(displayText(row.reason));
    item.tooltip = tip;
    return item;
  }

  children(): TreeNode[] {
    return groupChildren(this.session.result, this.analyzed, { foldStdlib: this.foldStdlib }).map(childNode);
  }
}
