// A request's goroutine blocked receiving (`v := <-ch`, `<-ch`, `v = <-ch`) or sleeping: the same
// wait, in a select that also returns when the request's context is done. For `v := <-ch` the
// statements after it move into the receive case, where `v` is in scope (its type is not written
// anywhere a fix could copy it from).
import type { Node } from 'web-tree-sitter';
import { enclosingFunctions } from '../source/goSyntax';
import { candidate, type FixCandidate } from './fixCandidate';
import type { FrameSource } from './fixSources';
import { children, exitStatement, followingStatements, requestContext, statementAt } from './fixSyntax';
import { indentAt, indentLines } from './editText';

function singleReceive(list: Node | null): Node | null {
  const values = list?.type === 'expression_list' ? children(list) : list ? [list] : [];
  const v = values.length === 1 ? values[0]! : null;
  return v?.type === 'unary_expression' && v.childForFieldName('operator')?.text === '<-' ? v : null;
}

export function receiveSelectFix(site: FrameSource): FixCandidate | null {
  const stmt = statementAt(site.root, site.row);
  if (!stmt || stmt.startPosition.row !== stmt.endPosition.row) return null;
  let head: string;
  let moved: Node[] = [];
  if (stmt.type === 'expression_statement' && singleReceive(stmt.firstNamedChild)) head = stmt.text;
  else if (stmt.type === 'assignment_statement' && singleReceive(stmt.childForFieldName('right'))) head = stmt.text;
  else if (stmt.type === 'short_var_declaration' && singleReceive(stmt.childForFieldName('right'))) {
    head = stmt.text;
    moved = followingStatements(stmt);
  } else return null;
  return waitInSelect(site, stmt, head, moved, 'receive-select-ctx', (ctx) => {
    const ch = singleReceive(
      stmt.type === 'expression_statement' ? stmt.firstNamedChild : stmt.childForFieldName('right'),
    )?.childForFieldName('operand')?.text;
    return `Receive from \`${ch}\` in a select that returns on \`${ctx}.Done()\``;
  });
}

export function sleepSelectFix(site: FrameSource): FixCandidate | null {
  const stmt = statementAt(site.root, site.row);
  const call = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : null;
  if (!stmt || call?.type !== 'call_expression' || stmt.startPosition.row !== stmt.endPosition.row) return null;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Sleep') return null;
  const pkg = fn.childForFieldName('operand')?.text;
  const d = children(call.childForFieldName('arguments'));
  if (pkg !== 'time' || d.length !== 1) return null;
  return waitInSelect(
    site,
    stmt,
    `<-time.After(${d[0]!.text})`,
    [],
    'sleep-select-ctx',
    (ctx) => `Sleep in a select that returns on \`${ctx}.Done()\``,
  );
}

/** Replaces `stmt` (and the `moved` statements after it) by a select on it and the request's end. */
function waitInSelect(
  site: FrameSource,
  stmt: Node,
  head: string,
  moved: readonly Node[],
  kind: 'receive-select-ctx' | 'sleep-select-ctx',
  title: (ctx: string) => string,
): FixCandidate | null {
  const scope = enclosingFunctions(site.root, site.row);
  const ctx = requestContext(scope, site.text);
  if (!ctx || !scope[0]) return null;
  const exit = exitStatement(scope[0], ctx.expr, site.root);
  const ind = indentAt(site.text, stmt.startIndex);
  let end = stmt.endIndex;
  let body = '';
  if (moved.length > 0) {
    const last = moved[moved.length - 1]!;
    // Re-indenting a multi-line raw string would change its value.
    if (
      moved.some((m) =>
        m.descendantsOfType('raw_string_literal').some((s) => s.startPosition.row !== s.endPosition.row),
      )
    )
      return null;
    const lineEnd = site.text.indexOf('\n', last.endIndex);
    end = lineEnd < 0 ? site.text.length : lineEnd;
    const from = site.text.lastIndexOf('\n', moved[0]!.startIndex) + 1;
    body = '\n' + indentLines(site.text.slice(from, end));
  }
  const text = `select {\n${ind}case ${head}:${body}\n${ind}case <-${ctx.expr}.Done():\n${ind}\t${exit}\n${ind}}`;
  return candidate(kind, title(ctx.expr), site.path, [...ctx.edits, { start: stmt.startIndex, end, text }]);
}
