// Which context the call a goroutine is parked in was given, followed out through the stack to
// where it was made: the innermost ctx-taking call (a `<-ctx.Done()` case at the blocking line, a
// database/sql `*Context` method, `http.NewRequestWithContext` behind `Client.Do`,
// `(*net.Dialer).DialContext`, the program's own function with a `context.Context` parameter), then
// its argument, traced through locals, parameters (to the caller's frame and argument), closures
// given a context by the call they are passed to (`pprof.Do`), struct fields and the program's own
// context constructors. Frames whose source is not under the roots (a driver in the module cache)
// are skipped: the standard library and drivers pass the context they are given down to where they
// wait (database/sql's QueryContext → ctxDriverQuery, net/http's Client.Do → the request's context).
import type { Node } from 'web-tree-sitter';
import type { Frame, GoroutineGroup } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import { enclosingFunctions, innermostFunction, parameterNames, sameNode } from '../source/goSyntax';
import { selectAt, selectCases } from '../source/goSelect';
import { declarationsNamed } from '../source/goWriters';
import {
  assignmentsBefore,
  callArguments,
  callNamed,
  contextExpr,
  contextParamIndex,
  fieldStores,
  literalCallContext,
  parameterOwner,
  soleCallAt,
  returnsUncancellable,
  takesRequest,
} from '../source/goContext';
import { hasHttpHandlerSignature } from '../source/goSyntax';
import { closureParent, isStdlibFunction } from '../go/functionNames';
import { baseName } from '../go/filePaths';

/**
 * `request`: derived from the request's context; `background`: context.Background/TODO (never
 * cancelled); `detached`: a context that can never be cancelled (WithoutCancel, a Done returning
 * nil); `lifetime`: a context stored in a struct by code that serves no request (the service's
 * lifetime); `bounded`: derived from one of those with a deadline, so it ends; `unknown`.
 */
export type ContextOrigin = 'request' | 'background' | 'detached' | 'lifetime' | 'bounded' | 'unknown';

export interface ContextFacts {
  readonly origin: ContextOrigin;
  /** The expression that decided it, as written: `context.Background()`, `c.life`, `detach(r.Context())`. */
  readonly expression: string;
  /** Where it is written: file under the source roots and 1-based line; null when not read. */
  readonly path: string | null;
  readonly line: number | null;
  /** The ctx-taking call the goroutine is parked in, as written at the innermost line: `r.db.QueryContext`. */
  readonly call: string;
  /**
   * The context was not written at all: an API without a context that uses context.Background()
   * itself (database/sql's Query, http.Get, http.NewRequest, net.Dial).
   */
  readonly implicit: boolean;
}

/** Standard-library calls that take no context and run with context.Background() (their sources say so). */
const IMPLICIT_BACKGROUND =
  /^(database\/sql\.\(\*(DB|Conn|Tx|Stmt)\)\.(Query|QueryRow|Exec|Prepare|Begin|Ping)|net\/http\.(Get|Head|Post|PostForm)|net\/http\.\(\*Client\)\.(Get|Head|Post|PostForm)|net\.Dial|net\.DialTimeout|net\.\(\*Dialer\)\.Dial)$/;
/** Standard-library calls whose first argument is the context they wait under. */
const CONTEXT_FIRST = /(Context|^BeginTx|^Conn|^Do)$/;
/** Client.Do and RoundTrip wait under their request's context. */
const TAKES_REQUEST = /^net\/http\.\(\*(Client|Transport)\)\.(Do|RoundTrip)$/;

interface Place {
  /** Index of the frame whose function holds the expression. */
  readonly frame: number;
  readonly path: string;
  readonly root: Node;
  /** The function lexically holding the expression. */
  readonly fn: Node;
  /** 0-based row of the frame's line (locals assigned before it count). */
  readonly row: number;
}

export async function contextProvenance(
  group: GoroutineGroup,
  userFrame: number | null,
  lookup: SourceLookup,
): Promise<ContextFacts | null> {
  if (userFrame === null) return null;
  const frames = group.stack.frames;
  for (let i = userFrame; i < frames.length; i++) {
    const fr = frames[i]!;
    if (isStdlibFunction(fr.function)) continue;
    const at = await lookup.at(fr.file, fr.line, fr.function);
    if (at === null) continue;
    const root = at.tree.rootNode;
    const fn = enclosingFunctions(root, at.row)[0];
    if (!fn) return null;
    const place: Place = { frame: i, path: at.path, root, fn, row: at.row };
    const start = await contextInUse(frames, i, place, lookup);
    if (start === null) return null;
    if (start.implicit) {
      return {
        origin: 'background',
        expression: start.text,
        path: at.path,
        line: at.row + 1,
        call: start.call,
        implicit: true,
      };
    }
    const r = await resolve(start.expr, place, { frames, lookup, depth: 0 });
    return { ...r, call: r.call ?? start.call, implicit: false };
  }
  return null;
}

