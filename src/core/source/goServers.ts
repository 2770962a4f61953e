// How an http.Server was built, read at the line that serves it: whether anything bounds reading a
// request's body. net/http/server.go ((*conn).readRequest, Go 1.19 to 1.27) bounds the headers by
// ReadHeaderTimeout (or ReadTimeout when that is zero) and then sets the connection's read deadline
// to the request's start plus ReadTimeout, or to none when ReadTimeout is zero: ReadHeaderTimeout
// alone leaves the body unbounded. http.ListenAndServe, http.Serve and their TLS forms serve a zero
// http.Server, which has no timeouts at all.
import type { Node } from 'web-tree-sitter';
import { assignmentsBefore } from './goContext';

export interface ServerTimeouts {
  /** `none`: nothing bounds the body read; `set`: ReadTimeout is set; `unknown`: the server's construction was not found. */
  readonly readTimeout: 'none' | 'set' | 'unknown';
  /** What was read, in words: "http.Serve serves a zero http.Server", "&http.Server{…} sets no ReadTimeout". */
  readonly how: string;
  /** 1-based line of the construction (or of the serving call for the package functions). */
  readonly line: number;
}

const PACKAGE_SERVE = /^http\.(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$/;
const METHOD_SERVE = /^(Serve|ServeTLS|ListenAndServe|ListenAndServeTLS)$/;

/** The server served by the call on `row` of `fn` (`srv.Serve(ln)`, `http.ListenAndServe(addr, h)`). */
export function servedServer(root: Node, fn: Node, row: number): ServerTimeouts | null {
  for (const call of root.descendantsOfType('call_expression', { row, column: 0 }, { row, column: 1 << 20 })) {
    if (call.startPosition.row !== row) continue;
    const callee = call.childForFieldName('function');
    const text = callee?.text ?? '';
    if (PACKAGE_SERVE.test(text)) {
      return { readTimeout: 'none', how: `${text} serves a zero http.Server, which has no ReadTimeout`, line: row + 1 };
    }
    if (callee?.type !== 'selector_expression' || !METHOD_SERVE.test(callee.childForFieldName('field')?.text ?? '')) {
      continue;
    }
    const recv = callee.childForFieldName('operand');
    if (recv?.type !== 'identifier')
      return { readTimeout: 'unknown', how: `${text}: the server is not built here`, line: row + 1 };
    return builtServer(fn, recv.text, row);
  }
  return null;
}

/** `srv := &http.Server{…}` (or `http.Server{…}`, `var srv = …`) in `fn` before `row`, and later `srv.ReadTimeout = …`. */
function builtServer(fn: Node, name: string, row: number): ServerTimeouts {
  const values = assignmentsBefore(fn, name, row);
  const lit = values.length === 1 ? serverLiteral(values[0]!) : null;
  if (lit === null) return { readTimeout: 'unknown', how: `${name} is not built in this function`, line: row + 1 };
  const line = lit.startPosition.row + 1;
  const assigned = fn
    .descendantsOfType('assignment_statement')
    .some((a) => a.startPosition.row < row && a.childForFieldName('left')?.text === `${name}.ReadTimeout`);
  const field = lit
    .descendantsOfType('keyed_element')
    .find((kv) => kv.childForFieldName('key')?.text === 'ReadTimeout');
  const value = field?.childForFieldName('value')?.text;
  if (assigned || (value !== undefined && value !== '0')) {
    return { readTimeout: 'set', how: `the http.Server built at line ${line} sets ReadTimeout`, line };
  }
  const header = lit
    .descendantsOfType('keyed_element')
    .some((kv) => kv.childForFieldName('key')?.text === 'ReadHeaderTimeout');
  return {
    readTimeout: 'none',
    how: `the http.Server built at line ${line} sets no ReadTimeout${header ? ' (ReadHeaderTimeout bounds only the headers)' : ''}`,
    line,
  };
}

function serverLiteral(v: Node): Node | null {
  const lit = v.type === 'unary_expression' ? v.childForFieldName('operand') : v;
  if (lit?.type !== 'composite_literal') return null;
  return lit.childForFieldName('type')?.text === 'http.Server' ? lit : null;
}
