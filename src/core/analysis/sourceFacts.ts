// What the Go source says at the line where a group waits: the select's cases, the channel and
// where it was made, the calls on that line, the lock taken and who holds it, whether the
// goroutine's creator is an HTTP handler. Only facts: the rules in leakRules.ts decide.
import type { Node } from 'web-tree-sitter';
import type { Frame, GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import type { WaitSite } from './waitClassification';
import type { WaitCategory } from './verdict';
import {
  callArgumentAt,
  callsAt,
  enclosingFunctions,
  goStatementArgs,
  hasHttpHandlerSignature,
  methodReceiverAt,
  parameterNames,
  sameNode,
} from '../source/goSyntax';
import { receiveAt, selectAt, selectCases, sendAt, type CaseKind, type SelectCase } from '../source/goSelect';
import { channelEscapes, closesOrSends, findLocalChannel } from '../source/goChannels';
import { holdsLockAt, lockAt, skipsDone } from '../source/goLocks';
import { durationLowerBoundMs } from '../source/goDurations';
import { isStdlibFunction } from '../go/functionNames';
import { channelProducer, pipeProducer, type ProducerFacts, type ProducerSite } from './producers';
import { contextProvenance, type ContextFacts } from './contextProvenance';
import { servedServer, type ServerTimeouts } from '../source/goServers';
import { parameters } from '../source/goSyntax';
import { declaredTypeOf } from '../source/goTypes';
import { goroutinesSkippingDone } from '../source/goWaitGroups';
import { baseName } from '../go/filePaths';

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

export interface LockHolder {
  readonly group: GoroutineGroup;
  readonly frame: Frame;
}

export interface SourceFacts {
  /** `found`: the blocking line was read; otherwise why not. */
  readonly status: 'found' | 'no-source' | 'not-found' | 'no-user-frame';
  /** File under the source roots and 1-based line of the blocking frame. */
  readonly path: string | null;
  readonly line: number | null;
  readonly selectCases: readonly SelectCase[] | null;
  readonly receive: {
    readonly kind: CaseKind;
    readonly channel: string;
    readonly rangeLoop: boolean;
    readonly durationMs: number | null;
  } | null;
  readonly sendChannel: string | null;
  readonly channelOrigin: ChannelOrigin | null;
  /** Callees of the calls on the blocking line: `http.Get`, `client.Do`. */
  readonly calls: readonly string[];
  /** The enclosing function builds its request with a context (`NewRequestWithContext`, `WithContext`); null when it builds none. */
  readonly requestHasContext: boolean | null;
  readonly lock: { readonly mutex: string; readonly name: string; readonly holders: readonly LockHolder[] } | null;
  /** The function containing the `go` statement that started this goroutine has an HTTP handler signature. */
  readonly creatorIsHttpHandler: boolean;
  /** For ticker loops: cancel-channel cases whose channel the creator made but never closes nor sends on. */
  readonly unsignalledStopChannels: readonly string[];
  /** Channels received from at the blocking line (a receive, or a select's cases) that the goroutine's creator function made. */
  readonly creatorChannels: readonly string[];
  /** `wg.Wait()` on the blocking line, and whether a goroutine of the function can return before `wg.Done()`. */
  readonly waitGroup: { readonly name: string; readonly skipsDone: boolean } | null;
  /** `c.Wait()` on the blocking line, and whether the file ever signals or broadcasts on it. */
  readonly cond: { readonly name: string; readonly signalledInFile: boolean } | null;
  /** `time.Sleep(d)` on the blocking line, with a lower bound of d (unknown factors taken as 1). */
  readonly sleep: { readonly durationMs: number | null; readonly text: string } | null;
  /** The enclosing functions set a read deadline or dial with a timeout. */
  readonly setsDeadline: boolean;
  /**
   * The handler reads its request body only after the blocking line, or hijacked the connection
   * before it: net/http has not started (or has stopped) the connection's background reader, so
   * its absence says nothing about the client.
   */
  readonly readerNotStarted: boolean;
  /** For the channels received from at the blocking line (a receive, or a select's receive cases): who can still write to them. */
  readonly producers: readonly ProducerFacts[];
  /** For a goroutine reading an io.Pipe: who can still write to it or close it. */
  readonly pipeProducer: ProducerFacts | null;
  /** The context of the ctx-taking call the goroutine is parked in, followed to where it was made. */
  readonly context: ContextFacts | null;
  /**
   * A read deadline is set (`SetReadDeadline`/`SetDeadline`, on the connection or through
   * http.ResponseController) in a function on the stack: unlike a dial timeout, it bounds reads.
   */
  readonly setsReadDeadline: boolean;
  /** For a handler reading its request body: how the server serving it bounds that read. */
  readonly server: ServerTimeouts | null;
}

export const NO_SOURCE: SourceFacts = emptyFacts('no-source');

function emptyFacts(status: SourceFacts['status']): SourceFacts {
  return {
    status,
    path: null,
    line: null,
    selectCases: null,
    receive: null,
    sendChannel: null,
    channelOrigin: null,
    calls: [],
    requestHasContext: null,
    lock: null,
    creatorIsHttpHandler: false,
    unsignalledStopChannels: [],
    creatorChannels: [],
    waitGroup: null,
    cond: null,
    sleep: null,
    setsDeadline: false,
    readerNotStarted: false,
    producers: [],
    pipeProducer: null,
    context: null,
    setsReadDeadline: false,
    server: null,
  };
}

/** The cache of one analysis (one SourceLookup each): another source root never sees its entries. */
function perLookup<V>(caches: WeakMap<SourceLookup, V>, lookup: SourceLookup, make: () => NoInfer<V>): V {
  let c = caches.get(lookup);
  if (c === undefined) {
    c = make();
    caches.set(lookup, c);
  }
  return c;
}

/** What the statement at a row and the functions around it say, whichever goroutine waits there. */
interface SiteSyntax {
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

function siteSyntax(lookup: SourceLookup, path: string, root: Node, row: number): SiteSyntax {
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
    waitGroup: wgName !== null && scope[0] ? { name: wgName, skipsDone: skipsDone(scope[0], wgName) } : null,
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

export async function gatherSourceFacts(
  group: GoroutineGroup,
  site: WaitSite,
  lookup: SourceLookup,
  snapshot: GoroutineSnapshot,
): Promise<SourceFacts> {
  const creatorIsHttpHandler = await creatorHasHandlerSignature(group, lookup);
  if (site.userFrame === null) return { ...emptyFacts('no-user-frame'), creatorIsHttpHandler };
  // The innermost frame outside the standard library may be a third-party library the roots do not
  // hold: then the service's own frame that called into it is the line to read.
  const frames = group.stack.frames;
  let userIndex = site.userFrame;
  let at = await lookup.at(frames[userIndex]!.file, frames[userIndex]!.line, frames[userIndex]!.function);
  for (let i = userIndex + 1; at === null && i < frames.length; i++) {
    if (isStdlibFunction(frames[i]!.function)) continue;
    at = await lookup.at(frames[i]!.file, frames[i]!.line, frames[i]!.function);
    if (at !== null) userIndex = i;
  }
  if (at === null) return { ...emptyFacts('not-found'), creatorIsHttpHandler };
  const frame = frames[userIndex]!;
  const root = at.tree.rootNode;
  const syntax = siteSyntax(lookup, at.path, root, at.row);
  const { scope, cases, receive, sendChannel, lockCall, cond, sleep, calls } = syntax;
  const waitGroup = await fieldWaitGroup(syntax.waitGroup, { group, lookup, snapshot, path: at.path, scope });
  // The goroutine's own body is scope[0] when the blocking frame is its entry function; a closure's
  // creator is the next enclosing function.
  const isEntry = frames.slice(userIndex + 1).every((f) => f.function.startsWith('runtime.'));
  const creatorFn = isEntry && scope.length > 1 && scope[0]!.type === 'func_literal' ? scope[1]! : null;

  const creator = await creatorSite(group, lookup);
  const origins: OriginContext = {
    scope,
    closureCreator: creatorFn,
    entryFn: isEntry && scope[0] && scope[0].type !== 'func_literal' ? scope[0] : null,
    creator,
  };

  const channelName = sendChannel ?? (receive && receive.kind !== 'context-done' ? receive.channel : null);
  const channelOrigin = channelName !== null ? originOf(channelName, origins) : null;

  const unsignalledStopChannels: string[] = [];
  const creatorChannels: string[] = [];
  for (const c of cases ?? (receive ? [receive] : [])) {
    if ((c.kind !== 'cancel-channel' && c.kind !== 'channel') || c.channel === null) continue;
    const origin = originOf(c.channel, origins);
    if (!origin?.madeByCreator) continue;
    creatorChannels.push(c.channel);
    if (cases && c.kind === 'cancel-channel' && !origin.creatorSignals && !origin.escapes)
      unsignalledStopChannels.push(c.channel);
  }

  const lock = lockCall
    ? {
        mutex: lockCall.mutex,
        name: lockCall.name,
        holders: await findHolders(lockCall.name, packageDir(at.path), group, lookup, snapshot),
      }
    : null;
  const { requestHasContext, setsDeadline } = syntax;

  const producerSite: ProducerSite = { group, frame, path: at.path, root, row: at.row, scope, lookup, snapshot };
  const received = cases
    ? cases.filter((c) => c.kind === 'channel' || c.kind === 'cancel-channel').map((c) => c.channel)
    : receive && (receive.kind === 'channel' || receive.kind === 'cancel-channel')
      ? [receive.channel]
      : [];
  const producers: ProducerFacts[] = [];
  for (const ch of received) if (ch !== null) producers.push(await channelProducer(producerSite, ch));
  const readsPipe = frames.slice(0, userIndex).some((f) => f.function === 'io.(*pipe).read');

  return {
    status: 'found',
    path: at.path,
    line: frame.line,
    selectCases: cases,
    receive,
    sendChannel,
    channelOrigin,
    calls,
    requestHasContext,
    lock,
    creatorIsHttpHandler,
    unsignalledStopChannels,
    creatorChannels,
    waitGroup,
    cond,
    sleep,
    setsDeadline,
    readerNotStarted: await readerNotStartedAt(group, lookup),
    producers,
    pipeProducer: readsPipe ? await pipeProducer(producerSite) : null,
    context: await contextProvenance(group, site.userFrame, lookup),
    setsReadDeadline: await readDeadlineOnStack(group, lookup),
    server: frames.some((f) => f.function === 'net/http.(*body).Read') ? await serverOf(group, lookup, snapshot) : null,
  };
}

/**
 * A WaitGroup kept in a struct field (`g.wg.Wait()`) is counted by goroutines started anywhere in
 * its package: one that can end without Done (goWaitGroups.ts), none of which still runs (Go 1.21+:
 * none started by this goroutine), leaves this Wait blocked for good.
 */
async function fieldWaitGroup(
  wg: SiteSyntax['waitGroup'],
  at: {
    group: GoroutineGroup;
    lookup: SourceLookup;
    snapshot: GoroutineSnapshot;
    path: string;
    scope: readonly Node[];
  },
): Promise<SiteSyntax['waitGroup']> {
  const m = wg && !wg.skipsDone ? /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(wg.name) : null;
  if (!wg || !m || !at.scope[0]) return wg;
  const type = declaredTypeOf(m[1]!, at.scope[0]);
  if (type === null) return wg;
  const files = await at.lookup.packageOf(at.path);
  const skipping = goroutinesSkippingDone(
    files.map((f) => f.tree.rootNode),
    m[2]!,
    type,
  );
  if (skipping.length === 0) return wg;
  const mine = new Set(at.group.ids);
  for (const sk of skipping) {
    const file = baseName(files.find((f) => f.tree.rootNode.tree === sk.root.tree)?.path ?? '');
    const alive = at.snapshot.groups.some(
      (g) =>
        g.createdBy !== null &&
        baseName(g.createdBy.file) === file &&
        g.createdBy.line === sk.row + 1 &&
        (g.parentIds.length === 0 || g.parentIds.some((p) => mine.has(p))),
    );
    if (alive) return wg;
  }
  return { ...wg, skipsDone: true };
}

/** Uses of the request `r` that read its body. */
function bodyUse(r: string): RegExp {
  return new RegExp(
    `\\b${escapeRe(r)}\\.(Body\\b|(ParseForm|ParseMultipartForm|FormValue|PostFormValue|FormFile|MultipartReader)\\()`,
  );
}

/**
 * A function on the stack reads the request body only after the line it waits at (net/http starts
 * the connection's background reader once the body is consumed), or hijacked the connection before
 * it ((*conn).hijackLocked aborts the reader): the reader's absence says nothing about the client.
 */
async function readerNotStartedAt(group: GoroutineGroup, lookup: SourceLookup): Promise<boolean> {
  if (!group.stack.frames.some((f) => f.function === 'net/http.serverHandler.ServeHTTP')) return false;
  for (const f of group.stack.frames) {
    if (isStdlibFunction(f.function)) continue;
    const at = await lookup.at(f.file, f.line, f.function);
    const fn = at ? enclosingFunctions(at.tree.rootNode, at.row)[0] : undefined;
    const body = fn?.childForFieldName('body');
    if (!at || !fn || !body) continue;
    const req = parameters(fn).find((p) => /\*\s*http\.Request\b/.test(p.type));
    if (!req) continue;
    const use = bodyUse(req.name);
    const lines = body.text.split('\n');
    const split = at.row - body.startPosition.row;
    const before = lines.slice(0, split).join('\n');
    const after = lines.slice(split + 1).join('\n');
    if (/\.Hijack\(\)/.test(before)) return true;
    if (use.test(before)) return false;
    if (use.test(after)) return true;
  }
  return false;
}

/** Some function on the stack sets a read deadline: `conn.SetReadDeadline`, `SetDeadline`, `rc.SetReadDeadline`. */
/** Per analysis (one SourceLookup each) and frame (interned per parse): does its function set a deadline. */
const deadlineCache = new WeakMap<SourceLookup, WeakMap<Frame, Promise<boolean>>>();

async function readDeadlineOnStack(group: GoroutineGroup, lookup: SourceLookup): Promise<boolean> {
  const cache = perLookup(deadlineCache, lookup, () => new WeakMap());
  for (const f of group.stack.frames) {
    if (isStdlibFunction(f.function)) continue;
    let sets = cache.get(f);
    if (sets === undefined) {
      sets = frameSetsDeadline(f, lookup);
      cache.set(f, sets);
    }
    if (await sets) return true;
  }
  return false;
}

async function frameSetsDeadline(f: Frame, lookup: SourceLookup): Promise<boolean> {
  const at = await lookup.at(f.file, f.line, f.function);
  const fn = at ? enclosingFunctions(at.tree.rootNode, at.row)[0] : undefined;
  return fn !== undefined && /\.Set(Read)?Deadline\(/.test(fn.text);
}

/**
 * The http.Server serving a handler goroutine: its accept loop is its parent (Go 1.21+), or every
 * accept loop of the dump when they all say the same (older Go); read where the program serves it.
 */
async function serverOf(
  group: GoroutineGroup,
  lookup: SourceLookup,
  snapshot: GoroutineSnapshot,
): Promise<ServerTimeouts | null> {
  const loops = snapshot.groups.filter((g) => g.stack.frames.some((f) => f.function === 'net/http.(*Server).Serve'));
  const mine =
    group.parentIds.length > 0 ? loops.filter((l) => l.ids.some((id) => group.parentIds.includes(id))) : loops;
  const found: ServerTimeouts[] = [];
  for (const loop of mine) {
    const frames = loop.stack.frames;
    const serve = frames.findIndex((f) => f.function === 'net/http.(*Server).Serve');
    // `go http.Serve(ln, h)` runs the serve loop as the goroutine's own function: no frame of the
    // program calls it, and the go statement (its `created by` line) is the call to read.
    const caller =
      frames.slice(serve + 1).find((f) => !isStdlibFunction(f.function)) ??
      (loop.createdBy && !isStdlibFunction(loop.createdBy.function) ? loop.createdBy : undefined);
    const at = caller ? await lookup.at(caller.file, caller.line, caller.function) : null;
    const fn = at ? enclosingFunctions(at.tree.rootNode, at.row)[0] : undefined;
    const server = at && fn ? servedServer(at.tree.rootNode, fn, at.row) : null;
    if (server === null) return null;
    found.push(server);
  }
  if (found.length === 0) return null;
  if (found.every((s) => s.readTimeout === found[0]!.readTimeout)) return found[0]!;
  return { readTimeout: 'unknown', how: 'the servers of this dump are built differently', line: found[0]!.line };
}

interface OriginContext {
  /** Functions enclosing the blocking line, innermost first. */
  readonly scope: readonly Node[];
  /** For a closure goroutine: the function it is defined in (its creator). */
  readonly closureCreator: Node | null;
  /** For a named-function goroutine blocked in its own body: that function (its parameters came from the go statement). */
  readonly entryFn: Node | null;
  readonly creator: { readonly root: Node; readonly row: number } | null;
}

/** Where the channel `name` was made: in the goroutine's scope (a closure's captured local), or in the creator and passed by the go statement. */
function originOf(name: string, o: OriginContext): ChannelOrigin | null {
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

async function creatorSite(group: GoroutineGroup, lookup: SourceLookup): Promise<{ root: Node; row: number } | null> {
  const c = group.createdBy;
  if (c === null || isStdlibFunction(c.function)) return null;
  const at = await lookup.at(c.file, c.line, c.function);
  return at === null ? null : { root: at.tree.rootNode, row: at.row };
}

function lastElement(expr: string): string {
  const i = expr.lastIndexOf('.');
  return i < 0 ? expr : expr.slice(i + 1);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The creator's text without the goroutine's own body (its sends do not wake itself). */
function withoutLiteral(creator: Node, literal: Node): string {
  const t = creator.text;
  const s = literal.startIndex - creator.startIndex;
  const e = literal.endIndex - creator.startIndex;
  return s >= 0 && e <= t.length ? t.slice(0, s) + t.slice(e) : t;
}

async function creatorHasHandlerSignature(group: GoroutineGroup, lookup: SourceLookup): Promise<boolean> {
  const c = group.createdBy;
  if (c === null || isStdlibFunction(c.function)) return false;
  const at = await lookup.at(c.file, c.line, c.function);
  if (at === null) return false;
  const fn = enclosingFunctions(at.tree.rootNode, at.row)[0];
  return fn !== undefined && hasHttpHandlerSignature(fn);
}

/**
 * Goroutines that hold the lock named `name`: parked (not running) in a user frame of the waiter's
 * package (`dir`: a lock named `mu` in another package is another lock) whose function locked it
 * earlier and has not unlocked it since.
 */
async function findHolders(
  name: string,
  dir: string,
  waiters: GoroutineGroup,
  lookup: SourceLookup,
  snapshot: GoroutineSnapshot,
): Promise<LockHolder[]> {
  // Every group waiting on the same lock asks the same question: scan the snapshot once per name.
  const byName = perLookup(holderCache, lookup, () => new Map());
  const key = `${dir}\n${name}`;
  let all = byName.get(key);
  if (!all) {
    all = scanHolders(name, dir, lookup, snapshot);
    byName.set(key, all);
  }
  return (await all).filter((h) => h.group !== waiters);
}

function packageDir(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** Per analysis (one SourceLookup each), so another source root never sees stale holders. */
const holderCache = new WeakMap<SourceLookup, Map<string, Promise<LockHolder[]>>>();

async function scanHolders(
  name: string,
  dir: string,
  lookup: SourceLookup,
  snapshot: GoroutineSnapshot,
): Promise<LockHolder[]> {
  const holders: LockHolder[] = [];
  // Frames are interned per parse: each distinct one is read once, however many groups share it.
  const holds = new Map<Frame, boolean>();
  for (const g of snapshot.groups) {
    for (const f of g.stack.frames) {
      if (isStdlibFunction(f.function)) continue;
      let held = holds.get(f);
      if (held === undefined) {
        const at = await lookup.at(f.file, f.line, f.function);
        const fn =
          at === null || packageDir(at.path) !== dir ? undefined : enclosingFunctions(at.tree.rootNode, at.row)[0];
        held = fn !== undefined && at !== null && holdsLockAt(fn, at.row, name);
        holds.set(f, held);
      }
      if (held) {
        holders.push({ group: g, frame: f });
        break;
      }
    }
  }
  return holders;
}

/**
 * debug=1 and proto stacks hide the runtime's park frames, so a goroutine parked in a select looks
 * like any other frame; the statement at the line says what it waits on.
 */
export function refineWait(site: WaitSite, source: SourceFacts): WaitSite {
  if (site.wait !== 'other' || source.status !== 'found') return site;
  const wait: WaitCategory | null =
    source.selectCases !== null
      ? 'select'
      : source.sendChannel !== null
        ? 'chan-send'
        : source.receive !== null
          ? source.receive.kind === 'context-done'
            ? 'context'
            : 'chan-receive'
          : source.lock !== null
            ? 'mutex'
            : source.sleep !== null
              ? 'sleep'
              : null;
  return wait === null ? site : { ...site, wait };
}
