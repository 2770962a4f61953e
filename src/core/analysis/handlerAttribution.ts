// Which request handler a goroutine belongs to. In its own stack: the function a `ServeHTTP`
// chain (net/http's `(*conn).serve`, routers, middleware, `http.TimeoutHandler`'s goroutine)
// finally calls, or the function a configured RPC dispatch frame (gRPC-style) calls. Goroutines
// started on a handler's behalf are attributed afterwards, through their creators (see
// `creatorAttribution.ts`).
import type { Frame } from '../model/goroutine';
import { isStdlibFunction, packageOf } from '../go/functionNames';

/**
 * Default RPC dispatch frames: gRPC's server calls the generated `_Service_Method_Handler`, which
 * calls interceptors and then the service method.
 */
export const DEFAULT_HANDLER_PATTERNS: readonly string[] = [
  '^google\\.golang\\.org/grpc\\.\\(\\*Server\\)\\.process(Unary|Streaming)RPC$',
  '^google\\.golang\\.org/grpc\\.\\(\\*Server\\)\\.handleStream$',
];

/** Generated dispatch code and interceptor chains sit between an RPC server and the method. */
const RPC_WRAPPER = /(_Handler(\.func\d+)*$)|Interceptor|interceptor|\.chain[A-Z]/;

export interface HandlerMatcher {
  /** The handler in this stack (innermost frame first), or null. */
  find(frames: readonly Frame[]): string | null;
}

export function createHandlerMatcher(patterns: readonly string[] = DEFAULT_HANDLER_PATTERNS): HandlerMatcher {
  const dispatch = patterns.map((p) => {
    try {
      return new RegExp(p);
    } catch (err) {
      throw new Error(
        `handler pattern ${JSON.stringify(p)} is not a valid regular expression: ${(err as Error).message}`,
        { cause: err },
      );
    }
  });
  return { find: (frames) => httpHandler(frames) ?? rpcHandler(frames, dispatch) };
}

/**
 * The innermost `ServeHTTP`-like frame that calls code outside the standard library: what it calls
 * is the handler (so middleware and routers outside it are skipped). When the whole chain is the
 * standard library's (net/http/pprof), the innermost ServeHTTP frame is the handler.
 */
function httpHandler(frames: readonly Frame[]): string | null {
  let innermostServe = -1;
  for (let i = 1; i < frames.length; i++) {
    if (!isServeFrame(frames[i]!.function)) continue;
    if (innermostServe < 0) innermostServe = i;
    const callee = frames[i - 1]!.function;
    if (!isStdlibFunction(callee)) return callee;
  }
  if (innermostServe >= 0 && servedByNetHttp(frames)) return frames[innermostServe]!.function;
  return null;
}

function isServeFrame(fn: string): boolean {
  return /\.ServeHTTP(\.func\d+)?$/.test(fn);
}

function servedByNetHttp(frames: readonly Frame[]): boolean {
  return frames.some(
    (f) =>
      f.function === 'net/http.(*conn).serve' ||
      f.function.startsWith('net/http.(*timeoutHandler).ServeHTTP.func') ||
      f.function.startsWith('net/http.(*http2serverConn).runHandler') ||
      // Go 1.27 moved the bundled HTTP/2 server to its own internal package.
      f.function.startsWith('net/http/internal/http2.(*serverConn).runHandler') ||
      f.function.startsWith('golang.org/x/net/http2.(*serverConn).runHandler'),
  );
}

/** The nearest frame inside a dispatch frame that is neither the RPC library, nor generated glue, nor Go's. */
function rpcHandler(frames: readonly Frame[], dispatch: readonly RegExp[]): string | null {
  if (dispatch.length === 0) return null;
  for (let i = frames.length - 1; i >= 0; i--) {
    const fn = frames[i]!.function;
    if (!dispatch.some((re) => re.test(fn))) continue;
    const library = packageOf(fn);
    for (let j = i - 1; j >= 0; j--) {
      const callee = frames[j]!.function;
      if (isStdlibFunction(callee) || packageOf(callee) === library || RPC_WRAPPER.test(callee)) continue;
      return callee;
    }
    return null;
  }
  return null;
}
