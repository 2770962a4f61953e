// What every node of the Goroutines tree provides: its TreeItem and (lazily) its children.
import type * as vscode from 'vscode';

export interface TreeNode {
  toTreeItem(): vscode.TreeItem;
  /** Called only when the user expands the node: 100k goroutines on 2k stacks open instantly. */
  children(): TreeNode[];
}

/** `net/http.(*conn).serve` → `http.(*conn).serve`: the package path adds nothing in a narrow view. */
export function shortFunction(fn: string): string {
  // Only the package path contains slashes (closures and methods do not); `main.` says nothing.
  const short = fn.slice(fn.lastIndexOf('/') + 1);
  return short.startsWith('main.') ? short.slice(5) : short;
}

export function shortFile(file: string): string {
  const parts = file.split('/');
  return parts.slice(-2).join('/');
}
