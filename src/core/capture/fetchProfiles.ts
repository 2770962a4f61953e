// One capture: goroutine debug=2 (states, waits, ids), goroutine proto (labels), goroutineleak
// (Go 1.26+, 404 is fine) and heap, requested at the same moment with `fetch`. No `vscode` here:
// the command wraps it in progress UI. What bounds it, whatever the server does:
// - time: each request has a deadline from connecting to its last byte (redirects included), and
//   the capture has one for everything; a server trickling a byte at a time meets one of them.
// - memory: bodies stream into sinks (files) as they arrive, never held whole, and one byte
//   budget covers all bodies together (three endpoints at once each near a per-body limit was
//   three times the limit, and concatenating chunks doubled it).
// When one goroutine profile arrives and the other does not (it hangs, it is cut off), the one
// that arrived is kept and the outcome names what is missing; failures of the endpoint itself
// (refused, unauthorized, TLS…) stop everything.
import { NEUTRAL_ADVICE } from './captureAdvice';
import type { CaptureAdvice } from './captureAdvice';
import { CaptureError, failsWholeCapture, fromFetchError, fromResponse, tooLarge } from './captureError';
import type { CaptureSink, OpenSink } from './captureSink';
import { profileUrl } from './endpointUrl';
import { fetchFollowingRedirects } from './redirects';
import { checkHeaders } from './requestHeaders';

export interface CaptureRequest {
  /** Normalised base URL (see normalizeEndpoint). */
  readonly base: string;
  /** Sent to the endpoint's origin only (see redirects.ts). */
  readonly headers: Readonly<Record<string, string>>;
  /** Deadline of each request, from connecting to its last byte. */
  readonly timeoutSeconds: number;
  /** Deadline of the whole capture (default: twice `timeoutSeconds`). */
  readonly totalTimeoutSeconds?: number;
  /** Limit on the bytes of the whole capture, all bodies together. */
  readonly maxBytes: number;
  readonly includeHeap: boolean;
  /** The profiles to fetch (a watch tick takes fewer); default wantedProfiles(includeHeap). */
  readonly profiles?: readonly WantedProfile[];
  readonly signal: AbortSignal;
  /** Where each body is written as it arrives. */
  readonly openSink: OpenSink;
  /** What the messages tell the user to change (settings or flags). */
  readonly advice?: CaptureAdvice;
  /** Total bytes received so far over all requests. */
  readonly onProgress?: (receivedBytes: number) => void;
  readonly fetchImpl?: typeof fetch;
}

export interface CapturedFile {
  /** File name the sink was opened with; the loader detects formats from content. */
  readonly name: string;
  readonly url: string;
  readonly size: number;
}

export interface CaptureOutcome {
  /** Complete bodies, in the order of `wantedProfiles`. */
  readonly files: CapturedFile[];
  /** Optional profiles the server does not have (404: goroutineleak before Go 1.26). */
  readonly skipped: string[];
  /** What the user should know: profiles that did not arrive and why, headers dropped on a redirect. */
  readonly warnings: string[];
}

export interface WantedProfile {
  readonly name: string;
  readonly profile: string;
  readonly query: string;
  readonly optional: boolean;
  /** What the analysis lacks without it. */
  readonly gives: string;
}

export function wantedProfiles(includeHeap: boolean): WantedProfile[] {
  const w: WantedProfile[] = [
    {
      name: 'goroutine_debug2.txt',
      profile: 'goroutine',
      query: 'debug=2',
      optional: false,
      gives: 'goroutine states, wait times and ids',
    },
    { name: 'goroutine_debug0.pb.gz', profile: 'goroutine', query: '', optional: false, gives: 'goroutine labels' },
    {
      name: 'goroutineleak_debug1.txt',
      profile: 'goroutineleak',
      query: 'debug=1',
      optional: true,
      gives: "the runtime's leak verdicts",
    },
  ];
  if (includeHeap)
    w.push({ name: 'heap_debug0.pb.gz', profile: 'heap', query: '', optional: true, gives: 'the heap summary' });
  return w;
}

/** Bytes looked at before the first write, to refuse an HTML page served as text/plain. */
const SNIFF_BYTES = 256;

function looksLikeHtml(head: Uint8Array[]): boolean {
  const bytes = head.length === 1 ? head[0]! : concatHead(head);
  const text = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES)).trimStart().toLowerCase();
  return text.startsWith('<!doctype html') || text.startsWith('<html');
}

function concatHead(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(
    Math.min(
      SNIFF_BYTES,
      parts.reduce((n, p) => n + p.length, 0),
    ),
  );
  let o = 0;
  for (const p of parts) {
    if (o >= out.length) break;
    const take = p.subarray(0, out.length - o);
    out.set(take, o);
    o += take.length;
  }
  return out;
}

type Settled = { file: CapturedFile | null; error: null } | { file: null; error: CaptureError };

