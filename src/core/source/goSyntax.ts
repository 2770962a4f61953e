// Questions about Go source at one line, answered from a tree-sitter syntax tree: which cases a
// `select` has, which channel a send or receive uses and where that channel was made, which calls
// a line makes, which lock it takes. Rows are 0-based here; stack lines are 1-based.
import type { Node } from 'web-tree-sitter';

const FUNCTION_TYPES = ['function_declaration', 'method_declaration', 'func_literal'];

/** What one `select` case waits for. */
export type CaseKind =
  | 'context-done'    // <-ctx.Done(), <-r.Context().Done(), <-anything.Done()
  | 'cancel-channel'  // <-done, <-s.quit, <-stopCh: a channel named for cancellation
  | 'timer'           // <-time.After(d), <-timer.C
  | 'ticker'          // <-ticker.C, <-time.Tick(d)
  | 'channel'         // any other receive
  | 'send'            // ch <- v
  | 'default';

export interface SelectCase {
  readonly kind: CaseKind;
  /** The case's communication as written, e.g. `<-time.After(30 * time.Minute)`. */
  readonly text: string;
  /** The channel expression, e.g. `s.priceCh`, `ch`, `t.C`; null for default. */
  readonly channel: string | null;
  /** For timer and ticker cases: the duration in milliseconds when it is a constant expression. */
  readonly durationMs: number | null;
  /** 1-based line. */
  readonly line: number;
}

/** Functions (declarations and literals) enclosing a row, innermost first. */
export function enclosingFunctions(root: Node, row: number): Node[] {
  const out: Node[] = [];
  let n: Node | null = root.descendantForPosition({ row, column: firstNonSpaceColumn(root, row) });
  while (n) {
    if (FUNCTION_TYPES.includes(n.type)) out.push(n);
    n = n.parent;
  }
  return out;
}

function firstNonSpaceColumn(root: Node, row: number): number {
  const line = root.text.split('\n', row + 1)[row] ?? '';
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

/** The `select` statement a goroutine parked in `runtime.selectgo` at `row` waits in. */
export function selectAt(root: Node, row: number): Node | null {
  const s = nodeAt(root, row, ['select_statement']);
  return s && s.startPosition.row === row ? s : null;
}

export function selectCases(select: Node, scope: readonly Node[]): SelectCase[] {
  const cases: SelectCase[] = [];
  for (const c of select.namedChildren) {
    if (!c) continue;
    if (c.type === 'default_case') {
      cases.push({ kind: 'default', text: 'default', channel: null, durationMs: null, line: c.startPosition.row + 1 });
      continue;
    }
    if (c.type !== 'communication_case') continue;
    const comm = c.childForFieldName('communication');
    if (!comm) continue;
    const line = comm.startPosition.row + 1;
    if (comm.type === 'send_statement') {
      cases.push({ kind: 'send', text: comm.text, channel: comm.childForFieldName('channel')?.text ?? null, durationMs: null, line });
      continue;
    }
    const operand = receiveOperand(comm);
    if (!operand) continue;
    cases.push({ ...classifyReceive(operand, scope), text: '<-' + operand.text, line });
  }
  return cases;
}

/** `x := <-ch`, `<-ch` or `case v, ok := <-ch`: the node after `<-`. */
function receiveOperand(n: Node): Node | null {
  const unary = n.type === 'unary_expression' ? n : (n.childForFieldName('right') ?? n.descendantsOfType('unary_expression')[0] ?? null);
  if (!unary || unary.type !== 'unary_expression') return null;
  if (unary.childForFieldName('operator')?.text !== '<-') return null;
  return unary.childForFieldName('operand');
}

/** What receiving from `operand` means. `scope` (enclosing functions) tells tickers from timers. */
export function classifyReceive(operand: Node, scope: readonly Node[]): { kind: CaseKind; channel: string; durationMs: number | null } {
  const text = operand.text;
  if (operand.type === 'call_expression') {
    const fn = operand.childForFieldName('function');
    const args = operand.childForFieldName('arguments');
    const argList = args ? args.namedChildren.filter((a): a is Node => a !== null) : [];
    if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Done' && argList.length === 0) {
      return { kind: 'context-done', channel: text, durationMs: null };
    }
    if (fn?.text === 'time.After') return { kind: 'timer', channel: text, durationMs: argList[0] ? durationMs(argList[0]) : null };
    if (fn?.text === 'time.Tick') return { kind: 'ticker', channel: text, durationMs: argList[0] ? durationMs(argList[0]) : null };
  }
  if (operand.type === 'selector_expression' && operand.childForFieldName('field')?.text === 'C') {
    const owner = operand.childForFieldName('operand')?.text ?? '';
    const made = constructorOf(owner, scope);
    if (made === 'NewTicker') return { kind: 'ticker', channel: text, durationMs: null };
    if (made === 'NewTimer') return { kind: 'timer', channel: text, durationMs: null };
    return { kind: /tick/i.test(owner) ? 'ticker' : 'timer', channel: text, durationMs: null };
  }
  const name = lastName(operand);
  if (name !== null && CANCEL_NAME.test(name)) return { kind: 'cancel-channel', channel: text, durationMs: null };
  return { kind: 'channel', channel: text, durationMs: null };
}

