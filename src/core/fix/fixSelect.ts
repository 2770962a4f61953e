// A `select` that waits for a request but not for its end gets `case <-ctx.Done(): return` (with
// ctx.Err() where the function returns an error). net/http cancels the request's context when the
// client goes away or ServeHTTP returns, so the goroutine then leaves the select.
import type { Node } from 'web-tree-sitter';
import { selectAt, selectCases } from '../source/goSelect';
import { enclosingFunctions } from '../source/goSyntax';
import { candidate, type FixCandidate } from './fixCandidate';
import type { OffsetEdit } from './fixModel';
import type { FrameSource } from './fixSources';
import { exitStatement, requestContext } from './fixSyntax';
import { indentAt, lineStartOf } from './editText';

/** The edits adding a ctx.Done case to the select at the site, and the case's text; null when unsound. */
export function selectCtxDoneEdits(
  site: FrameSource,
  select: Node,
): { edits: OffsetEdit[]; ctx: string; exit: string } | null {
  const scope = enclosingFunctions(site.root, select.startPosition.row);
  const cases = selectCases(select, scope);
  if (cases.some((c) => c.kind === 'default' || c.kind === 'context-done')) return null;
  const close = select.lastChild;
  if (close?.type !== '}') return null;
  const closeLine = lineStartOf(site.text, close.startIndex);
  // The closing brace must sit on its own line (a one-line select is not gofmt's shape).
  if (site.text.slice(closeLine, close.startIndex).trim() !== '') return null;
  const ctx = requestContext(scope, site.text);
  if (!ctx || !scope[0]) return null;
  const exit = exitStatement(scope[0], ctx.expr, site.root);
  const ind = indentAt(site.text, select.startIndex);
  const insert = `${ind}case <-${ctx.expr}.Done():\n${ind}\t${exit}\n`;
  return { edits: [...ctx.edits, { start: closeLine, end: closeLine, text: insert }], ctx: ctx.expr, exit };
}

export function selectCtxDoneFix(site: FrameSource): FixCandidate | null {
  const select = selectAt(site.root, site.row);
  if (!select) return null;
  const e = selectCtxDoneEdits(site, select);
  if (!e) return null;
  return candidate('select-ctx-done', `Add \`case <-${e.ctx}.Done(): ${e.exit}\` to the select`, site.path, e.edits);
}
