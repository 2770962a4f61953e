// An orphaned sender: a goroutine sends on an unbuffered channel whose receiver has returned. Two
// fixes: buffer the channel at its `make` with one slot per sender (the sends then complete and the
// goroutines end; the channel is garbage once nobody holds it), or send in a select that also
// waits for the request's end.
import type { Node } from 'web-tree-sitter';
import { channelMakeSite } from '../source/goChannels';
import { enclosingFunctions, sameNode } from '../source/goSyntax';
import { candidate, type FixCandidate } from './fixCandidate';
import type { FrameSource } from './fixSources';
import { children, exitStatement, requestContext, within } from './fixSyntax';
import { indentAt } from './editText';

export function sendStatementAt(root: Node, row: number): Node | null {
  return (
    root
      .descendantsOfType('send_statement', { row, column: 0 }, { row, column: 1 << 20 })
      .find((s) => s.startPosition.row === row && s.parent?.type === 'statement_list') ?? null
  );
}

/**
 * How many goroutines send on a channel made once in `fn`: the go statement's loop bound when the
 * sender is started in a loop (`len(xs)` for `range xs`, `n` for `i < n`), 1 without a loop, null
 * when the count is not a plain expression.
 */
export function senderCount(send: Node, make: Node, fn: Node): string | null {
  let go: Node | null = send.parent;
  while (go && go.type !== 'go_statement' && !sameNode(go, fn)) go = go.parent;
  if (!go || go.type !== 'go_statement') return null;
  const loops: Node[] = [];
  for (let p = go.parent; p && !sameNode(p, fn); p = p.parent) {
    if (p.type === 'for_statement' && !within(make, p)) loops.push(p);
  }
  if (loops.length === 0) return '1';
  if (loops.length > 1) return null;
  const loop = loops[0]!;
  const range = children(loop).find((c) => c.type === 'range_clause');
  if (range) {
    const over = range.childForFieldName('right');
    if (!over) return null;
    if (over.type === 'int_literal') return over.text;
    return over.type === 'identifier' || over.type === 'selector_expression' ? `len(${over.text})` : null;
  }
  const clause = children(loop).find((c) => c.type === 'for_clause');
  const init = clause?.childForFieldName('initializer');
  const cond = clause?.childForFieldName('condition');
  const counter = init?.type === 'short_var_declaration' ? init.childForFieldName('left')?.text : null;
  if (!cond || cond.type !== 'binary_expression' || !counter) return null;
  const op = cond.childForFieldName('operator')?.text;
  const bound = cond.childForFieldName('right');
  if (cond.childForFieldName('left')?.text !== counter || !bound || init?.childForFieldName('right')?.text !== '0')
    return null;
  if (op === '<') return bound.text;
  if (op === '<=') return `${bound.text}+1`;
  return null;
}

export function bufferChannelFix(site: FrameSource): FixCandidate | null {
  const send = sendStatementAt(site.root, site.row);
  const channel = send?.childForFieldName('channel');
  if (!send || channel?.type !== 'identifier') return null;
  const made = channelMakeSite(enclosingFunctions(site.root, site.row), channel.text);
  if (!made) return null;
  const count = senderCount(send, made.make, made.fn);
  if (count === null) return null;
  const args = children(made.make.childForFieldName('arguments'));
  const type = args[0]!;
  const cap = args[1];
  let edit;
  if (!cap) edit = { start: type.endIndex, end: type.endIndex, text: `, ${count}` };
  else if (cap.text === '0') edit = { start: cap.startIndex, end: cap.endIndex, text: count };
  else return null;
  const why = count === '1' ? 'so the send completes without a receiver' : 'one slot per sender';
  return candidate('buffer-channel', `Buffer \`${channel.text}\` with capacity ${count} (${why})`, site.path, [edit]);
}

export function sendSelectFix(site: FrameSource): FixCandidate | null {
  const send = sendStatementAt(site.root, site.row);
  if (!send || send.startPosition.row !== send.endPosition.row) return null;
  const scope = enclosingFunctions(site.root, site.row);
  const ctx = requestContext(scope, site.text);
  if (!ctx || !scope[0]) return null;
  const exit = exitStatement(scope[0], ctx.expr, site.root);
  const ind = indentAt(site.text, send.startIndex);
  const text = `select {\n${ind}case ${send.text}:\n${ind}case <-${ctx.expr}.Done():\n${ind}\t${exit}\n${ind}}`;
  return candidate(
    'send-select-ctx',
    `Send on \`${send.childForFieldName('channel')?.text}\` in a select that returns on \`${ctx.expr}.Done()\``,
    site.path,
    [...ctx.edits, { start: send.startIndex, end: send.endIndex, text }],
  );
}
