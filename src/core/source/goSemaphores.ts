// A buffered channel used as a semaphore: a send takes a slot, a receive gives it back. Whether a
// function holds a slot of the channel in field `field` at a line: it (or a function of its package
// it calls, one level down) sent on `.field` earlier and has not received from it since, deferred
// receives aside (they run only on return).
import type { Node } from 'web-tree-sitter';
import { innermostFunction, sameNode } from './goSyntax';
import { declarationsNamed } from './goWriters';

export function holdsSlotAt(fn: Node, row: number, field: string, pkg: readonly Node[]): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const steps = body
    .descendantsOfType(['send_statement', 'unary_expression', 'call_expression'])
    .filter((n) => n.startPosition.row < row && sameNode(innermostFunction(n), fn) && !deferred(n, fn))
    .sort((a, b) => a.startIndex - b.startIndex);
  let held = false;
  for (const n of steps) {
    const effect = slotEffect(n, field, pkg);
    if (effect === 'take') held = true;
    else if (effect === 'give') held = false;
  }
  return held;
}

function slotEffect(n: Node, field: string, pkg: readonly Node[]): 'take' | 'give' | null {
  if (n.type === 'send_statement') return isField(n.childForFieldName('channel'), field) ? 'take' : null;
  if (n.type === 'unary_expression') {
    return n.childForFieldName('operator')?.text === '<-' && isField(n.childForFieldName('operand'), field)
      ? 'give'
      : null;
  }
  const callee = n.childForFieldName('function');
  const name = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee?.text;
  if (!name) return null;
  for (const decl of declarationsNamed(pkg, name)) {
    const b = decl.childForFieldName('body');
    if (!b) continue;
    if (b.descendantsOfType('send_statement').some((s) => isField(s.childForFieldName('channel'), field)))
      return 'take';
    const receives = b
      .descendantsOfType('unary_expression')
      .some((u) => u.childForFieldName('operator')?.text === '<-' && isField(u.childForFieldName('operand'), field));
    if (receives) return 'give';
  }
  return null;
}

function isField(n: Node | null, field: string): boolean {
  return n?.type === 'selector_expression' && n.childForFieldName('field')?.text === field;
}

function deferred(n: Node, fn: Node): boolean {
  for (let p: Node | null = n.parent; p && !sameNode(p, fn); p = p.parent)
    if (p.type === 'defer_statement') return true;
  return false;
}