interface Start {
  readonly call: string;
  readonly expr: Node;
  readonly text: string;
  readonly implicit: boolean;
}

/** The context expression the innermost readable frame waits under: a Done case, or the ctx-taking call into the next frame. */
async function contextInUse(
  frames: readonly Frame[],
  i: number,
  p: Place,
  lookup: SourceLookup,
): Promise<Start | null> {
  const inner = frames[i - 1];
  // Parked in its own select (debug=2 goroutine dumps print no runtime frames above it): a
  // `<-x.Done()` case names the context.
  if (inner === undefined || inner.function.startsWith('runtime.')) {
    const sel = selectAt(p.root, p.row);
    const done = sel ? selectCases(sel, [p.fn]).find((c) => c.kind === 'context-done') : undefined;
    const operand = done ? doneOperand(p.root, done.line - 1) : null;
    if (operand) return { call: done!.text, expr: operand, text: operand.text, implicit: false };
    return null;
  }
  const name = simpleName(inner.function);
  if (name === null) return null;
  const call = callNamed(p.root, p.row, name);
  if (call === null) return null;
  const callee = call.childForFieldName('function')?.text ?? name;
  const args = callArguments(call);
  if (isStdlibFunction(inner.function)) {
    const api = inner.function;
    if (IMPLICIT_BACKGROUND.test(api)) return { call: callee, expr: call, text: `${callee}(…)`, implicit: true };
    if (TAKES_REQUEST.test(api)) {
      const req = args[0];
      const ctx = req ? requestContext(req, p) : null;
      if (ctx === 'background') return { call: callee, expr: req!, text: 'http.NewRequest(…)', implicit: true };
      return ctx === null ? null : { call: callee, expr: ctx, text: ctx.text, implicit: false };
    }
    if (CONTEXT_FIRST.test(name) && args[0])
      return { call: callee, expr: args[0], text: args[0].text, implicit: false };
    return null;
  }
  const decl = await declarationOf(inner, lookup);
  const k = decl ? contextParamIndex(decl) : -1;
  if (k < 0 || !args[k]) return null;
  return { call: callee, expr: args[k], text: args[k].text, implicit: false };
}

/** `req` built by `http.NewRequestWithContext(ctx, …)`, `req.WithContext(ctx)`, `http.NewRequest(…)` (background) or the handler's `r`. */
function requestContext(req: Node, p: Place): Node | 'background' | null {
  const values = req.type === 'identifier' ? assignmentsBefore(p.fn, req.text, p.row) : [req];
  if (values.length !== 1) return null;
  const v = values[0]!;
  if (v.type !== 'call_expression') return null;
  const callee = v.childForFieldName('function');
  const args = callArguments(v);
  if (callee?.text === 'http.NewRequestWithContext') return args[0] ?? null;
  if (callee?.text === 'http.NewRequest') return 'background';
  const method = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : undefined;
  if ((method === 'WithContext' || method === 'Clone') && args[0]) return args[0];
  return null;
}

function doneOperand(root: Node, row: number): Node | null {
  for (const c of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    const f = c.childForFieldName('function');
    if (
      c.startPosition.row === row &&
      f?.type === 'selector_expression' &&
      f.childForFieldName('field')?.text === 'Done'
    ) {
      return f.childForFieldName('operand');
    }
  }
  return null;
}

const MAX_DEPTH = 24;

/** What every step of the walk shares: the stack, the source, and how deep it has gone (a bound against cycles). */
interface Walk {
  readonly frames: readonly Frame[];
  readonly lookup: SourceLookup;
  readonly depth: number;
}

const deeper = (w: Walk): Walk => ({ ...w, depth: w.depth + 1 });

/** Provenance before it is tied to the wait: `call` is the call whose argument decided it, when there is one. */
type Resolved = Omit<ContextFacts, 'call' | 'implicit'> & { readonly call: string | null };

