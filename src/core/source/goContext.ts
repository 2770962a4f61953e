// Where a context.Context value comes from, read in one function at a time: the syntax of the
// expression (`context.Background()`, `r.Context()`, `context.WithTimeout(parent, d)`, a parameter,
// a local, a struct field, a call of the program's own function), the value a local was given
// before a line, the parameter a ctx-taking call's argument lands in. The walk across stack frames
// is the analysis' (analysis/contextProvenance.ts).
import type { Node } from 'web-tree-sitter';
import { innermostFunction, parameters, sameNode } from './goSyntax';

/** What one expression says about the context it yields, before following names. */
export type ContextExpr =
  | { readonly kind: 'background'; readonly text: string } // context.Background(), context.TODO()
  | { readonly kind: 'detached'; readonly text: string } // context.WithoutCancel(x): never cancelled
  | { readonly kind: 'request'; readonly text: string } // r.Context() of an *http.Request
  | { readonly kind: 'derived'; readonly text: string; readonly parent: Node; readonly deadline: boolean } // With*(parent, …)
  | { readonly kind: 'name'; readonly text: string; readonly name: string } // a parameter or a local
  | { readonly kind: 'field'; readonly text: string; readonly field: string } // x.field
  | { readonly kind: 'call'; readonly text: string; readonly callee: string; readonly args: readonly Node[] } // own function
  | { readonly kind: 'unknown'; readonly text: string };

/** Context constructors whose result is cancelled with their first argument (and maybe sooner). */
const DERIVING =
  /^(context\.(WithCancel|WithCancelCause|WithValue|WithTimeout|WithDeadline|WithTimeoutCause|WithDeadlineCause)|signal\.NotifyContext|pprof\.WithLabels|trace\.NewContext)$/;
const DEADLINE = /^context\.With(Timeout|Deadline)(Cause)?$/;

export function contextExpr(n: Node, fn: Node): ContextExpr {
  const text = n.text;
  if (n.type === 'parenthesized_expression' && n.firstNamedChild) return contextExpr(n.firstNamedChild, fn);
  if (n.type === 'identifier') return { kind: 'name', text, name: text };
  if (n.type === 'selector_expression') {
    const field = n.childForFieldName('field')?.text ?? '';
    return { kind: 'field', text, field };
  }
  if (n.type !== 'call_expression') return { kind: 'unknown', text };
  const callee = n.childForFieldName('function');
  const args = n.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
  const calleeText = callee?.text ?? '';
  if (calleeText === 'context.Background' || calleeText === 'context.TODO') return { kind: 'background', text };
  if (calleeText === 'context.WithoutCancel') return { kind: 'detached', text };
  if (DERIVING.test(calleeText) && args[0]) {
    return { kind: 'derived', text, parent: args[0], deadline: DEADLINE.test(calleeText) };
  }
  if (
    callee?.type === 'selector_expression' &&
    callee.childForFieldName('field')?.text === 'Context' &&
    args.length === 0
  ) {
    const recv = callee.childForFieldName('operand');
    if (recv && isRequestParam(recv.text, fn)) return { kind: 'request', text };
    return { kind: 'unknown', text };
  }
  if (callee?.type === 'identifier' || callee?.type === 'selector_expression') {
    return { kind: 'call', text, callee: calleeText, args };
  }
  return { kind: 'unknown', text };
}

/** `name` is a parameter of `fn` (or of a function enclosing it) typed `*http.Request`. */
function isRequestParam(name: string, fn: Node): boolean {
  for (let f: Node | null = fn; f; f = innermostFunction(f)) {
    for (const p of parameters(f)) if (p.name === name) return /\*\s*http\.Request\b/.test(p.type);
  }
  return false;
}

/** The function a name belongs to when it is a parameter: the innermost function declaring it. */
export function parameterOwner(name: string, fn: Node): { fn: Node; index: number } | null {
  for (let f: Node | null = fn; f; f = innermostFunction(f)) {
    const i = parameters(f).findIndex((p) => p.name === name);
    if (i >= 0) return { fn: f, index: i };
  }
  return null;
}

/**
 * The values the local `name` of `fn` is given before `row` (0-based): `x := e`, `x, cancel := e`,
 * `var x = e`, `x = e`. Values of a multi-valued call come as the call itself.
 */
export function assignmentsBefore(fn: Node, name: string, row: number): Node[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  const out: Node[] = [];
  for (const decl of body.descendantsOfType(['short_var_declaration', 'assignment_statement', 'var_spec'])) {
    if (decl.startPosition.row >= row || !sameNode(innermostFunction(decl), fn)) continue;
    const left = decl.childForFieldName('left') ?? decl.childForFieldName('name');
    const right = decl.childForFieldName('right') ?? decl.childForFieldName('value');
    if (!left || !right) continue;
    const names = left.type === 'expression_list' ? left.namedChildren.map((c) => c?.text) : [left.text];
    const i = names.indexOf(name);
    if (i < 0) continue;
    const values =
      right.type === 'expression_list' ? right.namedChildren.filter((c): c is Node => c !== null) : [right];
    const v = values.length === names.length ? values[i] : values[0];
    if (v) out.push(v);
  }
  return out;
}

