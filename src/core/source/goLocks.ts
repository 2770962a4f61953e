// Locks at a line: which mutex a waiter wants, and whether a parked function holds it. (Whether a
// goroutine can skip a WaitGroup's Done is goWaitGroups.ts.)
import type { Node } from 'web-tree-sitter';
import { innermostFunction, lastName, sameNode } from './goSyntax';

export interface LockCall {
  /** `s.invMu` */
  readonly mutex: string;
  /** The field or variable name, used to find the same lock elsewhere: `invMu`. */
  readonly name: string;
  readonly method: 'Lock' | 'RLock';
}

/** The `x.Lock()` / `x.RLock()` call on `row`. */
export function lockAt(root: Node, row: number): LockCall | null {
  for (const callee of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    if (callee.startPosition.row !== row) continue;
    const fn = callee.childForFieldName('function');
    if (fn?.type !== 'selector_expression') continue;
    const method = fn.childForFieldName('field')?.text;
    const operand = fn.childForFieldName('operand');
    if ((method !== 'Lock' && method !== 'RLock') || !operand) continue;
    const name = lastName(operand) ?? operand.text;
    return { mutex: operand.text, name, method };
  }
  return null;
}

/**
 * Whether the function holds the lock named `name` at `row`: a `.name.Lock()` earlier in the same
 * function with no plain (non-deferred) `.name.Unlock()` between it and the row.
 */
export function holdsLockAt(fn: Node, row: number, name: string): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  let held = false;
  const calls = body
    .descendantsOfType('call_expression')
    .filter((c) => c.startPosition.row < row && sameNode(innermostFunction(c), fn))
    .sort((a, b) => a.startIndex - b.startIndex);
  for (const c of calls) {
    const f = c.childForFieldName('function');
    if (f?.type !== 'selector_expression') continue;
    const operand = f.childForFieldName('operand');
    if (!operand || (lastName(operand) ?? operand.text) !== name) continue;
    const method = f.childForFieldName('field')?.text;
    if (method === 'Lock' || method === 'RLock') held = true;
    else if ((method === 'Unlock' || method === 'RUnlock') && c.parent?.type !== 'defer_statement') held = false;
  }
  return held;
}
