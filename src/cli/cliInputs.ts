// Turns the CLI's input arguments into loader inputs: a file, `-` for standard input, or an
// http(s):// net/http/pprof endpoint, which is captured once (goroutine debug=2, goroutine proto
// for labels, goroutineleak where the server has it) like the extension's "Capture from Endpoint…".
// A capture streams into a temporary folder (never whole in memory), which is read like files and
// removed once the inputs are loaded.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureError } from '../core/capture/captureError';
import { normalizeEndpoint } from '../core/capture/endpointUrl';
import { captureProfiles } from '../core/capture/fetchProfiles';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../core/inflater';
import { InputError } from '../core/inputError';
import { classifyInputs } from '../core/input/classifyInputs';
import { heapNotGoroutinesError } from '../core/input/formatErrors';
import type { SnapshotInput } from '../core/input/snapshotInput';
import type { GoroutineSnapshot } from '../core/model/goroutine';
import type { Profile } from '../core/model/profile';
import { hasUserinfo, redactUrls } from '../core/text/redactUrl';
import { fileSinks } from '../node/captureFiles';
import { readInput } from '../node/readInput';
import { zlibInflater } from '../node/zlibInflater';
import { captureHeaders, CLI_CAPTURE_ADVICE, defaultCaptureOptions, type CaptureOptions } from './captureOptions';
import { UsageError } from './cliIo';

export interface CliInputs {
  readonly inputs: SnapshotInput[];
  /** What the captures want the user to know (a profile that did not arrive, dropped headers). */
  readonly warnings: string[];
  /** Removes the temporary files of captures; call once the inputs are loaded. */
  dispose(): Promise<void>;
}

export function isUrlInput(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

export async function resolveCliInputs(
  inputs: readonly string[],
  capture: CaptureOptions = defaultCaptureOptions(),
): Promise<CliInputs> {
  const out: SnapshotInput[] = [];
  const warnings: string[] = [];
  const dirs: string[] = [];
  const dispose = async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  };
  try {
    let headers: Record<string, string> | null = null;
    for (const input of inputs) {
      if (isUrlInput(input)) {
        headers ??= captureHeaders(capture);
        const dir = await mkdtemp(path.join(tmpdir(), 'goroutine-inspector-'));
        dirs.push(dir);
        const got = await captureUrl(input, dir, capture, headers);
        out.push(...got.inputs);
        warnings.push(...got.warnings);
      } else out.push(readInput(localPath(input)));
    }
  } catch (e) {
    await dispose();
    throw e;
  }
  return { inputs: out, warnings, dispose };
}

/** A file path as given, or the path of a file:// URL; other URL schemes are refused by name. */
function localPath(input: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (scheme === null) return input;
  if (scheme[1]!.toLowerCase() === 'file') {
    try {
      return fileURLToPath(input);
    } catch (e) {
      throw new UsageError(`${redactUrls(input)}: ${(e as Error).message}`);
    }
  }
  throw new UsageError(
    `${redactUrls(input)}: ${scheme[1]!.toLowerCase()}:// is not supported; an input is a file, - for standard input, a file:// URL, or an http:// or https:// pprof endpoint`,
  );
}

async function captureUrl(
  input: string,
  dir: string,
  o: CaptureOptions,
  headers: Record<string, string>,
): Promise<{ inputs: SnapshotInput[]; warnings: string[] }> {
  let base: string;
  try {
    base = normalizeEndpoint(input);
  } catch (e) {
    const hint = hasUserinfo(input) ? CLI_CAPTURE_ADVICE.credentials.replace(/\.$/, '') : undefined;
    throw new InputError((e as Error).message, { stage: 'fetching', hint });
  }
  try {
    const outcome = await captureProfiles({
      base,
      headers,
      timeoutSeconds: o.timeoutSeconds,
      totalTimeoutSeconds: o.totalTimeoutSeconds,
      maxBytes: o.maxBytes,
      includeHeap: false,
      signal: new AbortController().signal,
      openSink: fileSinks(dir),
      advice: CLI_CAPTURE_ADVICE,
    });
    return {
      inputs: outcome.files.map((f) => ({ ...readInput(path.join(dir, f.name)), name: f.url })),
      warnings: outcome.warnings,
    };
  } catch (e) {
    // CaptureError messages already name the URL and what to try.
    if (e instanceof CaptureError) throw new InputError(e.message.replace(/\.$/, ''), { stage: 'fetching' });
    throw e;
  }
}

export interface CliMoment {
  readonly snapshot: GoroutineSnapshot;
  /** The heap profile given with the goroutines (only with `heap: true`; else it is an error). */
  readonly heap: Profile | null;
  /** What the captures want the user to know. */
  readonly warnings: string[];
}

/**
 * The inputs of one moment loaded as a snapshot, with the warnings of their captures. A heap
 * profile among them is refused unless the command uses it (`heap: true`: analyze, for the
 * memory suspects hold).
 */
export async function loadCliInputs(
  inputs: readonly string[],
  capture: CaptureOptions,
  options: { readonly heap?: boolean } = {},
): Promise<CliMoment> {
  const resolved = await resolveCliInputs(inputs, capture);
  try {
    const outcome = await classifyInputs(resolved.inputs, {
      inflater: zlibInflater,
      maxDecompressedBytes: capture.maxBytesGiven ? capture.maxBytes : DEFAULT_MAX_DECOMPRESSED_BYTES,
    });
    if (outcome.kind === 'heap-only' || (outcome.heap !== null && options.heap !== true)) {
      throw heapNotGoroutinesError(outcome.heap!.name, outcome.heap!.format);
    }
    return { snapshot: outcome.snapshot, heap: outcome.heap?.profile ?? null, warnings: resolved.warnings };
  } finally {
    await resolved.dispose();
  }
}
