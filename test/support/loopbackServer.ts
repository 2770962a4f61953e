// HTTP servers on loopback for capture tests, well-behaved or hostile. Each one stops by itself:
// `close()` destroys its open sockets, and a server left open closes after `lifetimeMs`, so a
// hostile handler (a trickle, an endless body) cannot outlive its test.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `${origin}/debug/pprof` */
  readonly base: string;
  close(): Promise<void>;
}

export function serve(handler: Handler, lifetimeMs = 60_000): Promise<LoopbackServer> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const server = http.createServer(handler);
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= new Promise<void>((r) => {
        clearTimeout(deadline);
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }));
    const deadline = setTimeout(() => void close(), lifetimeMs);
    deadline.unref();
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ origin, base: `${origin}/debug/pprof`, close });
    });
  });
}

/** Writes one byte every `everyMs` until the client goes away (or the server closes). */
export function trickle(res: http.ServerResponse, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.write('g');
  const t = setInterval(() => {
    if (res.destroyed) clearInterval(t);
    else res.write('o');
  }, everyMs);
  res.on('close', () => clearInterval(t));
}

/**
 * Sends `bytes` bytes of `fill` in 64 KiB writes, waiting for the socket to drain between them,
 * so the server itself holds no more than a chunk (its memory is not what a test measures).
 */
export function sendBytes(res: http.ServerResponse, bytes: number, fill = 0x61, contentLength = false): void {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    ...(contentLength ? { 'content-length': String(bytes) } : {}),
  });
  const chunk = Buffer.alloc(64 << 10, fill);
  let left = bytes;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

/**
 * Holds requests until `n` have arrived, then lets them all through: bodies sent "at once" then
 * really are in flight together (else a small one could finish before the next request starts).
 */
export function together(n: number, handler: Handler): Handler {
  const waiting: [Parameters<Handler>[0], Parameters<Handler>[1]][] = [];
  return (req, res) => {
    waiting.push([req, res]);
    if (waiting.length === n) for (const [q, r] of waiting.splice(0)) handler(q, r);
  };
}

/** Answers each URL of `bodies` (path and query) with its bytes, anything else with a 404. */
export function serveFiles(bodies: Readonly<Record<string, Uint8Array>>): Handler {
  return (req, res) => {
    const body = bodies[req.url ?? ''];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': req.url!.includes('debug=') ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    });
    res.end(body);
  };
}

/** Runs `run` against a server that is closed afterwards, whatever happens. */
export async function withServer<T>(handler: Handler, run: (s: LoopbackServer) => Promise<T>): Promise<T> {
  const s = await serve(handler);
  try {
    return await run(s);
  } finally {
    await s.close();
  }
}
