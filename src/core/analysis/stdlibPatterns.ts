// What the standard library's own goroutines and calls mean for leaks: which parked goroutines
// are healthy infrastructure, which calls go out without a context or deadline.
import type { Frame } from '../model/goroutine';

const has = (frames: readonly Frame[], fn: string): boolean => frames.some((f) => f.function === fn);

/**
 * A handler reading its request body: HTTP/1's body (and its 100-continue wrapper), HTTP/2's
 * request body as bundled into net/http (Go 1.26 and older), as net/http/internal/http2 (1.27+)
 * and as golang.org/x/net/http2.
 */
export const REQUEST_BODY_READ =
  /^net\/http\.\(\*(body|expectContinueReader|http2requestBody)\)\.Read$|^net\/http\/internal\/http2\.\(\*requestBody\)\.Read$|^golang\.org\/x\/net\/http2\.\(\*requestBody\)\.Read$/;

/** The HTTP/2 request-body frames of REQUEST_BODY_READ: the read waits on the stream's pipe (a sync.Cond), not the network. */
export const HTTP2_BODY_READ = /http2requestBody\)\.Read$|http2\.\(\*requestBody\)\.Read$/;

/**
 * An HTTP/2 connection's own loops (server serve and frame reader, client reader), under each of
 * the package paths the HTTP/2 code has had: they live exactly as long as their connection.
 */
const HTTP2_CONNECTION_LOOP =
  /^(net\/http\.\(\*http2serverConn\)|net\/http\/internal\/http2\.\(\*serverConn\)|golang\.org\/x\/net\/http2\.\(\*serverConn\))\.(serve|readFrames)$|^(net\/http\.\(\*http2ClientConn\)|net\/http\/internal\/http2\.\(\*ClientConn\)|golang\.org\/x\/net\/http2\.\(\*ClientConn\))\.readLoop$/;
const hasPrefix = (frames: readonly Frame[], p: string): boolean => frames.some((f) => f.function.startsWith(p));

export interface InfrastructureOptions {
  /** The goroutine serves a request: a `(*conn).serve` frame then runs a handler, not an idle keep-alive wait. */
  readonly servesRequest: boolean;
}

/** Parked infrastructure that is healthy by design, with the sentence that says why; null otherwise. */
export function healthyInfrastructure(frames: readonly Frame[], options: InfrastructureOptions): string | null {
  if (has(frames, 'net/http.(*connReader).backgroundRead'))
    return 'net/http connection reader waiting for the client (keep-alive)';
  if (frames.some((f) => /\.(\(\*[A-Za-z]*Listener\)\.Accept|\(\*netFD\)\.accept)$/.test(f.function)))
    return 'accept loop waiting for connections';
  if (has(frames, 'net/http.(*conn).serve') && !options.servesRequest)
    return 'idle keep-alive connection waiting for the next request';
  if (hasPrefix(frames, 'os/signal.')) return 'os/signal loop';
  if (
    hasPrefix(frames, 'database/sql.(*DB).connectionOpener') ||
    hasPrefix(frames, 'database/sql.(*DB).connectionCleaner')
  )
    return 'database/sql pool maintenance';
  if (frames.some((f) => HTTP2_CONNECTION_LOOP.test(f.function))) return 'HTTP/2 connection loop';
  if (
    hasPrefix(frames, 'context.') &&
    frames.findIndex((f) => f.function.startsWith('context.')) === firstNonRuntime(frames)
  )
    return 'context package watching a parent context';
  return null;
}

function firstNonRuntime(frames: readonly Frame[]): number {
  return frames.findIndex((f) => !f.function.startsWith('runtime.'));
}

/** net/http client connection goroutines: their fate is that of the call using the connection. */
export function clientConnectionLoop(frames: readonly Frame[]): 'readLoop' | 'writeLoop' | null {
  if (has(frames, 'net/http.(*persistConn).readLoop')) return 'readLoop';
  if (has(frames, 'net/http.(*persistConn).writeLoop')) return 'writeLoop';
  return null;
}

/** An outbound HTTP call waiting for its response (or connection). */
export function outboundHttpWait(frames: readonly Frame[]): boolean {
  return (
    has(frames, 'net/http.(*persistConn).roundTrip') ||
    has(frames, 'net/http.(*Transport).roundTrip') ||
    has(frames, 'net/http.(*Transport).getConn')
  );
}

export interface OutboundApi {
  /** The standard-library function the user code called, e.g. `net/http.Get`. */
  readonly api: string;
  /** `none`: no context can cancel it and no timeout bounds it; `no-context`: no context, a client timeout may exist; `unknown`. */
  readonly cancellation: 'none' | 'no-context' | 'unknown' | 'context';
  readonly fix: string;
}

const HTTP_PACKAGE_CALLS = /^net\/http\.(Get|Head|Post|PostForm)$/;
const HTTP_CLIENT_NO_CTX = /^net\/http\.\(\*Client\)\.(Get|Head|Post|PostForm)$/;
const SQL_NO_CTX = /^database\/sql\.\(\*(DB|Conn|Tx|Stmt)\)\.(Query|QueryRow|Exec|Prepare|Begin|Ping)$/;
const SQL_CTX =
  /^database\/sql\.\(\*(DB|Conn|Tx|Stmt)\)\.(QueryContext|QueryRowContext|ExecContext|PrepareContext|BeginTx|PingContext)$/;

/** The outbound call the innermost user frame made, read from the frame it called. */
export function outboundApi(frames: readonly Frame[], userFrame: number | null): OutboundApi | null {
  if (userFrame === null || userFrame === 0) return null;
  const callee = frames[userFrame - 1]!.function;
  if (HTTP_PACKAGE_CALLS.test(callee)) {
    return {
      api: callee,
      cancellation: 'none',
      fix: 'build the request with `http.NewRequestWithContext(r.Context(), …)` and use a client with a Timeout',
    };
  }
  if (HTTP_CLIENT_NO_CTX.test(callee)) {
    return {
      api: callee,
      cancellation: 'no-context',
      fix: 'use `http.NewRequestWithContext(r.Context(), …)` with `client.Do`, and set `Client.Timeout`',
    };
  }
  if (callee === 'net/http.(*Client).Do') {
    return {
      api: callee,
      cancellation: 'unknown',
      fix: 'create the request with `http.NewRequestWithContext(r.Context(), …)` and set `Client.Timeout`',
    };
  }
  if (SQL_NO_CTX.test(callee)) {
    const m = SQL_NO_CTX.exec(callee)!;
    const withCtx = m[2] === 'Begin' ? 'BeginTx' : `${m[2]}Context`;
    return { api: callee, cancellation: 'none', fix: `call \`${withCtx}(r.Context(), …)\` instead of \`${m[2]}\`` };
  }
  if (SQL_CTX.test(callee)) return { api: callee, cancellation: 'context', fix: '' };
  return null;
}
