// Whether the client of a request a handler goroutine serves is still connected, from the goroutines
// net/http keeps per connection. No source needed.
//
// HTTP/1 (net/http/server.go, (*conn).serve, the same in Go 1.19, 1.23 and 1.27): once a request's
// body is read to its end, or at once when it has none, net/http starts the connection's background
// reader (`go cr.backgroundRead()` in (*connReader).startBackgroundRead). When the client closes,
// that read fails, handleReadError cancels the request's context, and the reader ends. From Go 1.21
// the reader's header says `created by net/http.(*connReader).startBackgroundRead in goroutine N`, N
// being the goroutine that finished the body (the connection's own, which runs the handler, when
// the body was empty). So a parked handler goroutine:
//   - owning a live reader: its client is connected;
//   - owning none, while reading its request body: the reader was never started, nothing is known;
//   - owning none otherwise: its reader has ended, the client is gone and the context is cancelled,
//     so a handler still parked does not listen to it. (A handler that has not read its body yet
//     has no reader either: with the source, a body read after the blocking line says so.)
// Hijack aborts the reader too ((*conn).hijackLocked calls abortPendingRead): a handler reading the
// hijacked connection is left to the IO rules. Before Go 1.21 readers carry no parent id: only when
// there are no more readers than running handlers can none belong to a parked one.
//
// HTTP/2 (h2_bundle.go, net/http/internal/http2 from Go 1.27): handlers run on goroutines the
// connection's serve goroutine starts (runHandler); when the connection closes, serve returns and
// closeAllStreamsOnConnClose cancels every stream's context. A handler whose serve goroutine is
// gone has lost its client. A live serve goroutine says nothing: a reset stream is cancelled alone.
import type { GoroutineGroup, GoroutineSnapshot, Stack } from '../model/goroutine';
import { REQUEST_BODY_READ } from './stdlibPatterns';
import type { SnapshotIndex } from './snapshotIndex';

export type ClientState = 'connected' | 'gone' | 'unknown';

/** What the connection's goroutines say about the client of a handler goroutine. */
export interface ClientFacts {
  readonly state: ClientState;
  /** The evidence in words: "its connection's background reader has ended (client gone)". */
  readonly evidence: string;
}

/** The goroutines of one group that share a client state. */
export interface ClientPart {
  readonly ids: readonly number[];
  readonly facts: ClientFacts;
}

const READER_CREATOR = 'net/http.(*connReader).startBackgroundRead';
const HTTP1_SERVE = 'net/http.(*conn).serve';
const HTTP1_HANDLER = 'net/http.serverHandler.ServeHTTP';
const HTTP2_RUN_HANDLER =
  /^(net\/http|net\/http\/internal\/http2|golang\.org\/x\/net\/http2)\.\(\*(http2)?serverConn\)\.runHandler$/;
const HTTP2_SERVE =
  /^(net\/http|net\/http\/internal\/http2|golang\.org\/x\/net\/http2)\.\(\*(http2)?serverConn\)\.serve$/;
/** The server connection read without a request body frame above it: a hijacked connection. */
const CONN_READ = 'net/http.(*connReader).Read';

export interface RequestClients {
  /** The group's goroutines by client state, or null when the group is not a parked handler's own goroutine. */
  partsOf(g: GoroutineGroup): ClientPart[] | null;
}

export function requestClients(snapshot: GoroutineSnapshot, index: SnapshotIndex): RequestClients {
  const withParents = snapshot.groups.some((g) => g.parentIds.length > 0);
  const http1 = withParents ? http1ByParent(snapshot, index) : http1ByCount(snapshot);
  const http2Alive = snapshot.groups.some((g) => roleOf(g.stack) === 'http2-serve');
  return {
    partsOf(g) {
      if (!snapshot.hasIds || !parked(g)) return null;
      const role = roleOf(g.stack);
      if (role === 'http2-handler') return http2Parts(g, index, withParents, http2Alive);
      return role === 'http1-handler' ? http1(g) : null;
    },
  };
}

/**
 * What net/http makes of a stack: a handler's own goroutine (HTTP/1 or HTTP/2) not reading its
 * connection, an HTTP/2 connection's serve loop, or none of these. Stacks are interned and shared
 * by many groups: computed once per stack, with one pass over its frames that skips every frame
 * outside net/http.
 */
type Role = 'http1-handler' | 'http2-handler' | 'http2-serve' | null;
const roles = new WeakMap<Stack, Role>();

