// Why a capture failed, as one specific message with the URL and what to try. Built from the
// errors Node's fetch (undici) raises: the code sits on `err.cause`. Every message passes through
// redactUrls, so no URL credential is ever repeated (a Location header or an undici message may
// carry one), and names the setting or flag to change through CaptureAdvice.
import { redactUrls } from '../text/redactUrl';
import { NEUTRAL_ADVICE, type CaptureAdvice } from './captureAdvice';

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
  | 'blocked-port'
  | 'bad-header'
  | 'redirect'
  | 'storage'
  | 'network';

export class CaptureError extends Error {
  readonly url: string;
  constructor(
    readonly failure: CaptureFailure,
    url: string,
    message: string,
  ) {
    super(redactUrls(message));
    this.url = redactUrls(url);
    this.name = 'CaptureError';
  }
}

/** Failures that are the endpoint's, not one profile's: the whole capture stops on them. */
export function failsWholeCapture(failure: CaptureFailure): boolean {
  return (
    failure === 'refused' ||
    failure === 'dns' ||
    failure === 'tls' ||
    failure === 'unauthorized' ||
    failure === 'html' ||
    failure === 'not-found' ||
    failure === 'cancelled' ||
    failure === 'blocked-port' ||
    failure === 'bad-header' ||
    failure === 'storage'
  );
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

/** Which deadline ran out, if one did. */
export type Deadline = 'request' | 'capture' | null;

export interface FetchErrorContext {
  readonly url: string;
  readonly timeoutSeconds: number;
  readonly totalTimeoutSeconds: number;
  readonly deadline: Deadline;
  readonly cancelled: boolean;
  /** Body bytes of this request received before it stopped; null before the response. */
  readonly received: number | null;
  readonly advice?: CaptureAdvice;
}

/** Maps a thrown fetch error (not an HTTP status) to a CaptureError. */
export function fromFetchError(err: unknown, c: FetchErrorContext): CaptureError {
  const { url } = c;
  const advice = c.advice ?? NEUTRAL_ADVICE;
  if (c.cancelled) return new CaptureError('cancelled', url, `Capture of ${url} was cancelled.`);
  if (c.deadline !== null) return deadlineError(c, advice);
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
  if (causeMessage(err) === 'bad port') {
    const port = safePort(url);
    return new CaptureError(
      'blocked-port',
      url,
      `Port ${port} of ${url} is refused by Node's fetch before connecting: the Fetch standard blocks ports that other protocols use (X11 6000–6063, IRC 6665–6669, SIP 5060–5061, SMTP 25 and more), so that a web page cannot talk to them. Serve net/http/pprof on another port (6060 is usual), or forward one to it (ssh -L 6060:127.0.0.1:${port} host).`,
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

function deadlineError(c: FetchErrorContext, advice: CaptureAdvice): CaptureError {
  if (c.deadline === 'request') {
    const what = c.received === null ? 'did not answer' : `sent ${c.received} bytes of its body and did not finish`;
    return new CaptureError(
      'timeout',
      c.url,
      `${c.url} ${what} within ${c.timeoutSeconds} s, the deadline of each request (from connecting to the last byte). Check that the service is not stuck and that nothing (a proxy, a firewall) holds the connection; if it is only slow to write a large profile, ${advice.requestTimeout}.`,
    );
  }
  const what = c.received === null ? 'had not answered' : `had sent ${c.received} bytes of its body and not finished`;
  return new CaptureError(
    'timeout',
    c.url,
    `The capture ran out of its deadline of ${c.totalTimeoutSeconds} s (all profiles together) while ${c.url} ${what}. Check that the service is not stuck; if it is only slow, ${advice.captureTimeout}.`,
  );
}

/** Maps an HTTP answer that is not a profile to a CaptureError, or returns null if it is fine. */
export function fromResponse(
  status: number,
  contentType: string,
  url: string,
  optional: boolean,
  advice: CaptureAdvice = NEUTRAL_ADVICE,
): CaptureError | null {
  if (status === 401 || status === 403) {
    return new CaptureError(
      'unauthorized',
      url,
      `${url} answered ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}. ${advice.credentials}`,
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

export function tooLarge(url: string, maxBytes: number, advice: CaptureAdvice = NEUTRAL_ADVICE): CaptureError {
  return new CaptureError(
    'too-large',
    url,
    `The capture passed its limit of ${formatBytes(maxBytes)} (all profiles together) while reading ${url}, and was stopped. If the service really has that many goroutines, ${advice.maxBytes}.`,
  );
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30 && n % (1 << 30) === 0) return `${n / (1 << 30)} GiB`;
  if (n >= 1 << 20) return `${+(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${+(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function safePort(url: string): string {
  try {
    const u = new URL(url);
    return u.port || (u.protocol === 'https:' ? '443' : '80');
  } catch {
    return '?';
  }
}
