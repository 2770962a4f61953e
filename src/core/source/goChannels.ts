// Where a channel variable was made and who else can reach it: the proof that an orphaned
// goroutine's channel has no other side left.
import type { Node } from 'web-tree-sitter';
import { escapeRe, innermostFunction, sameNode } from './goSyntax';

export interface LocalChannel {
  /** The function (innermost first in the scope list) that declares it. */
  readonly declaredIn: Node;
  /** False for `make(chan T)` / `make(chan T, 0)`, true with a non-zero capacity, null when unknown. */
  readonly buffered: boolean | null;
  /** 1-based line of the declaration. */
  readonly line: number;
}

/** Where the channel variable `name` is made, searching the enclosing functions innermost first. */
export function findLocalChannel(scope: readonly Node[], name: string): LocalChannel | null {
  const site = channelMakeSite(scope, name);
  if (!site) return null;
  const cap = site.make.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null)[1];
  const buffered = cap === undefined ? false : cap.text === '0' ? false : cap.type === 'int_literal' ? true : null;
  return { declaredIn: site.fn, buffered, line: site.decl.startPosition.row + 1 };
}

/**
 * The `make(chan T…)` call that declares the channel variable `name` (in a `:=`, `var` or `=`),
 * its declaration, and the function of the scope (innermost first) that holds it.
 */
export function channelMakeSite(scope: readonly Node[], name: string): { make: Node; decl: Node; fn: Node } | null {
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  for (const fn of scope) {
    const body = fn.childForFieldName('body');
    if (!body) continue;
    for (const decl of body.descendantsOfType(['short_var_declaration', 'var_spec', 'assignment_statement'])) {
      if (!sameNode(innermostFunction(decl), fn)) continue;
      const left = decl.childForFieldName('left') ?? decl.childForFieldName('name');
      const right = decl.childForFieldName('right') ?? decl.childForFieldName('value');
      if (!left || !right) continue;
      const names = left.type === 'expression_list' ? left.namedChildren.map((c) => c?.text) : [left.text];
      const idx = names.indexOf(name);
      if (idx < 0) continue;
      const values = right.type === 'expression_list' ? right.namedChildren : [right];
      const make = values[idx];
      if (!make || make.type !== 'call_expression' || make.childForFieldName('function')?.text !== 'make') continue;
      const args = make.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
      if (args[0]?.type !== 'channel_type') continue;
      return { make, decl, fn };
    }
  }
  return null;
}

/** True when the code mentions `close(name)` or sends on `name` (someone can still wake a receiver). */
export function closesOrSends(code: string, name: string): boolean {
  const re = new RegExp(`close\\(\\s*${escapeRe(name)}\\s*\\)|(^|[^\\w.])${escapeRe(name)}\\s*<-`, 'm');
  return re.test(code);
}

/**
 * Whether the channel variable `name`, made in `fn`, can reach anyone but `fn` itself and the
 * goroutine it starts: stored in a field, returned, put in a literal, passed to another call.
 * Receives, sends, `close`, `range`, `len`/`cap` and the `go` statement's own call do not count.
 * `skip` (the goroutine's func literal, if any) is ignored.
 */
export function channelEscapes(fn: Node, name: string, skip: Node | null): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  for (const id of body.descendantsOfType('identifier')) {
    if (id.text !== name) continue;
    if (skip && id.startIndex >= skip.startIndex && id.endIndex <= skip.endIndex) continue;
    if (!isLocalUse(id)) return true;
  }
  return false;
}

function isLocalUse(id: Node): boolean {
  let p = id.parent;
  if (!p) return true;
  if (p.type === 'expression_list') {
    const gp = p.parent;
    // Declared or assigned on the left; a value on the right of an assignment escapes.
    if (
      gp &&
      (gp.type === 'short_var_declaration' || gp.type === 'assignment_statement') &&
      sameNode(gp.childForFieldName('left'), p)
    )
      return true;
    if (gp?.type === 'receive_statement') return true;
    p = gp;
    if (!p) return true;
  }
  switch (p.type) {
    case 'var_spec':
      return sameNode(p.childForFieldName('name'), id);
    case 'send_statement':
      return sameNode(p.childForFieldName('channel'), id);
    case 'unary_expression':
      return p.childForFieldName('operator')?.text === '<-';
    case 'range_clause':
      return sameNode(p.childForFieldName('right'), id);
    case 'argument_list': {
      const call = p.parent;
      const callee = call?.childForFieldName('function')?.text;
      if (callee === 'close' || callee === 'len' || callee === 'cap') return true;
      return call?.parent?.type === 'go_statement';
    }
    default:
      return false;
  }
}
