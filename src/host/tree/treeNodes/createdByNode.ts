// The created-by chain of a group: who started these goroutines, and (as its child) who started that one.
import type { CreatedByView } from '../../../core/present/createdByChain';
import { createdByRow } from '../../../core/present/treeRows';
import { RowNode, type TreeNode } from './treeNode';

export function createdByNode(groupKey: string, chain: readonly CreatedByView[], index = 0): TreeNode {
  const more = index + 1 < chain.length;
  return new RowNode(
    createdByRow(groupKey, chain, index),
    more ? () => [createdByNode(groupKey, chain, index + 1)] : null,
  );
}
