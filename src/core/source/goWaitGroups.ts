// Whether a goroutine counted in a WaitGroup can end without calling Done. sync.WaitGroup.Wait
// returns only when every Add is matched by a Done; a goroutine that returns (or runs off its end)
// on some path without `wg.Done()` leaves Wait blocked for good. Read from the function literals
// that call Done (the waiting function's own, for a local WaitGroup; the package's `go func() {…}()`
// statements, for one kept in a struct field): the Done (or `defer wg.Done()`, which covers
// the paths that reach it) must be a statement of the literal's own body (or both branches of
// an if at that level) with no return before it that skips it. Returns of a literal inside the
// literal are its own.
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
  const isFieldOfType = (wg: Node, call: Node) => {
    if (wg.type !== 'selector_expression' || wg.childForFieldName('field')?.text !== field) return false;
    const owner = wg.childForFieldName('operand');
    return owner?.type === 'identifier' && declaredTypeOf(owner.text, call) === type;
  };
  const out: SkippedDone[] = [];
  for (const root of roots) {
    for (const go of root.descendantsOfType('go_statement')) {
      const lit = go.namedChildren[0]?.childForFieldName('function');
      if (lit?.type !== 'func_literal' || !literalSkipsDone(lit, isFieldOfType)) continue;
      const named = enclosingDeclaration(go);
      out.push({ root, row: go.startPosition.row, startedIn: named?.childForFieldName('name')?.text ?? null });
    }
  }
  return out;
}

/**
 * A function literal in `fn` (a goroutine's body, or one handed to a helper that runs it) that
 * calls `name.Done()` on some paths only: the classic leak `if err != nil { return }` before
 * `defer wg.Done()`, or a Done only in the success branch.
 */
export function localGoroutineSkipsDone(fn: Node, name: string): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const isLocal = (wg: Node) => wg.type === 'identifier' && wg.text === name;
  return body.descendantsOfType('func_literal').some((lit) => literalSkipsDone(lit, isLocal));
}

/** The literal calls `wg.Done()` (on a WaitGroup `isWaitGroup` accepts) on some paths only. */
function literalSkipsDone(lit: Node, isWaitGroup: (wg: Node, call: Node) => boolean): boolean {
  const dones = lit.descendantsOfType('call_expression').filter((c) => {
    // The literal's own calls, not those of a literal inside it.
    if (!sameNode(innermostFunction(c), lit)) return false;
    const fn = c.childForFieldName('function');
    if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Done') return false;
    const wg = fn.childForFieldName('operand');
    return wg !== null && isWaitGroup(wg, c);
  });
  return dones.length > 0 && skipsDone(lit, dones);
}

function skipsDone(lit: Node, dones: readonly Node[]): boolean {
  const body = lit.childForFieldName('body');
  if (!body) return false;
  // The grammar wraps a block's statements in a statement_list.
  const list = body.namedChildren[0]?.type === 'statement_list' ? body.namedChildren[0] : body;
  const top = list.namedChildren.filter((s): s is Node => s !== null);
  const holds = (n: Node) => dones.some((d) => d.startIndex >= n.startIndex && d.endIndex <= n.endIndex);
  // The first statement of the body itself after which every path has called Done, or will as
  // it returns (`defer wg.Done()` covers the paths that reach it, not the returns before it).
  const covering = top.find(
    (s) =>
      ((s.type === 'expression_statement' || s.type === 'defer_statement') && holds(s)) ||
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
