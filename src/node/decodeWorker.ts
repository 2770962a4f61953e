// Decodes and analyses inputs off the extension host's main thread: a worker_threads entry
// (dist/decodeWorker.js) that reads files or bytes, runs the core's loader and analysis, and posts
// progress and the result back. `decodeInputs` is the same work in-process (tests, fallback).
import { createReadStream, statSync } from 'node:fs';
import { isMainThread, parentPort } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { analyzeSnapshot } from '../core/analysis/analyze';
import type { AnalysisResult } from '../core/analysis/verdict';
import { isGzip } from '../core/inflater';
import { loadSnapshot } from '../core/input/loadSnapshot';
import { InputError } from '../core/inputError';
import type { Profile } from '../core/model/profile';
import { readProfile } from '../core/profile/readProfile';
import { createGoParser } from '../core/source/goParser';
import { SourceLookup } from '../core/source/sourceLookup';
import type { SourceReader } from '../core/source/sourceReader';
import { createFsSourceReader } from './fsSourceReader';
import { zlibInflater } from './zlibInflater';

export interface DecodeInput {
  readonly name: string;
  /** A file to stream from; or `bytes`. */
  readonly path?: string;
  readonly bytes?: Uint8Array;
}

export interface DecodeJob {
  readonly inputs: readonly DecodeInput[];
  readonly maxDecompressedBytes: number;
  /** Workspace folders: where the analysis reads Go source to see which select cases exist. */
  readonly sourceRoots: readonly string[];
}

export interface DecodeOutcome {
  readonly result: AnalysisResult;
  readonly heap: Profile | null;
  /**
   * Stack file → local file under the source roots, by the analysis' own path mapping (go.mod
   * module paths, -trimpath names, longest suffix), for every frame file that maps.
   */
  readonly localFiles: Map<string, string>;
}

export type WorkerReply =
  | { readonly type: 'progress'; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'done'; readonly outcome: DecodeOutcome }
  | { readonly type: 'error'; readonly message: string; readonly inputError: boolean };

const CHUNK = 1 << 20;

async function* chunksOf(input: DecodeInput): AsyncIterable<Uint8Array> {
  if (input.bytes) {
    for (let off = 0; off < input.bytes.length; off += CHUNK) yield input.bytes.subarray(off, off + CHUNK);
    return;
  }
  for await (const c of createReadStream(input.path!, { highWaterMark: CHUNK })) yield c as Buffer;
}

async function headOf(input: DecodeInput): Promise<Uint8Array> {
  for await (const c of chunksOf(input)) return c.subarray(0, 64 * 1024);
  return new Uint8Array(0);
}

function sizeOf(input: DecodeInput): number {
  if (input.bytes) return input.bytes.length;
  try {
    return statSync(input.path!).size;
  } catch (e) {
    throw new InputError(`cannot read the file (${(e as Error).message})`, { stage: 'reading', input: input.name });
  }
}

/** The first decompressed bytes of a gzip head (a partial stream is fine), or the head itself. */
function plainHead(head: Uint8Array): Uint8Array {
  if (!isGzip(head)) return head;
  try {
    return zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    return new Uint8Array(0);
  }
}

function looksLikeText(head: Uint8Array): boolean {
  const n = Math.min(head.length, 512);
  if (n === 0) return true;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc0) printable++;
  }
  return printable / n > 0.95;
}

async function readAll(input: DecodeInput): Promise<Uint8Array> {
  if (input.bytes) return input.bytes;
  const parts: Uint8Array[] = [];
  for await (const c of chunksOf(input)) parts.push(c);
  return Buffer.concat(parts);
}

