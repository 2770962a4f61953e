// The goroutine ids of a group, in pages so a 24,000-goroutine group still opens at once.
import { idPageRows, idsRow } from '../../../core/present/treeRows';
import { RowNode, type TreeNode } from './treeNode';

export function idsNode(ids: readonly number[], parentIds: readonly number[]): TreeNode {
  return new RowNode(idsRow(ids, parentIds), () => idPageRows(ids).map((row) => new RowNode(row)));
}