export async function captureProfiles(req: CaptureRequest): Promise<CaptureOutcome> {
  const advice = req.advice ?? NEUTRAL_ADVICE;
  const doFetch = req.fetchImpl ?? fetch;
  const totalTimeoutSeconds = req.totalTimeoutSeconds ?? 2 * req.timeoutSeconds;
  if (req.signal.aborted) throw cancelled(req.base);
  try {
    checkHeaders(req.headers);
  } catch (e) {
    throw new CaptureError('bad-header', req.base, `Cannot send the headers of ${req.base}: ${(e as Error).message}.`);
  }
  const all = new AbortController();
  const onParentAbort = () => all.abort();
  req.signal.addEventListener('abort', onParentAbort);
  let captureExpired = false;
  const captureTimer = setTimeout(() => {
    captureExpired = true;
    all.abort();
  }, totalTimeoutSeconds * 1000);
  let received = 0;
  let budgetSpent = false;
  const warnings: string[] = [];

  async function fetchOne(w: WantedProfile): Promise<CapturedFile | null> {
    const url = profileUrl(req.base, w.profile, w.query);
    const ctl = new AbortController();
    const stop = () => ctl.abort();
    all.signal.addEventListener('abort', stop);
    let requestExpired = false;
    const timer = setTimeout(() => {
      requestExpired = true;
      ctl.abort();
    }, req.timeoutSeconds * 1000);
    let bodyBytes: number | null = null;
    let sink: CaptureSink | null = null;
    const failed = (e: unknown): CaptureError => {
      if (e instanceof CaptureError) return e;
      // Aborted because another body spent the budget: this one stopped for the same reason.
      if (budgetSpent && !requestExpired && !captureExpired) return tooLarge(url, req.maxBytes, advice);
      return fromFetchError(e, {
        url,
        timeoutSeconds: req.timeoutSeconds,
        totalTimeoutSeconds,
        deadline: requestExpired ? 'request' : captureExpired ? 'capture' : null,
        cancelled: req.signal.aborted,
        received: bodyBytes,
        advice,
      });
    };
    const write = async (chunk: Uint8Array) => {
      try {
        await sink!.write(chunk);
      } catch (e) {
        throw new CaptureError('storage', url, `Cannot store ${w.name} of ${url}: ${(e as Error).message}.`);
      }
    };
    try {
      let res: Response;
      try {
        const fetched = await fetchFollowingRedirects(doFetch, url, req.headers, ctl.signal);
        res = fetched.response;
        if (fetched.warning !== null) warnings.push(fetched.warning);
      } catch (e) {
        throw failed(e);
      }
      const bad = fromResponse(res.status, res.headers.get('content-type') ?? '', url, w.optional, advice);
      if (bad !== null || res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        if (bad) throw bad;
        return null;
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > req.maxBytes - received) {
        await res.body?.cancel().catch(() => undefined);
        throw tooLarge(url, req.maxBytes, advice);
      }
      bodyBytes = 0;
      try {
        sink = await req.openSink(w.name);
      } catch (e) {
        throw new CaptureError('storage', url, `Cannot store ${w.name} of ${url}: ${(e as Error).message}.`);
      }
      // The first bytes wait until there are enough to tell an HTML page; then every chunk is
      // written before the next is read, so the socket is read no faster than the disk takes it.
      let head: Uint8Array[] | null = [];
      let headBytes = 0;
      const flushHead = async () => {
        if (head === null) return;
        if (looksLikeHtml(head)) throw fromResponse(200, 'text/html', url, false, advice)!;
        for (const h of head) await write(h);
        head = null;
      };
      try {
        const reader = res.body?.getReader();
        for (;;) {
          if (reader === undefined) break;
          const { done, value } = await reader.read();
          if (done) break;
          bodyBytes += value.length;
          received += value.length;
          if (received > req.maxBytes) {
            budgetSpent = true;
            all.abort();
            throw tooLarge(url, req.maxBytes, advice);
          }
          req.onProgress?.(received);
          if (head !== null) {
            head.push(value);
            headBytes += value.length;
            if (headBytes >= SNIFF_BYTES) await flushHead();
          } else await write(value);
        }
        await flushHead();
      } catch (e) {
        throw failed(e);
      }
      const done = sink;
      sink = null;
      await done.close();
      return { name: w.name, url, size: bodyBytes };
    } finally {
      clearTimeout(timer);
      all.signal.removeEventListener('abort', stop);
      if (sink !== null) await (sink as CaptureSink).discard().catch(() => undefined);
    }
  }

  try {
    const wanted = req.profiles ?? wantedProfiles(req.includeHeap);
    let fatal: CaptureError | null = null;
    const settled = await Promise.all(
      wanted.map((w) =>
        fetchOne(w).then(
          (file): Settled => ({ file, error: null }),
          (e: unknown): Settled => {
            const error = e instanceof CaptureError ? e : new CaptureError('network', req.base, String(e));
            // The first failure of the endpoint itself wins; the others are the echo of aborting them.
            if (fatal === null && failsWholeCapture(error.failure) && error.failure !== 'cancelled') {
              fatal = error;
              all.abort();
            }
            return { file: null, error };
          },
        ),
      ),
    );
    if (req.signal.aborted) throw cancelled(req.base);
    if (fatal) throw fatal;
    const files: CapturedFile[] = [];
    const skipped: string[] = [];
    const missing: { w: WantedProfile; error: CaptureError }[] = [];
    settled.forEach((s, i) => {
      const w = wanted[i]!;
      if (s.file !== null) files.push(s.file);
      else if (s.error === null) skipped.push(w.name);
      else missing.push({ w, error: s.error });
    });
    const requiredMissing = missing.filter((m) => !m.w.optional);
    if (requiredMissing.length === wanted.filter((w) => !w.optional).length) throw requiredMissing[0]!.error;
    for (const { w, error } of missing) {
      warnings.push(`${w.name} (${w.gives}) was not captured, so the analysis goes without it: ${error.message}`);
    }
    return { files, skipped, warnings };
  } finally {
    clearTimeout(captureTimer);
    req.signal.removeEventListener('abort', onParentAbort);
  }
}

function cancelled(base: string): CaptureError {
  return new CaptureError('cancelled', base, `Capture of ${base} was cancelled.`);
}
