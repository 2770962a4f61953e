// An outbound HTTP call with no deadline (http.Get, http.DefaultClient, a request built without a
// context): the request is built with http.NewRequestWithContext and the request's context, so
// net/http's transport abandons the call (and closes its connection) when the client goes away.
import { enclosingFunctions, innermostFunction, sameNode } from '../source/goSyntax';
import { candidate, type FixCandidate } from './fixCandidate';
import type { FrameSource } from './fixSources';
import { children, compactExpression, namesIn, requestContext, statementAt } from './fixSyntax';
import { indentAt } from './editText';
import { importedName } from './goImports';

const SHORTHANDS: Record<string, { method: string; body: boolean }> = {
  Get: { method: 'MethodGet', body: false },
  Head: { method: 'MethodHead', body: false },
  Post: { method: 'MethodPost', body: true },
};

export function outboundContextFix(site: FrameSource): FixCandidate | null {
  return newRequestFix(site) ?? shorthandFix(site);
}

/** `client.Do(req)` where `req` came from `http.NewRequest(…)`: add the context to that call. */
function newRequestFix(site: FrameSource): FixCandidate | null {
  const scope = enclosingFunctions(site.root, site.row);
  const fn = scope[0];
  if (!fn) return null;
  const doCall = site.root
    .descendantsOfType('call_expression', { row: site.row, column: 0 }, { row: site.row, column: 1 << 20 })
    .find((c) => c.startPosition.row === site.row && c.childForFieldName('function')?.text.endsWith('.Do'));
  const reqArg = children(doCall?.childForFieldName('arguments') ?? null)[0];
  if (!reqArg || reqArg.type !== 'identifier') return null;
  for (const decl of fn.descendantsOfType(['short_var_declaration', 'assignment_statement'])) {
    if (!sameNode(innermostFunction(decl), fn) || decl.startIndex > doCall!.startIndex) continue;
    const left = children(decl.childForFieldName('left'));
    const right = children(decl.childForFieldName('right'));
    if (left[0]?.text !== reqArg.text || right.length !== 1) continue;
    const call = right[0]!;
    const callee = call.childForFieldName('function');
    if (call.type !== 'call_expression' || callee?.type !== 'selector_expression') continue;
    if (callee.childForFieldName('field')?.text !== 'NewRequest') continue;
    const args = call.childForFieldName('arguments');
    if (!args) return null;
    const ctx = requestContext(scope, site.text);
    if (!ctx) return null;
    const field = callee.childForFieldName('field')!;
    return candidate(
      'outbound-request-context',
      `Build the request with http.NewRequestWithContext(${ctx.expr}, …)`,
      site.path,
      [
        ...ctx.edits,
        { start: field.startIndex, end: field.endIndex, text: 'NewRequestWithContext' },
        { start: args.startIndex + 1, end: args.startIndex + 1, text: `${ctx.expr}, ` },
      ],
    );
  }
  return null;
}

/**
 * `resp, err := http.Get(u)` followed by `if err != nil {…}`: build the request with the context
 * (handling its error with a copy of that block) and send it with the same client.
 */
function shorthandFix(site: FrameSource): FixCandidate | null {
  const stmt = statementAt(site.root, site.row);
  if (stmt?.type !== 'short_var_declaration' || stmt.startPosition.row !== stmt.endPosition.row) return null;
  const left = children(stmt.childForFieldName('left'));
  const right = children(stmt.childForFieldName('right'));
  const call = right.length === 1 ? right[0]! : null;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (left.length !== 2 || callee?.type !== 'selector_expression') return null;
  const method = SHORTHANDS[callee.childForFieldName('field')?.text ?? ''];
  const operand = callee.childForFieldName('operand');
  if (!method || !operand) return null;
  // `http.Get` (package function) or `client.Get` / `http.DefaultClient.Get` (method).
  const http = operand.type === 'identifier' && operand.text === 'http';
  const client = http ? 'http.DefaultClient' : operand.text;
  if (!http && !/^[\w.]+$/.test(client)) return null;
  const args = children(call!.childForFieldName('arguments'));
  if (args.length !== (method.body ? 3 : 1)) return null;
  const [resp, errVar] = [left[0]!.text, left[1]!.text];
  const scope = enclosingFunctions(site.root, site.row);
  const fn = scope[0];
  if (!fn) return null;
  // `resp` must be new here, or the rewritten `:=` would declare nothing (and not compile).
  const before = site.text.slice(fn.startIndex, stmt.startIndex);
  if (new RegExp(`\\b${resp}\\b`).test(before)) return null;
  const check = stmt.nextNamedSibling;
  if (
    check?.type !== 'if_statement' ||
    check.childForFieldName('condition')?.text.replace(/\s/g, '') !== `${errVar}!=nil`
  )
    return null;
  const names = namesIn(fn);
  const req = ['req', 'outReq', 'upstreamReq'].find((n) => !names.has(n));
  const ctx = requestContext(scope, site.text);
  if (!req || !ctx) return null;
  if (importedName(site.root, 'net/http') !== 'http') return null;
  const ind = indentAt(site.text, stmt.startIndex);
  const [url, contentType, body] = [
    compactExpression(args[0]!),
    args[1]?.text,
    args[2] ? compactExpression(args[2]) : undefined,
  ];
  // The copied `if err != nil {…}` keeps its own lines: the first takes the statement's
  // indentation, the others carry theirs already.
  const block = check.text.split('\n');
  const text = [
    `${req}, ${errVar} := http.NewRequestWithContext(${ctx.expr}, http.${method.method}, ${url}, ${method.body ? body : 'nil'})`,
    `${ind}${block[0]}`,
    ...block.slice(1),
    ...(method.body ? [`${ind}${req}.Header.Set("Content-Type", ${contentType})`] : []),
    `${ind}${resp}, ${errVar} := ${client}.Do(${req})`,
  ].join('\n');
  return candidate(
    'outbound-request-context',
    `Send the request with http.NewRequestWithContext(${ctx.expr}, …) and ${client}.Do`,
    site.path,
    [...ctx.edits, { start: stmt.startIndex, end: stmt.endIndex, text }],
  );
}