/** Channel names people give to "stop now" signals. */
const CANCEL_NAME = /(done|quit|stop|cancel|clos(e|ed|ing)|shutdown|exit|die|dying|term|kill|abort|halt|finish|ctx)/i;

function lastName(n: Node): string | null {
  if (n.type === 'identifier' || n.type === 'field_identifier') return n.text;
  if (n.type === 'selector_expression') return n.childForFieldName('field')?.text ?? null;
  if (n.type === 'parenthesized_expression') {
    const inner = n.firstNamedChild;
    return inner ? lastName(inner) : null;
  }
  return null;
}

/** `t := time.NewTicker(…)` in scope → `NewTicker`. */
function constructorOf(name: string, scope: readonly Node[]): string | null {
  const re = new RegExp(`(^|[^\\w.])${escapeRe(name)}\\s*(:=|=)\\s*time\\.(NewTicker|NewTimer)\\(`, 'm');
  for (const fn of scope) {
    const m = re.exec(fn.text);
    if (m) return m[3]!;
  }
  return null;
}

/** A constant duration such as `30 * time.Minute` or `500 * time.Millisecond`, in ms; null otherwise. */
export function durationMs(n: Node): number | null {
  const UNITS: Record<string, number> = {
    'time.Nanosecond': 1e-6, 'time.Microsecond': 1e-3, 'time.Millisecond': 1, 'time.Second': 1e3,
    'time.Minute': 60e3, 'time.Hour': 3600e3,
  };
  switch (n.type) {
    case 'int_literal': case 'float_literal': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isFinite(v) ? v * 1e-6 : null; // a bare number is nanoseconds
    }
    case 'selector_expression': return UNITS[n.text] ?? null;
    case 'parenthesized_expression': return n.firstNamedChild ? durationMs(n.firstNamedChild) : null;
    case 'binary_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text;
      if (!l || !r || op !== '*') return null;
      const lv = numberOrDuration(l);
      const rv = numberOrDuration(r);
      if (lv === null || rv === null) return null;
      // One side is a unit (ms), the other a plain count.
      if (lv.unit && !rv.unit) return lv.value * rv.value;
      if (rv.unit && !lv.unit) return lv.value * rv.value;
      return null;
    }
    case 'call_expression': {
      // time.Duration(n) * time.Second is handled by the binary case; a lone conversion is ns.
      const arg = n.childForFieldName('arguments')?.firstNamedChild;
      return n.childForFieldName('function')?.text === 'time.Duration' && arg ? durationMs(arg) : null;
    }
    default: return null;
  }
}

function numberOrDuration(n: Node): { value: number; unit: boolean } | null {
  if (n.type === 'int_literal' || n.type === 'float_literal') {
    const v = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(v) ? { value: v, unit: false } : null;
  }
  const d = durationMs(n);
  return d === null ? null : { value: d, unit: true };
}

/** The receive a goroutine parked in `chan receive` at `row` waits in: `<-x` or `for v := range x`. */
export function receiveAt(root: Node, row: number, scope: readonly Node[]): { kind: CaseKind; channel: string; rangeLoop: boolean; durationMs: number | null } | null {
  const unary = root.descendantsOfType('unary_expression', { row, column: 0 }, { row, column: 1 << 20 })
    .find((u) => u.startPosition.row === row && u.childForFieldName('operator')?.text === '<-');
  const operand = unary?.childForFieldName('operand');
  if (operand) return { ...classifyReceive(operand, scope), rangeLoop: false };
  const range = root.descendantsOfType('range_clause', { row, column: 0 }, { row, column: 1 << 20 })
    .find((r) => r.startPosition.row === row);
  const right = range?.childForFieldName('right');
  if (right) return { kind: 'channel', channel: right.text, rangeLoop: true, durationMs: null };
  return null;
}

