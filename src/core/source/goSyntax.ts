// Questions about Go source at one line, answered from a tree-sitter syntax tree: which function
// encloses it, which calls it makes, what a go statement passes. The select, channel, lock and
// duration questions live next to this file. Rows are 0-based here; stack lines are 1-based.
import type { Node } from 'web-tree-sitter';

export const FUNCTION_TYPES = ['function_declaration', 'method_declaration', 'func_literal'];

/**
 * What a parsed file's root has been asked before: its lines, and the functions enclosing each row.
 * Trees are parsed once and never edited, and the rules ask the same rows again for every group
 * parked there (thousands, in a large dump): reading the file's text out of the parser and walking
 * up from a row each time was most of the analysis' time with a source root.
 */
interface RootMemo {
  lines: string[] | null;
  readonly enclosing: Map<number, Node[]>;
}
const memos = new WeakMap<object, RootMemo>();

function memoOf(root: Node): RootMemo | null {
  // Only a whole file's root: its rows are the file's lines. (A subtree's text starts mid-file.)
  if (root.type !== 'source_file' || root.startIndex !== 0) return null;
  let m = memos.get(root.tree);
  if (m === undefined) {
    m = { lines: null, enclosing: new Map() };
    memos.set(root.tree, m);
  }
  return m;
}

/** Functions (declarations and literals) enclosing a row, innermost first. */
export function enclosingFunctions(root: Node, row: number): Node[] {
  const memo = memoOf(root);
  const known = memo?.enclosing.get(row);
  if (known !== undefined) return [...known];
  const out: Node[] = [];
  let n: Node | null = root.descendantForPosition({ row, column: firstNonSpaceColumn(root, row) });
  while (n) {
    if (FUNCTION_TYPES.includes(n.type)) out.push(n);
    n = n.parent;
  }
  memo?.enclosing.set(row, out);
  return [...out];
}

function firstNonSpaceColumn(root: Node, row: number): number {
  const memo = memoOf(root);
  let line: string;
  if (memo !== null) {
    memo.lines ??= root.text.split('\n');
    line = memo.lines[row] ?? '';
  } else line = root.text.split('\n', row + 1)[row] ?? '';
  const m = /\S/.exec(line);
  return m ? m.index : 0;
}

/** The innermost node of one of `types` that starts on `row`, or else the innermost one containing it. */
export function nodeAt(root: Node, row: number, types: readonly string[]): Node | null {
  const all = root.descendantsOfType([...types], { row, column: 0 }, { row, column: 1 << 20 });
  const starting = all.filter((n) => n.startPosition.row === row);
  if (starting.length > 0) return starting[starting.length - 1]!;
  let n: Node | null = root.descendantForPosition({ row, column: firstNonSpaceColumn(root, row) });
  while (n) {
    if (types.includes(n.type)) return n;
    n = n.parent;
  }
  return null;
}

/** web-tree-sitter hands out a new wrapper object per access: compare nodes by position and type. */
export function sameNode(a: Node | null, b: Node | null): boolean {
  return a !== null && b !== null && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** The function or method declaration `n` is in, through any function literals; null at package level. */
export function enclosingDeclaration(n: Node): Node | null {
  for (let p: Node | null = n; p; p = p.parent)
    if (p.type === 'function_declaration' || p.type === 'method_declaration') return p;
  return null;
}

export function innermostFunction(n: Node): Node | null {
  let p = n.parent;
  while (p && !FUNCTION_TYPES.includes(p.type)) p = p.parent;
  return p;
}

export function lastName(n: Node): string | null {
  if (n.type === 'identifier' || n.type === 'field_identifier') return n.text;
  if (n.type === 'selector_expression') return n.childForFieldName('field')?.text ?? null;
  if (n.type === 'parenthesized_expression') {
    const inner = n.firstNamedChild;
    return inner ? lastName(inner) : null;
  }
  return null;
}

/** The callee of every call that starts on `row`, outermost first: `http.Get`, `client.Do`, `db.Query`. */
export function callsAt(root: Node, row: number): string[] {
  return root
    .descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })
    .filter((c) => c.startPosition.row === row)
    .map((c) => c.childForFieldName('function')?.text ?? '')
    .filter((t) => t !== '');
}

/** The first argument of a call to `callee` on `row` (e.g. the duration of `time.Sleep`). */
export function callArgumentAt(root: Node, row: number, callee: string): Node | null {
  for (const c of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    if (c.startPosition.row === row && c.childForFieldName('function')?.text === callee) {
      return c.childForFieldName('arguments')?.firstNamedChild ?? null;
    }
  }
  return null;
}

/** The receiver expression of a `x.Method()` call on `row`: `wg.Wait()` → `wg`, `a.queueCond.Wait()` → `a.queueCond`. */
export function methodReceiverAt(root: Node, row: number, method: string): string | null {
  for (const c of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    if (c.startPosition.row !== row) continue;
    const fn = c.childForFieldName('function');
    if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === method) {
      return fn.childForFieldName('operand')?.text ?? null;
    }
  }
  return null;
}

/** `func(w http.ResponseWriter, r *http.Request)`: the function is an HTTP handler. */
export function hasHttpHandlerSignature(fn: Node): boolean {
  const params = fn.childForFieldName('parameters')?.text ?? '';
  return /\bhttp\.ResponseWriter\b/.test(params) && /\*\s*http\.Request\b/.test(params);
}

/** The function's parameters as written, e.g. `(ctx context.Context, id string)`. */
export function parametersText(fn: Node): string {
  return fn.childForFieldName('parameters')?.text ?? '';
}

export interface Param {
  readonly name: string;
  readonly type: string;
}

/** The parameters of a function, receiver excluded, one per name (`a, b int` → a, b). */
export function parameters(fn: Node): Param[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const out: Param[] = [];
  for (const p of params.namedChildren) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const type = p.childForFieldName('type')?.text ?? '';
    const ids = p.childrenForFieldName('name').filter((n): n is Node => n !== null);
    if (ids.length === 0) out.push({ name: '_', type });
    for (const id of ids) out.push({ name: id.text, type });
  }
  return out;
}

/** Parameter names in order (`func f(a, b int, c string)` → a, b, c); the receiver is not included. */
export function parameterNames(fn: Node): string[] {
  return parameters(fn).map((p) => p.name);
}

/** The arguments of the call in the `go` statement on `row`, as written: `go a.apply(rows, done)` → [`rows`, `done`]. */
export function goStatementArgs(root: Node, row: number): string[] | null {
  const stmt = root
    .descendantsOfType('go_statement', { row, column: 0 }, { row, column: 1 << 20 })
    .find((g) => g.startPosition.row === row);
  const call = stmt?.namedChildren.find((c) => c?.type === 'call_expression');
  const args = call?.childForFieldName('arguments');
  if (!args) return null;
  return args.namedChildren.filter((a): a is Node => a !== null).map((a) => a.text);
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
