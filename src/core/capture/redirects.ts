// Redirects are followed by hand: fetch's own following forwards every custom header to whatever
// origin a Location names (it drops only Authorization and Cookie), so an API key configured for
// the endpoint would go to another host or port. Here the configured headers are sent only to the
// endpoint's origin; when a redirect leaves it they are dropped for the rest of the chain, and the
// caller gets a warning to show.
import { CaptureError } from './captureError';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Browsers allow 20; a pprof endpoint behind a proxy needs one or two. */
const MAX_REDIRECTS = 5;

export interface Fetched {
  readonly response: Response;
  /** Where the response came from after redirects. */
  readonly finalUrl: string;
  /** Set when the configured headers were dropped on the way. */
  readonly warning: string | null;
}

export async function fetchFollowingRedirects(
  doFetch: typeof fetch,
  url: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<Fetched> {
  const origin = new URL(url).origin;
  let current = url;
  let send = headers;
  let warning: string | null = null;
  for (let hop = 0; ; hop++) {
    const response = await doFetch(current, { headers: { ...send }, signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return { response, finalUrl: current, warning };
    await response.body?.cancel().catch(() => undefined);
    if (hop === MAX_REDIRECTS) {
      throw new CaptureError(
        'redirect',
        url,
        `${url} redirected more than ${MAX_REDIRECTS} times (the last time to ${location}). Point the endpoint at the final address.`,
      );
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new CaptureError('redirect', url, `${url} redirected to "${location}", which is not a URL.`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new CaptureError(
        'redirect',
        url,
        `${url} redirected to ${next.protocol}// (${next.href}); only http:// and https:// are followed.`,
      );
    }
    if (next.username !== '' || next.password !== '') {
      throw new CaptureError(
        'redirect',
        url,
        `${url} redirected to ${next.href}, a URL with credentials in it, which is not followed.`,
      );
    }
    if (next.origin !== origin && Object.keys(send).length > 0) {
      warning =
        `${url} redirected to ${next.origin}, another origin: followed without the configured headers ` +
        `(${Object.keys(send).join(', ')}), which are sent only to ${origin}. Point the endpoint at ${next.origin} ` +
        `if that is where the service is.`;
      send = {};
    }
    current = next.href;
  }
}
