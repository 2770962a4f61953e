// A ticker loop started for a request that nothing stops. A ticker's channel never closes, so the
// loop ends only through another case: close the stop channel its creator made when the creator
// returns, or (with no way out at all) add `case <-ctx.Done(): return`. A `time.NewTicker` whose
// ticker is never stopped also gets `defer t.Stop()` (before Go 1.23 an unstopped ticker is never
// collected).
import type { Node } from 'web-tree-sitter';
import { channelMakeSite, closesOrSends } from '../source/goChannels';
import { selectAt, selectCases } from '../source/goSelect';
import { enclosingFunctions, goStatementArgs, innermostFunction, parameterNames, sameNode } from '../source/goSyntax';
import type { FixCandidate, FixInput } from './fixCandidate';
import type { OffsetEdit } from './fixModel';
import type { FrameSource } from './fixSources';
import { children } from './fixSyntax';
import { selectCtxDoneEdits } from './fixSelect';
import { indentAt, nextLineStart } from './editText';

/** `defer t.Stop()` after each `t := time.NewTicker(…)` in the functions that never stop it. */
export function tickerStopEdits(site: FrameSource, scope: readonly Node[]): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  for (const fn of scope) {
    for (const decl of fn.descendantsOfType('short_var_declaration')) {
      if (!sameNode(innermostFunction(decl), fn)) continue;
      const left = children(decl.childForFieldName('left'));
      const right = children(decl.childForFieldName('right'));
      if (left.length !== 1 || right[0]?.childForFieldName('function')?.text !== 'time.NewTicker') continue;
      const t = left[0]!.text;
      if (new RegExp(`\\b${t}\\.Stop\\(`).test(fn.text)) continue;
      const at = nextLineStart(site.text, decl.endIndex);
      edits.push({ start: at, end: at, text: `${indentAt(site.text, decl.startIndex)}defer ${t}.Stop()\n` });
    }
  }
  return edits;
}

export async function tickerFix(input: FixInput): Promise<FixCandidate | null> {
  const { site } = input;
  const select = selectAt(site.root, site.row);
  if (!select) return null;
  const scope = enclosingFunctions(site.root, site.row);
  const stops = tickerStopEdits(site, scope);
  const cancel = selectCases(select, scope).filter((c) => c.kind === 'cancel-channel' && c.channel !== null);
  for (const c of cancel) {
    const close = await closeStopChannel(input, c.channel!, scope);
    if (close)
      return {
        kind: 'close-stop-channel',
        title: close.title,
        files: mergeFiles(close.path, close.edits, site.path, stops),
      };
  }
  if (cancel.length > 0) return null;
  const e = selectCtxDoneEdits(site, select);
  if (!e) return null;
  return {
    kind: 'ticker-stop',
    title: `Return on \`${e.ctx}.Done()\`${stops.length ? ' and stop the ticker' : ''}`,
    files: [{ path: site.path, edits: [...e.edits, ...stops] }],
  };
}

function mergeFiles(a: string, ae: readonly OffsetEdit[], b: string, be: readonly OffsetEdit[]) {
  return a === b
    ? [{ path: a, edits: [...ae, ...be] }]
    : [{ path: a, edits: ae }, ...(be.length ? [{ path: b, edits: be }] : [])];
}

/**
 * `defer close(stop)` where the request's function makes the stop channel the loop waits on: in a
 * closure's enclosing function, or (for `go w.loop(…, stop)`) in the function of the go statement.
 */
async function closeStopChannel(
  input: FixInput,
  channel: string,
  scope: readonly Node[],
): Promise<{ path: string; edits: OffsetEdit[]; title: string } | null> {
  if (!/^\w+$/.test(channel)) return null;
  let made = channelMakeSite(scope, channel);
  let src: FrameSource = input.site;
  if (!made) {
    // A parameter of the loop's function: follow the go statement that passed it.
    const params = scope[0] ? parameterNames(scope[0]) : [];
    const idx = params.indexOf(channel);
    const cb = input.group.group.createdBy;
    if (idx < 0 || !cb) return null;
    const creator = await input.sources.frame(cb.file, cb.line, cb.function);
    const arg = creator ? goStatementArgs(creator.root, creator.row)?.[idx] : undefined;
    if (!creator || !arg || !/^\w+$/.test(arg)) return null;
    made = channelMakeSite(enclosingFunctions(creator.root, creator.row), arg);
    src = creator;
    channel = arg;
  }
  if (!made) return null;
  const body = made.fn.childForFieldName('body');
  // A channel closed or signalled on some path already would be closed twice (a panic).
  if (!body || closesOrSends(body.text, channel)) return null;
  const stmt = made.decl.type === 'var_spec' ? made.decl.parent : made.decl;
  if (!stmt || stmt.startPosition.row !== stmt.endPosition.row) return null;
  const at = nextLineStart(src.text, stmt.endIndex);
  const name = made.fn.childForFieldName('name')?.text ?? 'its function';
  return {
    path: src.path,
    edits: [{ start: at, end: at, text: `${indentAt(src.text, stmt.startIndex)}defer close(${channel})\n` }],
    title: `Close \`${channel}\` when ${name} returns (\`defer close(${channel})\`), ending the loop`,
  };
}