export async function decodeInputs(
  job: DecodeJob,
  onProgress: (bytesRead: number, totalBytes: number) => void,
): Promise<DecodeOutcome> {
  const totalBytes = job.inputs.reduce((n, i) => n + sizeOf(i), 0);
  let bytesRead = 0;
  let heap: Profile | null = null;
  const goroutineInputs: DecodeInput[] = [];
  for (const input of job.inputs) {
    const head = plainHead(await headOf(input));
    if (looksLikeText(head)) {
      goroutineInputs.push(input);
      continue;
    }
    // Binary: a pprof protobuf. Heap profiles travel with captures; goroutine protos go on.
    const profile = await readProfile(await readAll(input), {
      input: input.name,
      inflater: zlibInflater,
      maxDecompressedBytes: job.maxDecompressedBytes,
    });
    if (profile.sampleTypes.some((t) => t.type === 'inuse_space' || t.type === 'alloc_space')) {
      heap = profile;
      bytesRead += sizeOf(input);
      onProgress(bytesRead, totalBytes);
    } else {
      goroutineInputs.push(input);
    }
  }
  if (goroutineInputs.length === 0) {
    throw new InputError('no goroutine profile or dump among the inputs (only a heap profile)', {
      stage: 'detecting format',
      input: job.inputs.map((i) => i.name).join(', '),
      hint: 'Open a goroutine profile (goroutine?debug=2, debug=1 or the protobuf) or capture from an endpoint',
    });
  }

  // Progress as the bytes stream past (wait minutes per group come with the groups).
  const tapped = (input: DecodeInput) => ({
    name: input.name,
    chunks: (async function* () {
      for await (const c of chunksOf(input)) {
        bytesRead += c.length;
        onProgress(bytesRead, totalBytes);
        yield c;
      }
    })(),
  });
  const snapshot = await loadSnapshot(goroutineInputs.map(tapped), {
    inflater: zlibInflater,
    maxDecompressedBytes: job.maxDecompressedBytes,
  });
  const reader = cachingReader(createFsSourceReader(job.sourceRoots));
  // Runtime groups are kept: the view hides them by default but can show them.
  const result = await analyzeSnapshot(snapshot, {
    sourceReader: job.sourceRoots.length ? reader : null,
    showRuntime: true,
  });
  const localFiles = job.sourceRoots.length ? await mapFrameFiles(result, reader) : new Map<string, string>();
  return { result, heap, localFiles };
}

/** Lists the roots once for both the analysis and the frame mapping. */
function cachingReader(inner: SourceReader): SourceReader {
  let files: Promise<readonly string[]> | null = null;
  return {
    listFiles: () => (files ??= inner.listFiles()),
    readFile: (p) => inner.readFile(p),
    treeSitterWasm: () => inner.treeSitterWasm(),
  };
}

async function mapFrameFiles(result: AnalysisResult, reader: SourceReader): Promise<Map<string, string>> {
  // The same lookup the analysis uses: module paths from go.mod, and a file chosen by its name
  // alone must declare the frame's function at the frame's line.
  const lookup = await SourceLookup.create(reader, await createGoParser(await reader.treeSitterWasm()));
  const out = new Map<string, string>();
  const tried = new Set<string>();
  const visit = async (file: string, line: number, fn: string) => {
    if (tried.has(file)) return;
    tried.add(file);
    const local = await lookup.localFile(file, line, fn);
    if (local !== null) out.set(file, local);
  };
  for (const g of result.groups) {
    for (const f of g.group.stack.frames) await visit(f.file, f.line, f.function);
    if (g.group.createdBy) await visit(g.group.createdBy.file, g.group.createdBy.line, g.group.createdBy.function);
  }
  return out;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.once('message', (job: DecodeJob) => {
    let last = 0;
    decodeInputs(job, (bytesRead, totalBytes) => {
      // At most ~20 progress messages a second: posting is not free at 100k chunks.
      const now = Date.now();
      if (now - last < 50 && bytesRead < totalBytes) return;
      last = now;
      port.postMessage({ type: 'progress', bytesRead, totalBytes } satisfies WorkerReply);
    }).then(
      (outcome) => port.postMessage({ type: 'done', outcome } satisfies WorkerReply),
      (err: unknown) =>
        port.postMessage({
          type: 'error',
          message: err instanceof Error ? err.message : String(err),
          inputError: err instanceof InputError,
        } satisfies WorkerReply),
    );
  });
}