function roleOf(stack: Stack): Role {
  let role = roles.get(stack);
  if (role !== undefined) return role;
  let serve = false;
  let handler = false;
  let h2 = false;
  let h2serve = false;
  let reads = false;
  for (const f of stack.frames) {
    const fn = f.function;
    if (!fn.startsWith('net/http') && !fn.startsWith('golang.org/x/net/http2')) continue;
    if (fn === HTTP1_SERVE) serve = true;
    else if (fn === HTTP1_HANDLER) handler = true;
    else if (fn === CONN_READ || REQUEST_BODY_READ.test(fn)) reads = true;
    else if (HTTP2_RUN_HANDLER.test(fn)) h2 = true;
    else if (HTTP2_SERVE.test(fn)) h2serve = true;
  }
  role = reads ? null : h2 ? 'http2-handler' : serve && handler ? 'http1-handler' : h2serve ? 'http2-serve' : null;
  roles.set(stack, role);
  return role;
}

function parked(g: GoroutineGroup): boolean {
  return g.state !== null && g.state !== 'running' && g.state !== 'runnable' && g.state !== 'preempted';
}

const CONNECTED: ClientFacts = {
  state: 'connected',
  evidence: "its client is connected (the connection's background reader is still reading)",
};
const GONE: ClientFacts = {
  state: 'gone',
  evidence:
    "its client has gone: the connection's background reader has ended, so net/http has cancelled the request's context",
};

/** Go 1.21+: each reader names the goroutine that started it. */
function http1ByParent(snapshot: GoroutineSnapshot, index: SnapshotIndex): (g: GoroutineGroup) => ClientPart[] {
  const owners = new Set<number>();
  let unattributed = 0;
  for (const r of snapshot.groups) {
    if (r.createdBy?.function !== READER_CREATOR) continue;
    for (const p of r.parentIds) {
      const owner = handlerAncestor(p, index);
      if (owner === null) unattributed++;
      else owners.add(owner);
    }
  }
  // A reader started by a goroutine that has exited (one that read the body for the handler) cannot
  // be tied to its handler: then no handler without a reader can be said to have lost its client.
  const unknown: ClientFacts = {
    state: 'unknown',
    evidence: `no background reader of its own, but ${unattributed} reader(s) belong to no goroutine left`,
  };
  return (g) => {
    const connected = g.ids.filter((id) => owners.has(id));
    const rest = g.ids.filter((id) => !owners.has(id));
    const parts: ClientPart[] = [];
    if (connected.length > 0) parts.push({ ids: connected, facts: CONNECTED });
    if (rest.length > 0) parts.push({ ids: rest, facts: unattributed > 0 ? unknown : GONE });
    return parts;
  };
}

/**
 * The HTTP/1 handler goroutine a reader's parent belongs to: the parent itself when it serves a
 * connection, or the handler that started it (followed while each goroutine has one parent).
 */
function handlerAncestor(id: number, index: SnapshotIndex): number | null {
  const seen = new Set<number>();
  for (let at: number | undefined = id; at !== undefined && !seen.has(at);) {
    seen.add(at);
    const g = index.groupOf(at);
    if (g === undefined) return null;
    if (g.stack.frames.some((f) => f.function === HTTP1_SERVE)) return at;
    at = g.parentIds.length === 1 ? g.parentIds[0] : undefined;
  }
  return null;
}

/**
 * Go < 1.21: readers cannot be tied to handlers, only counted. Running handlers are served first
 * (a request without a body has its reader before its handler runs); when no reader is left over
 * for a parked handler, every parked handler has lost its client.
 */
function http1ByCount(snapshot: GoroutineSnapshot): (g: GoroutineGroup) => ClientPart[] {
  let readers = 0;
  let running = 0;
  for (const g of snapshot.groups) {
    if (g.createdBy?.function === READER_CREATOR) readers += g.count;
    else if (!parked(g) && g.stack.frames.some((f) => f.function === HTTP1_HANDLER)) running += g.count;
  }
  const facts: ClientFacts =
    readers <= running
      ? {
          state: 'gone',
          evidence: `its client has gone: the dump's ${readers} connection background reader(s) all belong to the ${running} running request(s), so this connection's reader has ended and net/http has cancelled the request's context`,
        }
      : {
          state: 'unknown',
          evidence: `Go before 1.21 does not say which of the ${readers} connection background readers is this request's`,
        };
  return (g) => [{ ids: g.ids, facts }];
}

function http2Parts(
  g: GoroutineGroup,
  index: SnapshotIndex,
  withParents: boolean,
  anyConnectionAlive: boolean,
): ClientPart[] {
  const gone: ClientFacts = {
    state: 'gone',
    evidence:
      "its HTTP/2 connection has closed (its serve goroutine has ended), so net/http has cancelled the stream's context",
  };
  const unknown: ClientFacts = {
    state: 'unknown',
    evidence: 'its HTTP/2 connection is open; a reset stream would be cancelled without a trace in the dump',
  };
  if (!withParents) return [{ ids: g.ids, facts: anyConnectionAlive ? unknown : gone }];
  // All goroutines of a group share one parent list; a part per parent state needs one parent each.
  const alive = g.parentIds.filter((p) => index.has(p)).length;
  if (alive === 0) return [{ ids: g.ids, facts: gone }];
  return [{ ids: g.ids, facts: unknown }];
}