/**
 * A function of the program whose every return hands back its context parameter or a context
 * derived from it (`func withTraceID(ctx context.Context, id string) context.Context { return
 * context.WithValue(ctx, traceKey{}, id) }`): its result is cancelled exactly when that argument is
 * (WithValue keeps the parent's Done; WithCancel/WithTimeout add a cancel or a deadline of their
 * own). Returns the parameter's index and whether every path adds a deadline, or null.
 */
function derivesFromParameter(decl: Node): { index: number; deadline: boolean } | null {
  const index = contextParamIndex(decl);
  const param = index < 0 ? undefined : parameterNames(decl)[index];
  const body = decl.childForFieldName('body');
  if (param === undefined || !body) return null;
  const rets = body.descendantsOfType('return_statement').filter((r) => sameNode(innermostFunction(r), decl));
  if (rets.length === 0) return null;
  let deadline = true;
  for (const r of rets) {
    const list = r.namedChildren[0] ?? null;
    const first = list?.type === 'expression_list' ? (list.namedChildren[0] ?? null) : list;
    if (first === null) return null;
    const e = contextExpr(first, decl);
    if (e.kind === 'name' && e.name === param) deadline = false;
    else if (e.kind === 'derived' && e.parent.type === 'identifier' && e.parent.text === param) deadline &&= e.deadline;
    else return null;
  }
  return { index, deadline };
}

/** The callee of the call `expr` is an argument of (`s.Readings.History` for its `context.Background()`). */
function callHolding(expr: Node): string | null {
  const args = expr.parent;
  if (args?.type !== 'argument_list' || args.parent?.type !== 'call_expression') return null;
  return args.parent.childForFieldName('function')?.text ?? null;
}

async function resolve(expr: Node, p: Place, w: Walk): Promise<Resolved> {
  const here = { expression: expr.text, path: p.path, line: expr.startPosition.row + 1, call: callHolding(expr) };
  const unknown = { origin: 'unknown' as const, ...here };
  if (w.depth > MAX_DEPTH) return unknown;
  const e = contextExpr(expr, p.fn);
  switch (e.kind) {
    case 'background':
    case 'detached':
    case 'request':
      return { origin: e.kind, ...here };
    case 'derived': {
      const parent = await resolve(e.parent, p, deeper(w));
      if (e.deadline && parent.origin !== 'request' && parent.origin !== 'unknown')
        return { ...parent, origin: 'bounded' };
      return parent;
    }
    case 'name':
      return resolveName(e.name, expr, p, w);
    case 'field':
      return resolveField(e.field, p, w, here);
    case 'call': {
      const name = e.callee.slice(e.callee.lastIndexOf('.') + 1);
      const pkg = (await w.lookup.packageOf(p.path)).map((f) => f.tree.rootNode);
      const decls = declarationsNamed(pkg, name);
      if (decls.length > 0 && decls.every((d) => returnsUncancellable(d, pkg))) return { origin: 'detached', ...here };
      const through = decls.length === 1 ? derivesFromParameter(decls[0]!) : null;
      const arg = through === null ? undefined : e.args[through.index];
      if (arg === undefined || through === null) return unknown;
      const parent = await resolve(arg, p, deeper(w));
      if (through.deadline && parent.origin !== 'request' && parent.origin !== 'unknown')
        return { ...parent, origin: 'bounded' };
      return parent;
    }
    default:
      return unknown;
  }
}

async function resolveName(name: string, expr: Node, p: Place, w: Walk): Promise<Resolved> {
  const unknown: Resolved = {
    origin: 'unknown',
    expression: expr.text,
    path: p.path,
    line: expr.startPosition.row + 1,
    call: null,
  };
  const row = expr.startPosition.row;
  const scopeFn = innermostFunction(expr) ?? p.fn;
  const values = assignmentsBefore(scopeFn, name, row);
  if (values.length > 0) {
    const rs = await Promise.all(values.map((v) => resolve(v, { ...p, fn: scopeFn }, deeper(w))));
    return rs.every((r) => r.origin === rs[0]!.origin) ? rs[0]! : unknown;
  }
  const owner = parameterOwner(name, scopeFn);
  if (owner === null) return unknown;
  if (owner.fn.type === 'func_literal') {
    // A closure given its context by the call it is passed to (pprof.Do(ctx, labels, func(ctx) {…})).
    const given = literalCallContext(owner.fn);
    const outer = innermostFunction(owner.fn);
    if (given === null || outer === null) return unknown;
    const frame = frameOf(outer, p, w.frames);
    return resolve(given, { ...p, fn: outer, frame: frame ?? p.frame }, deeper(w));
  }
  // A parameter of a declared function: its caller's frame passed it.
  const j = frameOf(owner.fn, p, w.frames) ?? p.frame;
  return resolveArgument(owner.index, j, w, unknown);
}

