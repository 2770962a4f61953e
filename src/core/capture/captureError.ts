// Why a capture failed, as one specific message with the URL and what to try. Built from the
// errors Node's fetch (undici) raises: the code sits on `err.cause`.
export type CaptureFailure =
  | 'refused'
  | 'timeout'
  | 'not-found'
  | 'html'
  | 'tls'
  | 'unauthorized'
  | 'dns'
  | 'too-large'
  | 'http'
  | 'cancelled'
  | 'network';

export class CaptureError extends Error {
  constructor(
    readonly failure: CaptureFailure,
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO/;

function causeCode(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

function causeMessage(err: unknown): string {
  const cause = err && typeof err === 'object' ? (err as { cause?: unknown }).cause : undefined;
  const e = cause ?? err;
  return e instanceof Error ? e.message : String(e);
}

/** Maps a thrown fetch error (not an HTTP status) to a CaptureError. */
export function fromFetchError(
  err: unknown,
  url: string,
  timeoutSeconds: number,
  timedOut: boolean,
  cancelled: boolean,
): CaptureError {
  if (cancelled) return new CaptureError('cancelled', url, `Capture of ${url} was cancelled.`);
  if (timedOut) {
    return new CaptureError(
      'timeout',
      url,
      `${url} did not answer within ${timeoutSeconds} s. Check that the service is not stuck and that nothing (a proxy, a firewall) holds the connection; for very large dumps raise goroutineInspector.capture.timeoutSeconds.`,
    );
  }
  const code = causeCode(err);
  const host = safeHost(url);
  if (code === 'ECONNREFUSED') {
    return new CaptureError(
      'refused',
      url,
      `Nothing is listening at ${host} (connection refused) for ${url}. Check that the service is running, that the port is right, and that it serves net/http/pprof on that address.`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CaptureError(
      'dns',
      url,
      `Cannot resolve the host ${host} of ${url}. Check the spelling of the host name.`,
    );
  }
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new CaptureError(
      'timeout',
      url,
      `${url} did not answer in time (${code}). Check that ${host} is reachable from this machine.`,
    );
  }
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(causeMessage(err))) {
    return new CaptureError(
      'tls',
      url,
      `TLS failed for ${url} (${code || causeMessage(err)}). If the service has no TLS, use http:// instead of https://; otherwise make its certificate trusted on this machine.`,
    );
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new CaptureError(
      'network',
      url,
      `${host} closed the connection while ${url} was being read (${code}). If the URL is https://, the service may speak plain HTTP (or the reverse); otherwise try again.`,
    );
  }
  return new CaptureError('network', url, `Could not fetch ${url}: ${causeMessage(err)}${code ? ` (${code})` : ''}.`);
}

/** Maps an HTTP answer that is not a profile to a CaptureError, or returns null if it is fine. */
export function fromResponse(status: number, contentType: string, url: string, optional: boolean): CaptureError | null {
  if (status === 401 || status === 403) {
    return new CaptureError(
      'unauthorized',
      url,
      `${url} answered ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}. Set an Authorization header for this endpoint with "Goroutine Inspector: Set Endpoint Headers…" (kept in the secret storage).`,
    );
  }
  if (status === 404) {
    if (optional) return null;
    return new CaptureError(
      'not-found',
      url,
      `${url} answered 404 Not Found: the service does not serve net/http/pprof at this path. Import _ "net/http/pprof" (or mount its handlers) and check the base path, e.g. http://127.0.0.1:6060/debug/pprof.`,
    );
  }
  if (status < 200 || status >= 300) {
    return new CaptureError(
      'http',
      url,
      `${url} answered HTTP ${status}. Check the service's logs; pprof answers 200 with a profile.`,
    );
  }
  if (/text\/html/i.test(contentType)) {
    return new CaptureError(
      'html',
      url,
      `${url} answered with an HTML page instead of a profile: the URL probably points at a web app, a proxy or a login page rather than net/http/pprof. Check the port and the base path.`,
    );
  }
  return null;
}

export function tooLarge(url: string, maxBytes: number): CaptureError {
  return new CaptureError(
    'too-large',
    url,
    `${url} sent more than ${Math.round(maxBytes / 1048576)} MiB; the capture was stopped. Raise goroutineInspector.capture.maxBytes if the service really has that many goroutines.`,
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
