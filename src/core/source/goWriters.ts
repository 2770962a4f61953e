// Who can still send on or close a channel, or write to an io.Pipe: the writers of a channel field
// across the files that can reach it, the go statements a local channel or pipe writer is handed
// to, and whether a writer returns on some path without closing. A receive returns only when
// someone sends or closes; a pipe Read only when someone writes or closes the writer (io/pipe.go):
// with no writer left, nothing can wake the reader.
import type { Node } from 'web-tree-sitter';
import { innermostFunction, sameNode } from './goSyntax';

/** A function that writes: where it is, and how it runs. */
export interface Writer {
  /** The function declaration or literal holding the send, close or write. */
  readonly fn: Node;
  /**
   * `goroutine`: it only ever runs as a goroutine of its own (a `go` statement's function, or a named
   * function that is only started by `go` statements): once none runs, none will until someone
   * starts one. `called`: it is called as well (or handed around), so it may run again any time.
   */
  readonly runs: 'goroutine' | 'called';
  /** 0-based rows of the `go` statements that start it, in the file of `fn`. */
  readonly goRows: readonly number[];
}

export interface ChannelWriters {
  readonly writers: readonly Writer[];
  /** Some use hands the channel to code this analysis cannot follow (an argument, a result, another variable). */
  readonly escapes: boolean;
}

export interface FieldWriterOptions {
  /**
   * Whether a use (`x.field`, or `field: v` in a composite literal) is of the same struct's field;
   * default: every use is. Uses of another type's field of the same name are neither writes nor escapes.
   */
  readonly sameField?: (use: Node) => boolean;
}

/**
 * The writers of the channel kept in struct field `field`, from every use of `.field` in `roots`
 * (the files that can reach it: its package for an unexported field). Receives, `range`, `len`,
 * `cap`, nil comparisons and assignments of a new `make(chan …)` are not writes and do not escape.
 */
export function fieldChannelWriters(
  roots: readonly Node[],
  field: string,
  options: FieldWriterOptions = {},
): ChannelWriters {
  const { sameField = () => true } = options;
  const writing: Node[] = [];
  let escapes = false;
  for (const root of roots) {
    for (const sel of root.descendantsOfType('selector_expression')) {
      if (sel.childForFieldName('field')?.text !== field || !sameField(sel)) continue;
      const use = fieldUse(sel);
      if (use === 'escape') escapes = true;
      else if (use === 'write') {
        const fn = innermostFunction(sel);
        if (fn) writing.push(fn);
      }
    }
    for (const kv of root.descendantsOfType('keyed_element')) {
      // `T{field: make(chan X)}` makes a fresh channel; `T{field: ch}` stores someone else's.
      if (kv.childForFieldName('key')?.text !== field || !sameField(kv)) continue;
      if (!isMakeChan(kv.childForFieldName('value')?.firstNamedChild ?? null)) escapes = true;
    }
  }
  return { writers: unique(writing).map((fn) => writerOf(fn, roots)), escapes };
}

function fieldUse(sel: Node): 'read' | 'write' | 'escape' {
  const p = sel.parent;
  if (!p) return 'escape';
  switch (p.type) {
    case 'unary_expression':
      return p.childForFieldName('operator')?.text === '<-' ? 'read' : 'escape';
    case 'send_statement':
      return sameNode(p.childForFieldName('channel'), sel) ? 'write' : 'escape';
    case 'range_clause':
      return sameNode(p.childForFieldName('right'), sel) ? 'read' : 'escape';
    case 'binary_expression': {
      const other = sameNode(p.childForFieldName('left'), sel)
        ? p.childForFieldName('right')
        : p.childForFieldName('left');
      return other?.type === 'nil' ? 'read' : 'escape';
    }
    case 'argument_list': {
      const callee = p.parent?.childForFieldName('function')?.text;
      if (callee === 'close') return 'write';
      return callee === 'len' || callee === 'cap' ? 'read' : 'escape';
    }
    case 'expression_list': {
      const stmt = p.parent;
      if (stmt?.type === 'assignment_statement' && sameNode(stmt.childForFieldName('left'), p)) {
        const i = p.namedChildren.findIndex((c) => sameNode(c, sel));
        const right = stmt.childForFieldName('right');
        return isMakeChan(right?.namedChildren[i] ?? null) ? 'read' : 'escape';
      }
      return 'escape';
    }
    case 'selector_expression':
      // `s.f.x`: a field of the field, not the channel itself.
      return sameNode(p.childForFieldName('operand'), sel) ? 'read' : 'escape';
    default:
      return 'escape';
  }
}