/** The argument the caller of frame `j` passed for parameter `index`, resolved in the caller. */
async function resolveArgument(index: number, j: number, w: Walk, unknown: Resolved): Promise<Resolved> {
  const { frames, lookup } = w;
  const callee = frames[j]!;
  let c = j + 1;
  let viaStdlib = false;
  while (c < frames.length && isStdlibFunction(frames[c]!.function)) {
    viaStdlib = true;
    c++;
  }
  const caller = frames[c];
  if (caller === undefined) return unknown;
  const at = await lookup.at(caller.file, caller.line, caller.function);
  if (at === null) return unknown;
  const root = at.tree.rootNode;
  const fn = enclosingFunctions(root, at.row)[0];
  if (!fn) return unknown;
  const place: Place = { frame: c, path: at.path, root, fn, row: at.row };
  if (viaStdlib) {
    // Through the standard library (database/sql calling a driver): the context given to the
    // library call is the one it hands down.
    const start = await contextInUse(frames, c, place, lookup);
    if (start === null) return unknown;
    if (start.implicit) {
      return { origin: 'background', expression: start.text, path: at.path, line: at.row + 1, call: start.call };
    }
    return resolve(start.expr, place, deeper(w));
  }
  const name = simpleName(callee.function);
  const call = (name === null ? null : callNamed(root, at.row, name)) ?? soleCallAt(root, at.row);
  const arg = call ? callArguments(call)[index] : undefined;
  if (arg === undefined) return unknown;
  return resolve(arg, place, deeper(w));
}

/**
 * A context kept in a struct field: what every store into that field (in its package) put there.
 * Stored from a parameter of a function that has no request (a constructor) or from
 * context.Background(), it is the service's context, not any request's.
 */
async function resolveField(field: string, p: Place, w: Walk, here: Omit<Resolved, 'origin'>): Promise<Resolved> {
  const unknown = { origin: 'unknown' as const, ...here };
  const pkg = await w.lookup.packageOf(p.path);
  const stores = fieldStores(
    pkg.map((f) => f.tree.rootNode),
    field,
  );
  if (stores.length === 0 || w.depth > MAX_DEPTH) return unknown;
  for (const s of stores) {
    if (s.fn === null) return unknown;
    const e = contextExpr(s.value, s.fn);
    if (e.kind === 'background' || e.kind === 'detached') continue;
    if (e.kind === 'name' && assignmentsBefore(s.fn, e.name, s.value.startPosition.row).length === 0) {
      const owner = parameterOwner(e.name, s.fn);
      if (owner && !takesRequest(owner.fn) && !hasHttpHandlerSignature(owner.fn)) continue;
    }
    return unknown;
  }
  return { origin: 'lifetime', ...here };
}

/** The frame (at or outside `p.frame`) running the function `fn`. */
function frameOf(fn: Node, p: Place, frames: readonly Frame[]): number | null {
  if (sameNode(fn, p.fn)) return p.frame;
  const name = fn.childForFieldName('name')?.text;
  if (fn.type === 'func_literal' || !name) {
    // The lexically enclosing function of a closure frame `F.func1` is the frame running F.
    const parent = closureParent(frames[p.frame]!.function);
    for (let j = p.frame + 1; j < frames.length; j++) if (frames[j]!.function === parent) return j;
    return null;
  }
  for (let j = p.frame; j < frames.length; j++) if (simpleName(frames[j]!.function) === name) return j;
  return null;
}

/** The function's own name in a stack (`(*Readings).History` → History); null for closures. */
function simpleName(fn: string): string | null {
  if (closureParent(fn) !== null) return null;
  const m = /\.([A-Za-z_]\w*)(\[[^\]]*\])?$/.exec(fn);
  return m ? m[1]! : null;
}

async function declarationOf(frame: Frame, lookup: SourceLookup): Promise<Node | null> {
  const at = await lookup.at(frame.file, frame.line, frame.function);
  if (at === null) return null;
  const fns = enclosingFunctions(at.tree.rootNode, at.row);
  return fns.find((f) => f.type !== 'func_literal') ?? null;
}

export function contextSite(c: ContextFacts): string {
  return c.path !== null && c.line !== null ? `${baseName(c.path)}:${c.line}` : 'its caller';
}