/** The call on `row` whose callee ends in `.name` (or is `name`), outermost first; null when none. */
export function callNamed(root: Node, row: number, name: string): Node | null {
  for (const c of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    if (c.startPosition.row !== row) continue;
    const callee = c.childForFieldName('function');
    const last = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee?.text;
    if (last === name) return c;
  }
  return null;
}

/**
 * The only call written on `row`, or null when there are none or several. A caller's frame line is
 * the line of the call its callee is running (the traceback prints the return address's line), so
 * where the callee was called through a function value (a struct field, a variable, a method value:
 * `b.flush(ctx, buf)` running `(*History).Append`) and its name is not written, the sole call of the
 * line is that call.
 */
export function soleCallAt(root: Node, row: number): Node | null {
  const calls = root
    .descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })
    .filter((c) => c.startPosition.row === row);
  return calls.length === 1 ? calls[0]! : null;
}

export function callArguments(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
}

/** The index of the first `context.Context` parameter of a declaration, or -1. */
export function contextParamIndex(decl: Node): number {
  return parameters(decl).findIndex((p) => /^context\.Context$/.test(p.type.trim()));
}

/**
 * The call a function literal is an argument of (`pprof.Do(ctx, labels, func(ctx context.Context) {…})`),
 * and that call's first argument: the context such helpers derive the literal's from.
 */
export function literalCallContext(literal: Node): Node | null {
  if (literal.type !== 'func_literal') return null;
  const args = literal.parent;
  if (args?.type !== 'argument_list' || args.parent?.type !== 'call_expression') return null;
  return args.namedChildren[0] ?? null;
}

/**
 * Whether a function returns only contexts that can never be cancelled: `context.WithoutCancel(…)`,
 * or a value of a type of `roots` whose `Done()` method returns nil (the context package: "Done may
 * return nil if this context can never be canceled").
 */
export function returnsUncancellable(decl: Node, roots: readonly Node[]): boolean {
  const body = decl.childForFieldName('body');
  if (!body) return false;
  const rets = body.descendantsOfType('return_statement').filter((r) => sameNode(innermostFunction(r), decl));
  if (rets.length === 0) return false;
  return rets.every((r) => {
    const v = r.namedChildren[0]?.type === 'expression_list' ? r.namedChildren[0].namedChildren[0] : r.namedChildren[0];
    if (!v) return false;
    if (v.type === 'call_expression' && v.childForFieldName('function')?.text === 'context.WithoutCancel') return true;
    const lit = v.type === 'unary_expression' ? v.childForFieldName('operand') : v;
    if (lit?.type !== 'composite_literal') return false;
    const type = lit.childForFieldName('type')?.text;
    return type !== undefined && doneReturnsNil(type, roots);
  });
}

function doneReturnsNil(type: string, roots: readonly Node[]): boolean {
  for (const root of roots) {
    for (const m of root.descendantsOfType('method_declaration')) {
      if (m.childForFieldName('name')?.text !== 'Done') continue;
      const recv = m.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text;
      if (recv !== type) continue;
      const stmts = m.childForFieldName('body')?.descendantsOfType('return_statement') ?? [];
      return stmts.length > 0 && stmts.every((s) => s.namedChildren[0]?.text === 'nil');
    }
  }
  return false;
}

/** A value stored in struct field `field`: `T{field: v}` or `x.field = v`, with the function holding it. */
export interface FieldStore {
  readonly value: Node;
  readonly fn: Node | null;
}

export function fieldStores(roots: readonly Node[], field: string): FieldStore[] {
  const out: FieldStore[] = [];
  for (const root of roots) {
    for (const kv of root.descendantsOfType('keyed_element')) {
      if (kv.childForFieldName('key')?.text !== field) continue;
      const v = kv.childForFieldName('value')?.firstNamedChild;
      if (v) out.push({ value: v, fn: innermostFunction(kv) });
    }
    for (const a of root.descendantsOfType('assignment_statement')) {
      const left = a.childForFieldName('left')?.namedChildren ?? [];
      const right = a.childForFieldName('right')?.namedChildren ?? [];
      left.forEach((l, i) => {
        if (l?.type === 'selector_expression' && l.childForFieldName('field')?.text === field && right[i]) {
          out.push({ value: right[i], fn: innermostFunction(a) });
        }
      });
    }
  }
  return out;
}

/** `fn` has an `*http.Request` parameter (a handler, or a function given the request). */
export function takesRequest(fn: Node): boolean {
  return parameters(fn).some((p) => /\*\s*http\.Request\b/.test(p.type));
}