function isMakeChan(n: Node | null): boolean {
  if (n?.type !== 'call_expression' || n.childForFieldName('function')?.text !== 'make') return false;
  return n.childForFieldName('arguments')?.firstNamedChild?.type === 'channel_type';
}

/** How `fn` runs: the function of a `go` statement, or a named function only `go` statements start. */
function writerOf(fn: Node, roots: readonly Node[]): Writer {
  if (fn.type === 'func_literal') {
    const call = fn.parent;
    const go =
      call?.type === 'call_expression' && sameNode(call.childForFieldName('function'), fn) ? call.parent : null;
    return go?.type === 'go_statement'
      ? { fn, runs: 'goroutine', goRows: [go.startPosition.row] }
      : { fn, runs: 'called', goRows: [] };
  }
  const name = fn.childForFieldName('name')?.text;
  if (!name) return { fn, runs: 'called', goRows: [] };
  const goRows: number[] = [];
  for (const root of roots) {
    for (const id of root.descendantsOfType(['identifier', 'field_identifier'])) {
      if (id.text !== name || sameNode(id, fn.childForFieldName('name'))) continue;
      const ref = id.parent?.type === 'selector_expression' ? id.parent : id;
      const call = ref.parent;
      if (call?.type !== 'call_expression' || !sameNode(call.childForFieldName('function'), ref)) {
        // A method value or a function handed around: it may be called from anywhere.
        if (id.type === 'field_identifier' || ref === id) return { fn, runs: 'called', goRows: [] };
        continue;
      }
      if (call.parent?.type !== 'go_statement') return { fn, runs: 'called', goRows: [] };
      goRows.push(call.parent.startPosition.row);
    }
  }
  return { fn, runs: 'goroutine', goRows };
}

/** A local channel's or pipe writer's hand-offs: the `go` statements that get it. */
export interface LocalHandOff {
  /** 0-based rows of `go` statements passing it as an argument or capturing it in their function literal. */
  readonly goRows: readonly number[];
  /** For each of those handing it as an argument: the callee as written and the argument's index. */
  readonly goCalls: readonly { readonly row: number; readonly callee: string; readonly argIndex: number }[];
  /** Used in a way that lets others write to it: passed to a plain call, stored, returned, reassigned. */
  readonly escapes: boolean;
}

/**
 * How the local variable `name` (a channel made in `fn`, or the writing end of an io.Pipe) leaves
 * `fn`. `allowed` lists method names that keep it local (`Close`, `CloseWithError` for a pipe).
 */
export function localHandOff(fn: Node, name: string, allowed: readonly string[] = []): LocalHandOff {
  const goRows: number[] = [];
  const goCalls: { row: number; callee: string; argIndex: number }[] = [];
  let escapes = false;
  const body = fn.childForFieldName('body');
  if (!body) return { goRows, goCalls, escapes: true };
  for (const id of body.descendantsOfType('identifier')) {
    if (id.text !== name) continue;
    const goLiteral = enclosingGoLiteral(id, fn);
    if (goLiteral !== null) {
      goRows.push(goLiteral.startPosition.row);
      continue;
    }
    const p = id.parent;
    if (!p) continue;
    if (p.type === 'argument_list' && p.parent?.type === 'call_expression') {
      const call = p.parent;
      const callee = call.childForFieldName('function')?.text ?? '';
      if (call.parent?.type === 'go_statement') {
        const row = call.parent.startPosition.row;
        goRows.push(row);
        goCalls.push({ row, callee, argIndex: p.namedChildren.findIndex((c) => sameNode(c, id)) });
        continue;
      }
      if (callee === 'close' || callee === 'len' || callee === 'cap') continue;
      escapes = true;
      continue;
    }
    if (p.type === 'selector_expression' && sameNode(p.childForFieldName('operand'), id)) {
      const method = p.childForFieldName('field')?.text ?? '';
      if (!allowed.includes(method)) escapes = true;
      continue;
    }
    if (p.type === 'unary_expression' && p.childForFieldName('operator')?.text === '<-') continue;
    if (p.type === 'send_statement' || p.type === 'range_clause') continue;
    if (p.type === 'expression_list' && isDeclarationLeft(p)) continue;
    escapes = true;
  }
  return { goRows: [...new Set(goRows)], goCalls, escapes };
}

