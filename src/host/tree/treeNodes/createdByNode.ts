// The created-by chain of a group: who started these goroutines, and (as its children) the
// creating goroutine's stack at that moment, when printed, and who started that one.
import type { CreatedByView } from '../../../core/present/createdByChain';
import { createdByRow, creationFrameRow } from '../../../core/present/treeRows';
import { RowNode, type TreeNode } from './treeNode';

export function createdByNode(groupKey: string, chain: readonly CreatedByView[], index = 0): TreeNode {
  const link = chain[index]!;
  const more = index + 1 < chain.length;
  const kids = (): TreeNode[] => [
    ...link.stack.map((f) => new RowNode(creationFrameRow(groupKey, f))),
    ...(more ? [createdByNode(groupKey, chain, index + 1)] : []),
  ];
  return new RowNode(createdByRow(groupKey, chain, index), more || link.stack.length > 0 ? kids : null);
}
