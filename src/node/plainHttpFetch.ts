// `fetch` for plain http:// over node:http, for the extension host. VS Code replaces the extension
// host's global fetch with one that, on its first call, reads and parses the system's CA
// certificates on the main thread (@vscode/proxy-agent's getOrLoadAdditionalCertificates: about
// 240 ms with the event loop blocked on this 2-core VM), whatever the URL's scheme. A pprof
// endpoint is nearly always plain http on loopback, where certificates play no part, so those
// requests go through node:http (which VS Code patches for proxies too, without certificates);
// https:// keeps the global fetch and the system's trust store. The core sees the same Response.
import * as http from 'node:http';
import { Readable } from 'node:stream';

/** Statuses whose response cannot have a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function headerPairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

function requestHeaders(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => (out[k] = v));
  return out;
}

/** Rejects as fetch does: a TypeError whose cause carries the system error (code ECONNREFUSED…). */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/**
 * A GET (or HEAD) of an http:// URL. Redirects are not followed (the core follows them by hand,
 * `redirect: 'manual'`); the body streams as it arrives, with the socket's backpressure.
 */
export function plainHttpFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = urlOf(input);
  return new Promise<Response>((resolve, reject) => {
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let req: http.ClientRequest;
    try {
      // As fetch: credentials in the URL are refused, never sent as Basic auth (node:http would).
      const parsed = new URL(url);
      if (parsed.username !== '' || parsed.password !== '')
        throw new TypeError('Request cannot be constructed from a URL that includes credentials');
      req = http.request(parsed, { method: init?.method ?? 'GET', headers: requestHeaders(init) });
    } catch (e) {
      // An invalid header value or URL: node:http throws before sending, fetch rejects.
      reject(fetchFailed(e));
      return;
    }
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => reject(signal?.aborted ? signal.reason : fetchFailed(e)));
    req.on('response', (res) => {
      res.on('close', () => signal?.removeEventListener('abort', onAbort));
      const status = res.statusCode ?? 0;
      const body = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      if (body === null) res.resume();
      try {
        resolve(
          new Response(body, {
            status,
            statusText: res.statusMessage ?? '',
            headers: headerPairs(res.rawHeaders),
          }),
        );
      } catch (e) {
        // A status the Response constructor refuses (below 200 or above 599).
        res.destroy();
        reject(fetchFailed(e));
      }
    });
    req.end();
  });
}

function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** The extension host's fetch: node:http for http://, VS Code's global fetch for everything else. */
export function hostFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return urlOf(input).startsWith('http://') ? plainHttpFetch(input, init) : fetch(input, init);
}
