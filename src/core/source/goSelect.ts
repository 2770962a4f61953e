// What a goroutine parked in a select or a receive waits for: each case classified as context,
// cancellation channel, timer, ticker or plain channel, from the syntax at the blocking line.
import type { Node } from 'web-tree-sitter';
import { escapeRe, lastName, nodeAt } from './goSyntax';
import { durationMs } from './goDurations';
import { timeChannelOwner } from './goTypes';

/** What one `select` case waits for. */
export type CaseKind =
  | 'context-done' // <-ctx.Done(), <-r.Context().Done(), <-anything.Done()
  | 'cancel-channel' // <-done, <-s.quit, <-stopCh: a channel named for cancellation
  | 'timer' // <-time.After(d), <-timer.C
  | 'ticker' // <-ticker.C, <-time.Tick(d)
  | 'channel' // any other receive
  | 'send' // ch <- v
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
      cases.push({
        kind: 'send',
        text: comm.text,
        channel: comm.childForFieldName('channel')?.text ?? null,
        durationMs: null,
        line,
      });
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
  const unary =
    n.type === 'unary_expression'
      ? n
      : (n.childForFieldName('right') ?? n.descendantsOfType('unary_expression')[0] ?? null);
  if (!unary || unary.type !== 'unary_expression') return null;
  if (unary.childForFieldName('operator')?.text !== '<-') return null;
  return unary.childForFieldName('operand');
}

/** What receiving from `operand` means. `scope` (enclosing functions) tells tickers from timers. */
export function classifyReceive(
  operand: Node,
  scope: readonly Node[],
): { kind: CaseKind; channel: string; durationMs: number | null } {
  const text = operand.text;
  if (operand.type === 'call_expression') {
    const fn = operand.childForFieldName('function');
    const args = operand.childForFieldName('arguments');
    const argList = args ? args.namedChildren.filter((a): a is Node => a !== null) : [];
    if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Done' && argList.length === 0) {
      return { kind: 'context-done', channel: text, durationMs: null };
    }
    if (fn?.text === 'time.After')
      return { kind: 'timer', channel: text, durationMs: argList[0] ? durationMs(argList[0]) : null };
    if (fn?.text === 'time.Tick')
      return { kind: 'ticker', channel: text, durationMs: argList[0] ? durationMs(argList[0]) : null };
  }
  if (operand.type === 'selector_expression' && operand.childForFieldName('field')?.text === 'C') {
    const ownerNode = operand.childForFieldName('operand');
    const owner = ownerNode?.text ?? '';
    const made =
      constructorOf(owner, scope) ?? (ownerNode ? timeChannelOwner(ownerNode, ownerNode.tree.rootNode) : null);
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

/** `t := time.NewTicker(…)` in scope → `NewTicker`. */
function constructorOf(name: string, scope: readonly Node[]): string | null {
  const re = new RegExp(`(^|[^\\w.])${escapeRe(name)}\\s*(:=|=)\\s*time\\.(NewTicker|NewTimer)\\(`, 'm');
  for (const fn of scope) {
    const m = re.exec(fn.text);
    if (m) return m[3]!;
  }
  return null;
}

/** The receive a goroutine parked in `chan receive` at `row` waits in: `<-x` or `for v := range x`. */
export function receiveAt(
  root: Node,
  row: number,
  scope: readonly Node[],
): { kind: CaseKind; channel: string; rangeLoop: boolean; durationMs: number | null } | null {
  const unary = root
    .descendantsOfType('unary_expression', { row, column: 0 }, { row, column: 1 << 20 })
    .find((u) => u.startPosition.row === row && u.childForFieldName('operator')?.text === '<-');
  const operand = unary?.childForFieldName('operand');
  if (operand) return { ...classifyReceive(operand, scope), rangeLoop: false };
  const range = root
    .descendantsOfType('range_clause', { row, column: 0 }, { row, column: 1 << 20 })
    .find((r) => r.startPosition.row === row);
  const right = range?.childForFieldName('right');
  // `for range t.C` of a ticker is a ticker loop like `<-t.C` is a tick: classified the same way.
  if (right) return { ...classifyReceive(right, scope), rangeLoop: true };
  return null;
}

/** The channel of the send statement on `row`. */
export function sendAt(root: Node, row: number): string | null {
  const send = root
    .descendantsOfType('send_statement', { row, column: 0 }, { row, column: 1 << 20 })
    .find((s) => s.startPosition.row === row);
  return send?.childForFieldName('channel')?.text ?? null;
}
