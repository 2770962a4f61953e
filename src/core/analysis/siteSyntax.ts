// What the statement at a blocking line and the functions around it say (select cases, receive,
// send, lock, Wait, Sleep, calls), read once per source line and shared by every group parked there.
import type { Node } from 'web-tree-sitter';
import type { SourceLookup } from '../source/sourceLookup';
import { callArgumentAt, callsAt, enclosingFunctions, escapeRe, methodReceiverAt } from '../source/goSyntax';
import { receiveAt, selectAt, selectCases, sendAt, type SelectCase } from '../source/goSelect';
import { lockAt } from '../source/goLocks';
import { localGoroutineSkipsDone } from '../source/goWaitGroups';
import { durationLowerBoundMs } from '../source/goDurations';
import { perLookup } from './perLookup';

/** What the statement at a row and the functions around it say, whichever goroutine waits there. */
export interface SiteSyntax {
  readonly scope: Node[];
  readonly select: Node | null;
  readonly cases: SelectCase[] | null;
  readonly receive: ReturnType<typeof receiveAt>;
  readonly sendChannel: string | null;
  readonly lockCall: ReturnType<typeof lockAt>;
  readonly waitGroup: { name: string; skipsDone: boolean } | null;
  readonly cond: { name: string; signalledInFile: boolean } | null;
  readonly sleep: { durationMs: number | null; text: string } | null;
  readonly calls: readonly string[];
  readonly requestHasContext: boolean | null;
  readonly setsDeadline: boolean;
}

/**
 * Per analysis (one SourceLookup each) and source line: a large dump has thousands of groups
 * parked on the same few lines (one per distinct stack above them), and these queries of the
 * parsed file depend on the line alone. Read once per line, shared (read-only) by its groups.
 */
const syntaxCache = new WeakMap<SourceLookup, Map<string, SiteSyntax>>();

export function siteSyntax(lookup: SourceLookup, path: string, root: Node, row: number): SiteSyntax {
  const byLine = perLookup(syntaxCache, lookup, () => new Map());
  const key = `${path}\n${row}`;
  const known = byLine.get(key);
  if (known) return known;
  const scope = enclosingFunctions(root, row);
  const select = selectAt(root, row);
  const scopeText = scope.map((f) => f.text).join('\n');
  const wgName = methodReceiverAt(root, row, 'Wait');
  const sleepArg = callArgumentAt(root, row, 'time.Sleep');
  const syntax: SiteSyntax = {
    scope,
    select,
    cases: select ? selectCases(select, scope) : null,
    receive: select ? null : receiveAt(root, row, scope),
    sendChannel: select ? null : sendAt(root, row),
    lockCall: lockAt(root, row),
    waitGroup:
      wgName !== null && scope[0] ? { name: wgName, skipsDone: localGoroutineSkipsDone(scope[0], wgName) } : null,
    cond:
      wgName !== null
        ? {
            name: wgName,
            signalledInFile: new RegExp(`${escapeRe(lastElement(wgName))}\\.(Signal|Broadcast)\\(`).test(root.text),
          }
        : null,
    sleep: sleepArg ? { durationMs: durationLowerBoundMs(sleepArg), text: sleepArg.text } : null,
    calls: callsAt(root, row),
    requestHasContext: /NewRequestWithContext\(|\.WithContext\(/.test(scopeText)
      ? true
      : /http\.NewRequest\(/.test(scopeText)
        ? false
        : null,
    setsDeadline: /\.Set(Read)?Deadline\(|DialTimeout\(|net\.Dialer\{[^}]*Timeout/.test(scopeText),
  };
  byLine.set(key, syntax);
  return syntax;
}

function lastElement(expr: string): string {
  const i = expr.lastIndexOf('.');
  return i < 0 ? expr : expr.slice(i + 1);
}