/** The channel of the send statement on `row`. */
export function sendAt(root: Node, row: number): string | null {
  const send = root.descendantsOfType('send_statement', { row, column: 0 }, { row, column: 1 << 20 })
    .find((s) => s.startPosition.row === row);
  return send?.childForFieldName('channel')?.text ?? null;
}

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
      const value = values[idx];
      if (!value || value.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'make') continue;
      const args = value.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
      if (args[0]?.type !== 'channel_type') continue;
      const cap = args[1];
      const buffered = cap === undefined ? false : cap.text === '0' ? false : cap.type === 'int_literal' ? true : null;
      return { declaredIn: fn, buffered, line: decl.startPosition.row + 1 };
    }
  }
  return null;
}

/** web-tree-sitter hands out a new wrapper object per access: compare nodes by position and type. */
export function sameNode(a: Node | null, b: Node | null): boolean {
  return a !== null && b !== null && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function innermostFunction(n: Node): Node | null {
  let p = n.parent;
  while (p && !FUNCTION_TYPES.includes(p.type)) p = p.parent;
  return p;
}

/** The callee of every call that starts on `row`, outermost first: `http.Get`, `client.Do`, `db.Query`. */
export function callsAt(root: Node, row: number): string[] {
  return root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })
    .filter((c) => c.startPosition.row === row)
    .map((c) => c.childForFieldName('function')?.text ?? '')
    .filter((t) => t !== '');
}

export interface LockCall {
  /** `s.invMu` */
  readonly mutex: string;
  /** The field or variable name, used to find the same lock elsewhere: `invMu`. */
  readonly name: string;
  readonly method: 'Lock' | 'RLock';
}

/** The `x.Lock()` / `x.RLock()` call on `row`. */
export function lockAt(root: Node, row: number): LockCall | null {
  for (const callee of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    if (callee.startPosition.row !== row) continue;
    const fn = callee.childForFieldName('function');
    if (fn?.type !== 'selector_expression') continue;
    const method = fn.childForFieldName('field')?.text;
    const operand = fn.childForFieldName('operand');
    if ((method !== 'Lock' && method !== 'RLock') || !operand) continue;
    const name = lastName(operand) ?? operand.text;
    return { mutex: operand.text, name, method };
  }
  return null;
}

/**
 * Whether the function holds the lock named `name` at `row`: a `.name.Lock()` earlier in the same
 * function with no plain (non-deferred) `.name.Unlock()` between it and the row.
 */
export function holdsLockAt(fn: Node, row: number, name: string): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  let held = false;
  const calls = body.descendantsOfType('call_expression')
    .filter((c) => c.startPosition.row < row && sameNode(innermostFunction(c), fn))
    .sort((a, b) => a.startIndex - b.startIndex);
  for (const c of calls) {
    const f = c.childForFieldName('function');
    if (f?.type !== 'selector_expression') continue;
    const operand = f.childForFieldName('operand');
    if (!operand || (lastName(operand) ?? operand.text) !== name) continue;
    const method = f.childForFieldName('field')?.text;
    if (method === 'Lock' || method === 'RLock') held = true;
    else if ((method === 'Unlock' || method === 'RUnlock') && c.parent?.type !== 'defer_statement') held = false;
  }
  return held;
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

/** True when the code mentions `close(name)` or sends on `name` (someone can still wake a receiver). */
export function closesOrSends(code: string, name: string): boolean {
  const re = new RegExp(`close\\(\\s*${escapeRe(name)}\\s*\\)|(^|[^\\w.])${escapeRe(name)}\\s*<-`, 'm');
  return re.test(code);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The arguments of the call in the `go` statement on `row`, as written: `go a.apply(rows, done)` → [`rows`, `done`]. */
export function goStatementArgs(root: Node, row: number): string[] | null {
  const stmt = root.descendantsOfType('go_statement', { row, column: 0 }, { row, column: 1 << 20 })
    .find((g) => g.startPosition.row === row);
  const call = stmt?.namedChildren.find((c) => c?.type === 'call_expression');
  const args = call?.childForFieldName('arguments');
  if (!args) return null;
  return args.namedChildren.filter((a): a is Node => a !== null).map((a) => a.text);
}

/** Parameter names in order (`func f(a, b int, c string)` → a, b, c); the receiver is not included. */
export function parameterNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const names: string[] = [];
  for (const p of params.namedChildren) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const ids = p.childrenForFieldName('name').filter((n): n is Node => n !== null);
    if (ids.length === 0) names.push('_');
    for (const id of ids) names.push(id.text);
  }
  return names;
}

