// What the Go source says at the line where a group waits: the select's cases, the channel and
// where it was made, the calls on that line, the lock taken and who holds it, whether the
// goroutine's creator is an HTTP handler. Only facts: the rules in leakRules.ts decide.
import type { GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import { REQUEST_BODY_READ } from './stdlibPatterns';
import type { SourceLookup } from '../source/sourceLookup';
import type { WaitSite } from './waitClassification';
import type { WaitCategory } from './verdict';
import type { CaseKind, SelectCase } from '../source/goSelect';
import type { ServerTimeouts } from '../source/goServers';
import { isStdlibFunction } from '../go/functionNames';
import { channelProducer, pipeProducer, type ProducerFacts, type ProducerSite } from './producers';
import { contextProvenance, type ContextFacts } from './contextProvenance';
import { siteSyntax } from './siteSyntax';
import { creatorSite, originOf, type ChannelOrigin, type OriginContext } from './channelOrigin';
import { findHolders, packageDir, type LockHolder } from './lockHolders';
import { creatorHasHandlerSignature, readDeadlineOnStack, readerNotStartedAt, serverOf } from './requestSourceFacts';
import { fieldWaitGroup } from './waitGroupFacts';

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
    server: frames.some((f) => REQUEST_BODY_READ.test(f.function)) ? await serverOf(group, lookup, snapshot) : null,
  };
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
