// Syntax questions the fixes ask beyond what the analysis reads: the statement at a line, the
// context in scope and how to leave a function when it is done, from the tree-sitter tree.
import type { Node } from 'web-tree-sitter';
import { FUNCTION_TYPES, innermostFunction } from '../source/goSyntax';
import type { OffsetEdit } from './fixModel';
import { indentAt } from './editText';

const STATEMENT_TYPES = [
  'expression_statement',
  'short_var_declaration',
  'assignment_statement',
  'send_statement',
  'select_statement',
  'go_statement',
  'defer_statement',
  'return_statement',
  'if_statement',
  'for_statement',
  'inc_statement',
  'dec_statement',
  'var_declaration',
  'expression_switch_statement',
  'type_switch_statement',
];

/** The outermost statement that starts on `row` and lies directly in a statement list. */
export function statementAt(root: Node, row: number): Node | null {
  const all = root.descendantsOfType(STATEMENT_TYPES, { row, column: 0 }, { row, column: 1 << 20 });
  return all.find((n) => n.startPosition.row === row && n.parent?.type === 'statement_list') ?? null;
}

export function children(n: Node | null): Node[] {
  return n ? n.namedChildren.filter((c): c is Node => c !== null) : [];
}

/** Every identifier name used or declared in a function (to avoid shadowing when introducing one). */
export function namesIn(fn: Node): Set<string> {
  return new Set(fn.descendantsOfType('identifier').map((i) => i.text));
}

/** A parameter of `fn` whose type reads `typeText` (e.g. `context.Context`, `*http.Request`). */
export function parameterOfType(fn: Node, typeText: RegExp): string | null {
  for (const p of children(fn.childForFieldName('parameters'))) {
    if (p.type !== 'parameter_declaration') continue;
    const type = p.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
    if (!typeText.test(type)) continue;
    const name = p.childrenForFieldName('name').find((n): n is Node => n !== null && n.text !== '_');
    if (name) return name.text;
  }
  return null;
}

export interface ContextChoice {
  /** The expression of the request's context at the site: `ctx`, `r.Context()`. */
  readonly expr: string;
  /** Edits that make `expr` exist (introducing `ctx := r.Context()`), empty when it already does. */
  readonly edits: readonly OffsetEdit[];
}

const CONTEXT_TYPE = /^context\.Context$/;
const REQUEST_TYPE = /^\*http\.Request$/;

/**
 * The request's context at a site, from its enclosing functions (innermost first): a
 * `context.Context` parameter, else `ctx := r.Context()` introduced at the top of the function
 * that has the `*http.Request` (or `r.Context()` inline when a `ctx` is declared there already).
 * Null when neither is in scope: a fix without the request's context would not end with it.
 */
export function requestContext(scope: readonly Node[], text: string): ContextChoice | null {
  for (const fn of scope) {
    const ctx = parameterOfType(fn, CONTEXT_TYPE);
    if (ctx) return { expr: ctx, edits: [] };
    const r = parameterOfType(fn, REQUEST_TYPE);
    if (!r) continue;
    const list = children(fn.childForFieldName('body')).find((c) => c.type === 'statement_list');
    const first = children(list ?? null)[0];
    // A fix applied before introduced it already.
    if (first?.text.replace(/\s+/g, ' ') === `ctx := ${r}.Context()`) return { expr: 'ctx', edits: [] };
    if (namesIn(fn).has('ctx')) return { expr: `${r}.Context()`, edits: [] };
    if (!first) return null;
    const at = first.startIndex;
    return { expr: 'ctx', edits: [{ start: at, end: at, text: `ctx := ${r}.Context()\n${indentAt(text, at)}` }] };
  }
  return null;
}

/**
 * How the function around a site stops once its context is done: `return`, or `return` with zero
 * values and `ctx.Err()` in the place of a final error.
 */
export function exitStatement(fn: Node, ctxExpr: string, root: Node): string {
  const result = fn.childForFieldName('result');
  if (!result) return 'return';
  const types: Node[] =
    result.type === 'parameter_list'
      ? children(result).flatMap((p) => {
          const t = p.childForFieldName('type');
          const n = Math.max(1, p.childrenForFieldName('name').length);
          return t ? Array<Node>(n).fill(t) : [];
        })
      : [result];
  const values = types.map((t, i) =>
    i === types.length - 1 && t.text === 'error' ? `${ctxExpr}.Err()` : zeroValue(t, root),
  );
  return `return ${values.join(', ')}`;
}

const NUMERIC =
  /^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|complex(64|128)|time\.Duration|(?:[a-z]\w*\.)?Duration)$/;

/** A Go expression of the zero value of a type as written. */
export function zeroValue(type: Node, root: Node): string {
  const t = type.text;
  switch (type.type) {
    case 'pointer_type':
    case 'slice_type':
    case 'map_type':
    case 'channel_type':
    case 'function_type':
    case 'interface_type':
      return 'nil';
    case 'array_type':
    case 'struct_type':
      return `${t}{}`;
    case 'type_identifier': {
      if (t === 'string') return '""';
      if (t === 'bool') return 'false';
      if (t === 'error' || t === 'any') return 'nil';
      if (NUMERIC.test(t)) return '0';
      const decl = root
        .descendantsOfType('type_spec')
        .find((s) => s.childForFieldName('name')?.text === t && innermostFunction(s) === null);
      const underlying = decl?.childForFieldName('type');
      if (underlying?.type === 'struct_type') return `${t}{}`;
      if (underlying) return zeroValue(underlying, root) === 'nil' ? 'nil' : `*new(${t})`;
      return `*new(${t})`;
    }
    default:
      return NUMERIC.test(t) ? '0' : `*new(${t})`;
  }
}

/** The function (declaration or literal) whose body holds `n` directly. */
export function functionAround(n: Node): Node | null {
  let p = n.parent;
  while (p && !FUNCTION_TYPES.includes(p.type)) p = p.parent;
  return p;
}

/** The statements after `stmt` in its statement list. */
export function followingStatements(stmt: Node): Node[] {
  const list = stmt.parent;
  if (!list || list.type !== 'statement_list') return [];
  return children(list).filter((c) => c.startIndex > stmt.startIndex && c.type !== 'comment');
}

/** Whether `inner` lies within `outer` (by offsets). */
export function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * An expression as gofmt prints it among several call arguments: binary operators lose their
 * spaces there (`a+b+c`), where a lone argument keeps them (`f(a + b)`).
 */
export function compactExpression(n: Node): string {
  if (n.type === 'binary_expression') {
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    const op = n.childForFieldName('operator')?.text;
    if (l && r && op && !n.text.includes('\n')) return `${compactExpression(l)}${op}${compactExpression(r)}`;
  }
  if (n.type === 'parenthesized_expression' && n.firstNamedChild && !n.text.includes('\n'))
    return `(${compactExpression(n.firstNamedChild)})`;
  return n.text;
}