/**
 * Goroutines started in `fn` that call `name.Done()` only after a path that can `return` first:
 * the classic WaitGroup leak (`if err != nil { return }` before `defer wg.Done()`).
 */
export function skipsDone(fn: Node, name: string): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  for (const lit of body.descendantsOfType('func_literal')) {
    const text = lit.text;
    const done = text.indexOf(`${name}.Done()`);
    if (done < 0) continue;
    const before = text.slice(0, done);
    if (/\breturn\b/.test(before)) return true;
  }
  return false;
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

/** The first argument of a call to `callee` on `row` (e.g. the duration of `time.Sleep`). */
export function callArgumentAt(root: Node, row: number, callee: string): Node | null {
  for (const c of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    if (c.startPosition.row === row && c.childForFieldName('function')?.text === callee) {
      return c.childForFieldName('arguments')?.firstNamedChild ?? null;
    }
  }
  return null;
}

/**
 * A lower bound of a duration expression in ms, taking unknown factors of a product as at least 1:
 * `time.Duration(attempt+1) * 10 * time.Minute` ≥ 10 minutes. Null when no unit is known.
 */
export function durationLowerBoundMs(n: Node): number | null {
  if (!UNIT_TEXT.test(n.text)) return null;
  const exact = durationMs(n);
  if (exact !== null) return exact;
  if (n.type === 'parenthesized_expression') return n.firstNamedChild ? durationLowerBoundMs(n.firstNamedChild) : null;
  if (n.type !== 'binary_expression' || n.childForFieldName('operator')?.text !== '*') return null;
  const l = n.childForFieldName('left');
  const r = n.childForFieldName('right');
  if (!l || !r) return null;
  const [unit, factor] = UNIT_TEXT.test(l.text) ? [l, r] : [r, l];
  if (UNIT_TEXT.test(factor.text)) return null;
  const u = durationLowerBoundMs(unit);
  return u === null ? null : u * (constantFactor(factor) ?? lowerBoundFactor(factor));
}

const UNIT_TEXT = /\btime\.(Nanosecond|Microsecond|Millisecond|Second|Minute|Hour)\b/;

/** A product of literals and unknowns without units, each unknown taken as 1. */
function lowerBoundFactor(n: Node): number {
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '*') {
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    return (l ? constantFactor(l) ?? lowerBoundFactor(l) : 1) * (r ? constantFactor(r) ?? lowerBoundFactor(r) : 1);
  }
  if (n.type === 'parenthesized_expression' && n.firstNamedChild) return constantFactor(n.firstNamedChild) ?? lowerBoundFactor(n.firstNamedChild);
  return 1;
}

/** An integer literal factor, or null (an unknown count, assumed ≥ 1 by the caller). */
function constantFactor(n: Node): number | null {
  if (n.type !== 'int_literal' && n.type !== 'float_literal') return null;
  const v = Number(n.text.replace(/_/g, ''));
  return Number.isFinite(v) && v >= 1 ? v : null;
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
    if (gp && (gp.type === 'short_var_declaration' || gp.type === 'assignment_statement') && sameNode(gp.childForFieldName('left'), p)) return true;
    if (gp?.type === 'receive_statement') return true;
    p = gp;
    if (!p) return true;
  }
  switch (p.type) {
    case 'var_spec': return sameNode(p.childForFieldName('name'), id);
    case 'send_statement': return sameNode(p.childForFieldName('channel'), id);
    case 'unary_expression': return p.childForFieldName('operator')?.text === '<-';
    case 'range_clause': return sameNode(p.childForFieldName('right'), id);
    case 'argument_list': {
      const call = p.parent;
      const callee = call?.childForFieldName('function')?.text;
      if (callee === 'close' || callee === 'len' || callee === 'cap') return true;
      return call?.parent?.type === 'go_statement';
    }
    default: return false;
  }
}
