// Whether a goroutine counted in a WaitGroup kept in a struct field can end without calling Done.
// sync.WaitGroup.Wait returns only when every Add is matched by a Done; a goroutine that returns
// (or runs off its end) on some path without `wg.Done()` leaves Wait blocked for good. Read from
// the `go func() { … }()` statements of the package that call `x.field.Done()`: a deferred Done
// covers every path; otherwise the Done must be a statement of the literal's own body (or both
// branches of an if at that level) with no return before it that skips it.
import type { Node } from 'web-tree-sitter';
import { enclosingDeclaration, innermostFunction, sameNode } from './goSyntax';
import { declaredTypeOf } from './goTypes';

export interface SkippedDone {
  /** The go statement whose goroutine can skip Done (0-based row) and its file's root. */
  readonly root: Node;
  readonly row: number;
  /** The named function holding the go statement: `Go`. */
  readonly startedIn: string | null;
}

/**
 * The go statements in `roots` whose goroutine calls `x.<field>.Done()` (x of struct type `type`)
 * on some paths only. Empty when none can be told.
 */
export function goroutinesSkippingDone(roots: readonly Node[], field: string, type: string): SkippedDone[] {
  const out: SkippedDone[] = [];
  for (const root of roots) {
    for (const go of root.descendantsOfType('go_statement')) {
      const lit = go.namedChildren[0]?.childForFieldName('function');
      if (lit?.type !== 'func_literal') continue;
      const dones = doneCalls(lit, field, type);
      if (dones.length === 0 || !skipsDone(lit, dones)) continue;
      const named = enclosingDeclaration(go);
      out.push({ root, row: go.startPosition.row, startedIn: named?.childForFieldName('name')?.text ?? null });
    }
  }
  return out;
}

/** `x.field.Done()` calls of the literal itself (not of a literal inside it) on a WaitGroup of `type`. */
function doneCalls(lit: Node, field: string, type: string): Node[] {
  return lit.descendantsOfType('call_expression').filter((c) => {
    if (!sameNode(innermostFunction(c), lit)) return false;
    const fn = c.childForFieldName('function');
    if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Done') return false;
    const wg = fn.childForFieldName('operand');
    if (wg?.type !== 'selector_expression' || wg.childForFieldName('field')?.text !== field) return false;
    const owner = wg.childForFieldName('operand');
    return owner?.type === 'identifier' && declaredTypeOf(owner.text, c) === type;
  });
}

function skipsDone(lit: Node, dones: readonly Node[]): boolean {
  if (dones.some((d) => d.parent?.type === 'defer_statement')) return false;
  const body = lit.childForFieldName('body');
  if (!body) return false;
  // The grammar wraps a block's statements in a statement_list.
  const list = body.namedChildren[0]?.type === 'statement_list' ? body.namedChildren[0] : body;
  const top = list.namedChildren.filter((s): s is Node => s !== null);
  const holds = (n: Node) => dones.some((d) => d.startIndex >= n.startIndex && d.endIndex <= n.endIndex);
  const covering = top.find(
    (s) =>
      (s.type === 'expression_statement' && holds(s)) ||
      (s.type === 'if_statement' &&
        [s.childForFieldName('consequence'), s.childForFieldName('alternative')].every((b) => b !== null && holds(b))),
  );
  // Runs off its end without Done on some path.
  if (covering === undefined) return true;
  for (const ret of lit.descendantsOfType('return_statement')) {
    if (!sameNode(innermostFunction(ret), lit) || ret.startIndex > covering.startIndex) continue;
    // A return before the covering Done skips it unless its own block called Done first.
    const block = ret.parent;
    const doneFirst = dones.some(
      (d) => block !== null && d.startIndex >= block.startIndex && d.endIndex <= ret.startIndex,
    );
    if (!doneFirst) return true;
  }
  return false;
}
