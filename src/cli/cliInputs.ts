// Turns the CLI's input arguments into loader inputs: a file, `-` for standard input, or an
// http(s):// net/http/pprof endpoint, which is captured once (goroutine debug=2, goroutine proto
// for labels, goroutineleak where the server has it) like the extension's "Capture from Endpoint…".
import { CaptureError } from '../core/capture/captureError';
import { normalizeEndpoint } from '../core/capture/endpointUrl';
import { captureProfiles } from '../core/capture/fetchProfiles';
import { InputError } from '../core/inputError';
import type { SnapshotInput } from '../core/input/loadSnapshot';
import { readInput } from '../node/readInput';

/** Per-request timeout and body limit of a CLI capture (the extension's settings' defaults). */
const CAPTURE_TIMEOUT_SECONDS = 30;
const CAPTURE_MAX_BYTES = 1024 * 1024 * 1024;

export function isUrlInput(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

export async function resolveCliInputs(inputs: readonly string[]): Promise<SnapshotInput[]> {
  const out: SnapshotInput[] = [];
  for (const input of inputs) {
    if (isUrlInput(input)) out.push(...(await captureUrl(input)));
    else out.push(readInput(input));
  }
  return out;
}

async function captureUrl(input: string): Promise<SnapshotInput[]> {
  let base: string;
  try {
    base = normalizeEndpoint(input);
  } catch (e) {
    throw new InputError((e as Error).message, { stage: 'fetching', input });
  }
  try {
    const { files } = await captureProfiles({
      base,
      headers: {},
      timeoutSeconds: CAPTURE_TIMEOUT_SECONDS,
      maxBytes: CAPTURE_MAX_BYTES,
      includeHeap: false,
      signal: new AbortController().signal,
    });
    return files.map((f) => ({ name: f.url, chunks: single(f.bytes) }));
  } catch (e) {
    // CaptureError messages already name the URL and what to try.
    if (e instanceof CaptureError) throw new InputError(e.message.replace(/\.$/, ''), { stage: 'fetching' });
    throw e;
  }
}

async function* single(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}
