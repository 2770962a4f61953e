// `context.Background()` / `context.TODO()` handed to a ctx-taking call on a request's path: the
// call then outlives the request, since nothing cancels those contexts. The fix passes the
// request's context instead, on the first frame (innermost first) whose line makes such a call.
import type { Node } from 'web-tree-sitter';
import { enclosingFunctions, innermostFunction, sameNode } from '../source/goSyntax';
import { candidate, type FixCandidate, type FixInput } from './fixCandidate';
import type { FrameSource } from './fixSources';
import { children, requestContext } from './fixSyntax';

const DETACHED = /^context\.(Background|TODO)$/;

function detachedCalls(n: Node): Node[] {
  return n
    .descendantsOfType('call_expression')
    .filter(
      (c) =>
        DETACHED.test(c.childForFieldName('function')?.text ?? '') &&
        children(c.childForFieldName('arguments')).length === 0,
    );
}

/** The detached contexts a call on `row` passes: inline, or through a local it was derived into. */
function detachedAt(site: FrameSource): Node[] {
  const calls = site.root
    .descendantsOfType('call_expression', { row: site.row, column: 0 }, { row: site.row, column: 1 << 20 })
    .filter((c) => c.startPosition.row === site.row);
  const direct = calls.flatMap((c) => children(c.childForFieldName('arguments')).flatMap(detachedCallsIn));
  if (direct.length > 0) return dedupe(direct);
  const fn = enclosingFunctions(site.root, site.row)[0];
  if (!fn) return [];
  // `ctx, cancel := context.WithTimeout(context.Background(), d)` earlier, `db.QueryContext(ctx, …)` here.
  const locals = new Set(
    calls
      .flatMap((c) => children(c.childForFieldName('arguments')))
      .filter((a) => a.type === 'identifier')
      .map((a) => a.text),
  );
  const found: Node[] = [];
  for (const decl of fn.descendantsOfType(['short_var_declaration', 'assignment_statement'])) {
    if (!sameNode(innermostFunction(decl), fn) || decl.startPosition.row >= site.row) continue;
    const left = children(decl.childForFieldName('left')).map((l) => l.text);
    if (!left.some((l) => locals.has(l))) continue;
    found.push(...detachedCalls(decl.childForFieldName('right') ?? decl));
  }
  return dedupe(found);
}

function detachedCallsIn(arg: Node): Node[] {
  return arg.type === 'call_expression' && DETACHED.test(arg.childForFieldName('function')?.text ?? '')
    ? [arg]
    : detachedCalls(arg);
}

function dedupe(nodes: Node[]): Node[] {
  return nodes.filter((n, i) => nodes.findIndex((m) => sameNode(m, n)) === i);
}

export async function requestContextFix(input: FixInput): Promise<FixCandidate | null> {
  const frames = input.group.group.stack.frames;
  const first = input.group.verdict.blockingFrame ?? 0;
  for (let i = first; i < frames.length; i++) {
    const f = frames[i]!;
    const site = i === first ? input.site : await input.sources.frame(f.file, f.line, f.function);
    if (!site) continue;
    const detached = detachedAt(site);
    if (detached.length === 0) continue;
    const ctx = requestContext(enclosingFunctions(site.root, site.row), site.text);
    if (!ctx) return null;
    const what = [...new Set(detached.map((d) => d.text))].join(' and ');
    return candidate('request-context', `Pass the request's context (${ctx.expr}) instead of ${what}`, site.path, [
      ...ctx.edits,
      ...detached.map((d) => ({ start: d.startIndex, end: d.endIndex, text: ctx.expr })),
    ]);
  }
  return null;
}