/** The `go func(){…}()` literal (inside `fn`) whose body uses `id`, if any. */
function enclosingGoLiteral(id: Node, fn: Node): Node | null {
  for (let n: Node | null = id.parent; n && !sameNode(n, fn); n = n.parent) {
    if (n.type !== 'func_literal') continue;
    const call = n.parent;
    if (call?.type === 'call_expression' && call.parent?.type === 'go_statement') return call.parent;
  }
  return null;
}

function isDeclarationLeft(list: Node): boolean {
  const stmt = list.parent;
  return (
    (stmt?.type === 'short_var_declaration' || stmt?.type === 'assignment_statement') &&
    sameNode(stmt.childForFieldName('left'), list)
  );
}

/** `pr, pw := io.Pipe()` in `scope` (innermost first) declaring `reader`: the writer's name, or null. */
export function pipeWriterOf(scope: readonly Node[], reader: string): { writer: string; declaredIn: Node } | null {
  for (const fn of scope) {
    for (const decl of fn.descendantsOfType(['short_var_declaration', 'assignment_statement'])) {
      if (!sameNode(innermostFunction(decl), fn)) continue;
      const right = decl.childForFieldName('right');
      const call = right?.namedChildren[0];
      if (call?.type !== 'call_expression' || call.childForFieldName('function')?.text !== 'io.Pipe') continue;
      const names = decl.childForFieldName('left')?.namedChildren.map((c) => c?.text) ?? [];
      if (names[0] === reader && names[1] !== undefined && names[1] !== '_')
        return { writer: names[1], declaredIn: fn };
    }
  }
  return null;
}

/**
 * The 1-based line of a `return` in `fn` reached without closing `name` (`close(name)`,
 * `name.Close()`, `name.CloseWithError(…)`, deferred or not, in a statement before it on its way
 * out of the body), or of the body's end when nothing in `fn` closes it; null when every path closes.
 */
export function returnsWithoutClosing(fn: Node, name: string): number | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  const closes = (n: Node) => closeCalls(n, name, fn).length > 0;
  for (const ret of body.descendantsOfType('return_statement')) {
    if (!sameNode(innermostFunction(ret), fn)) continue;
    let closed = false;
    for (let s: Node | null = ret; s && !sameNode(s, body) && !closed; s = s.parent) {
      for (let prev = s.previousNamedSibling; prev && !closed; prev = prev.previousNamedSibling) closed = closes(prev);
    }
    if (!closed) return ret.startPosition.row + 1;
  }
  return closes(body) ? null : body.endPosition.row + 1;
}

/** Calls in `n` (not inside nested function literals of `fn`) that close `name`. */
function closeCalls(n: Node, name: string, fn: Node): Node[] {
  const all = [n, ...n.descendantsOfType('call_expression')].filter((c) => c.type === 'call_expression');
  return all.filter((c) => {
    const inner = innermostFunction(c);
    if (inner && !sameNode(inner, fn)) return false;
    const callee = c.childForFieldName('function');
    if (callee?.text === 'close') return c.childForFieldName('arguments')?.firstNamedChild?.text === name;
    return (
      callee?.type === 'selector_expression' &&
      callee.childForFieldName('operand')?.text === name &&
      /^Close(WithError)?$/.test(callee.childForFieldName('field')?.text ?? '')
    );
  });
}

/** Function declarations and methods named `name` in `roots`. */
export function declarationsNamed(roots: readonly Node[], name: string): Node[] {
  const out: Node[] = [];
  for (const root of roots) {
    for (const d of root.descendantsOfType(['function_declaration', 'method_declaration'])) {
      if (d.childForFieldName('name')?.text === name) out.push(d);
    }
  }
  return out;
}

/** The receiver type of a method declaration (`Service` for `func (s *Service) run()`), or null. */
export function receiverType(decl: Node): string | null {
  if (decl.type !== 'method_declaration') return null;
  const t = decl.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0];
  return t?.text ?? null;
}

function unique(nodes: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const n of nodes) if (!out.some((o) => sameNode(o, n))) out.push(n);
  return out;
}
