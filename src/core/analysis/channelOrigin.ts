// Where a channel a goroutine waits on was made (in its closure's creator, or in the function whose
// go statement passed it), whether it is buffered, and whether the creator may still signal it.
import type { Node } from 'web-tree-sitter';
import type { GoroutineGroup } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import { enclosingFunctions, goStatementArgs, parameterNames, sameNode } from '../source/goSyntax';
import { channelEscapes, closesOrSends, findLocalChannel } from '../source/goChannels';
import { isStdlibFunction } from '../go/functionNames';

export interface ChannelOrigin {
  /** `make(chan T)` without capacity (or capacity 0). */
  readonly unbuffered: boolean | null;
  /** Made by the function that started this goroutine (the closure's enclosing function). */
  readonly madeByCreator: boolean;
  /** The creator's body closes or sends on it somewhere (someone might still wake the goroutine). */
  readonly creatorSignals: boolean;
  /** The creator hands it to someone else too (a field, a return value, another call): others may still use it. */
  readonly escapes: boolean;
  readonly line: number;
}

export interface OriginContext {
  /** Functions enclosing the blocking line, innermost first. */
  readonly scope: readonly Node[];
  /** For a closure goroutine: the function it is defined in (its creator). */
  readonly closureCreator: Node | null;
  /** For a named-function goroutine blocked in its own body: that function (its parameters came from the go statement). */
  readonly entryFn: Node | null;
  readonly creator: { readonly root: Node; readonly row: number } | null;
}

/** Where the channel `name` was made: in the goroutine's scope (a closure's captured local), or in the creator and passed by the go statement. */
export function originOf(name: string, o: OriginContext): ChannelOrigin | null {
  const local = findLocalChannel(o.scope, name);
  if (local) {
    const madeByCreator = o.closureCreator !== null && sameNode(local.declaredIn, o.closureCreator);
    return {
      unbuffered: local.buffered === null ? null : !local.buffered,
      madeByCreator,
      creatorSignals: madeByCreator ? closesOrSends(withoutLiteral(o.closureCreator!, o.scope[0]!), name) : false,
      escapes: channelEscapes(local.declaredIn, name, madeByCreator ? o.scope[0]! : null),
      line: local.line,
    };
  }
  if (o.entryFn === null || o.creator === null) return null;
  const idx = parameterNames(o.entryFn).indexOf(name);
  const args = goStatementArgs(o.creator.root, o.creator.row);
  const arg = idx >= 0 && args ? args[idx] : undefined;
  if (arg === undefined || !/^[A-Za-z_]\w*$/.test(arg)) return null;
  const creatorScope = enclosingFunctions(o.creator.root, o.creator.row);
  const made = findLocalChannel(creatorScope, arg);
  if (!made || !creatorScope[0]) return null;
  return {
    unbuffered: made.buffered === null ? null : !made.buffered,
    madeByCreator: sameNode(made.declaredIn, creatorScope[0]),
    creatorSignals: closesOrSends(creatorScope[0].text, arg),
    escapes: channelEscapes(made.declaredIn, arg, null),
    line: made.line,
  };
}

export async function creatorSite(
  group: GoroutineGroup,
  lookup: SourceLookup,
): Promise<{ root: Node; row: number } | null> {
  const c = group.createdBy;
  if (c === null || isStdlibFunction(c.function)) return null;
  const at = await lookup.at(c.file, c.line, c.function);
  return at === null ? null : { root: at.tree.rootNode, row: at.row };
}

/** The creator's text without the goroutine's own body (its sends do not wake itself). */
function withoutLiteral(creator: Node, literal: Node): string {
  const t = creator.text;
  const s = literal.startIndex - creator.startIndex;
  const e = literal.endIndex - creator.startIndex;
  return s >= 0 && e <= t.length ? t.slice(0, s) + t.slice(e) : t;
}
