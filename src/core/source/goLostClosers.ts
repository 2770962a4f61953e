// Whether the functions that close (or send on) a stop channel can still be called at all. A
// function value nobody keeps cannot be called (Go spec: a call needs the value): when the only
// closer of a channel is a method or closure that is never called directly, only returned by a
// constructor whose every caller discards the result (`room.StartTyping(user)` as a statement),
// nothing can ever close the channel. go vet's lostcancel reports the same shape for
// context.CancelFunc; this is it for a program's own stop functions.
import type { Node } from 'web-tree-sitter';
import { enclosingDeclaration, FUNCTION_TYPES, hasHttpHandlerSignature, sameNode } from './goSyntax';

/** The files a name can be referenced from, with their paths (the package for an unexported name). */
export type FilesOf = (name: string) => Promise<readonly { readonly path: string; readonly root: Node }[]>;

export interface LostCloser {
  /** The named function or method whose body closes the channel: `stop`. */
  readonly closer: string;
  /** The functions that return it and whose callers drop it: `StartTyping`; empty when it is never referenced. */
  readonly returnedBy: readonly string[];
  /** The calls that drop it, as `file:line`. */
  readonly droppedAt: readonly string[];
  /** Some call that drops it runs in a function with an HTTP handler's parameters: it leaks once per request. */
  readonly dropsInHandler: boolean;
}

/**
 * Given the functions writing to a channel (from fieldChannelWriters), whether every one of them is
 * lost: it lies in an unexported named function that is never called, and whose only other references are
 * `return x.closer` in functions whose every call is a statement of its own (result dropped).
 * Null when any writer might still run (called somewhere, stored, passed on) or cannot be named.
 */
export async function lostClosers(writers: readonly Node[], filesOf: FilesOf): Promise<LostCloser | null> {
  if (writers.length === 0) return null;
  const closers = new Set<string>();
  for (const w of writers) {
    const named = enclosingDeclaration(w);
    const name = named?.childForFieldName('name')?.text;
    // An exported method may be called through an interface by code outside the roots (a
    // library holding the value as an io.Closer): only an unexported one has all its calls in
    // its own package (Go spec: unexported names are not accessible, nor satisfy interfaces, elsewhere).
    if (!name || !/^[a-z_]/.test(name)) return null;
    closers.add(name);
  }
  const returnedBy = new Set<string>();
  for (const closer of closers) {
    for (const ref of await references(closer, filesOf)) {
      if (ref.kind !== 'returned') return null;
      returnedBy.add(ref.by);
    }
  }
  const droppedAt: string[] = [];
  let dropsInHandler = false;
  for (const ctor of returnedBy) {
    for (const ref of await references(ctor, filesOf)) {
      if (ref.kind !== 'dropped') return null;
      droppedAt.push(ref.at);
      dropsInHandler ||= ref.inHandler;
    }
  }
  return { closer: [...closers].join(', '), returnedBy: [...returnedBy], droppedAt, dropsInHandler };
}

type Reference =
  | { readonly kind: 'returned'; readonly by: string }
  | { readonly kind: 'dropped'; readonly at: string; readonly inHandler: boolean }
  | { readonly kind: 'other' };

/** Every use of `name` (as a function or method name) in the files that can reach it, but its declarations. */
async function references(name: string, filesOf: FilesOf): Promise<Reference[]> {
  const out: Reference[] = [];
  for (const { path, root } of await filesOf(name)) {
    for (const id of root.descendantsOfType(['identifier', 'field_identifier'])) {
      if (id.text !== name || isDeclarationName(id)) continue;
      out.push(referenceKind(id, path));
    }
  }
  return out;
}

function referenceKind(id: Node, path: string): Reference {
  const ref =
    id.parent?.type === 'selector_expression' && sameNode(id.parent.childForFieldName('field'), id) ? id.parent : id;
  const parent = ref.parent;
  // A struct field or key of the same name is not this function, but cannot be told apart cheaply: not lost.
  if (!parent) return { kind: 'other' };
  if (parent.type === 'call_expression' && sameNode(parent.childForFieldName('function'), ref)) {
    const stmt = parent.parent;
    // `x.Start(…)` alone, `go x.Start(…)` or `defer x.Start(…)`: the results go nowhere.
    if (stmt?.type === 'expression_statement' || stmt?.type === 'go_statement' || stmt?.type === 'defer_statement') {
      const line = stmt.startPosition.row + 1;
      return { kind: 'dropped', at: `${path.slice(path.lastIndexOf('/') + 1)}:${line}`, inHandler: isHandler(stmt) };
    }
    return { kind: 'other' };
  }
  // `return b.stop` (a method value) or `return stop` as the function's only result.
  if (parent.type === 'expression_list' && parent.namedChildCount === 1 && parent.parent?.type === 'return_statement') {
    const by = enclosingDeclaration(parent)?.childForFieldName('name')?.text;
    return by ? { kind: 'returned', by } : { kind: 'other' };
  }
  return { kind: 'other' };
}

/** `n` or a function literal around it up to its declaration has an HTTP handler's parameters. */
function isHandler(n: Node): boolean {
  for (let p: Node | null = n; p; p = p.parent) {
    if (FUNCTION_TYPES.includes(p.type) && hasHttpHandlerSignature(p)) return true;
  }
  return false;
}

/** The name a function, method or parameter (a named result too) declares: not a use of the function. */
function isDeclarationName(id: Node): boolean {
  const p = id.parent;
  if (p?.type === 'parameter_declaration') return p.childrenForFieldName('name').some((n) => sameNode(n, id));
  return (
    (p?.type === 'function_declaration' || p?.type === 'method_declaration') &&
    sameNode(p.childForFieldName('name'), id)
  );
}
