// One capture: goroutine debug=2 (states, waits, ids), goroutine proto (labels), goroutineleak
// (Go 1.26+, 404 is fine) and heap, requested at the same moment with `fetch`. Each request has
// a timeout that covers connecting and every pause while reading; the bodies are size-limited;
// one AbortSignal cancels everything. No `vscode` here: the command wraps it in progress UI.
import { CaptureError, fromFetchError, fromResponse, tooLarge } from './captureError';
import { profileUrl } from './endpointUrl';

export interface CaptureRequest {
  /** Normalised base URL (see normalizeEndpoint). */
  readonly base: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  /** Limit per response body. */
  readonly maxBytes: number;
  readonly includeHeap: boolean;
  readonly signal: AbortSignal;
  /** Total bytes received so far over all requests. */
  readonly onProgress?: (receivedBytes: number) => void;
  readonly fetchImpl?: typeof fetch;
}

export interface CapturedFile {
  /** File name the snapshot store keeps it under; the loader detects formats from content. */
  readonly name: string;
  readonly url: string;
  readonly bytes: Uint8Array;
}

export interface CaptureOutcome {
  readonly files: CapturedFile[];
  /** Optional profiles that were not available (goroutineleak before Go 1.26, a failed heap). */
  readonly skipped: string[];
}

interface Wanted {
  readonly name: string;
  readonly profile: string;
  readonly query: string;
  readonly optional: boolean;
}

export function wantedProfiles(includeHeap: boolean): Wanted[] {
  const w: Wanted[] = [
    { name: 'goroutine_debug2.txt', profile: 'goroutine', query: 'debug=2', optional: false },
    { name: 'goroutine_debug0.pb.gz', profile: 'goroutine', query: '', optional: false },
    { name: 'goroutineleak_debug1.txt', profile: 'goroutineleak', query: 'debug=1', optional: true },
  ];
  if (includeHeap) w.push({ name: 'heap_debug0.pb.gz', profile: 'heap', query: '', optional: true });
  return w;
}

function looksLikeHtml(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head.subarray(0, 256)).trimStart().toLowerCase();
  return text.startsWith('<!doctype html') || text.startsWith('<html');
}

export async function captureProfiles(req: CaptureRequest): Promise<CaptureOutcome> {
  const doFetch = req.fetchImpl ?? fetch;
  const all = new AbortController();
  const onParentAbort = () => all.abort();
  req.signal.addEventListener('abort', onParentAbort);
  let received = 0;

  async function fetchOne(w: Wanted): Promise<CapturedFile | null> {
    const url = profileUrl(req.base, w.profile, w.query);
    const ctl = new AbortController();
    const stop = () => ctl.abort();
    all.signal.addEventListener('abort', stop);
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        ctl.abort();
      }, req.timeoutSeconds * 1000);
    };
    const failed = (e: unknown) =>
      e instanceof CaptureError ? e : fromFetchError(e, url, req.timeoutSeconds, timedOut, req.signal.aborted);
    try {
      arm();
      let res: Response;
      try {
        res = await doFetch(url, { headers: { ...req.headers }, signal: ctl.signal, redirect: 'follow' });
      } catch (e) {
        throw failed(e);
      }
      const bad = fromResponse(res.status, res.headers.get('content-type') ?? '', url, w.optional);
      if (bad) throw bad;
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        return null;
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > req.maxBytes) throw tooLarge(url, req.maxBytes);
      const parts: Uint8Array[] = [];
      let size = 0;
      try {
        const reader = res.body!.getReader();
        for (;;) {
          arm();
          const { done, value } = await reader.read();
          if (done) break;
          size += value.length;
          received += value.length;
          if (size > req.maxBytes) {
            ctl.abort();
            throw tooLarge(url, req.maxBytes);
          }
          parts.push(value);
          req.onProgress?.(received);
        }
      } catch (e) {
        throw failed(e);
      }
      const bytes = concat(parts, size);
      if (looksLikeHtml(bytes)) throw fromResponse(200, 'text/html', url, false)!;
      return { name: w.name, url, bytes };
    } finally {
      clearTimeout(timer);
      all.signal.removeEventListener('abort', stop);
    }
  }

  try {
    const wanted = wantedProfiles(req.includeHeap);
    let firstError: CaptureError | null = null;
    const results = await Promise.all(
      wanted.map((w) =>
        fetchOne(w).catch((e: unknown) => {
          const err = e instanceof CaptureError ? e : new CaptureError('network', req.base, String(e));
          if (w.optional && err.failure !== 'cancelled' && !all.signal.aborted) return null;
          // The first real failure wins; the others are only the echo of aborting them.
          if (!firstError || firstError.failure === 'cancelled') firstError = err;
          all.abort();
          return null;
        }),
      ),
    );
    if (req.signal.aborted) throw new CaptureError('cancelled', req.base, `Capture of ${req.base} was cancelled.`);
    if (firstError) throw firstError;
    const files = results.filter((f): f is CapturedFile => f !== null);
    const skipped = wanted.filter((_, i) => results[i] === null).map((w) => w.name);
    return { files, skipped };
  } finally {
    req.signal.removeEventListener('abort', onParentAbort);
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
