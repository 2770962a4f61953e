// Decodes and analyses inputs off the extension host's main thread: a worker_threads entry
// (dist/decodeWorker.js) that reads files or bytes through the core's one way in (classifyInputs),
// analyses the goroutines, and posts progress and a typed outcome back: goroutines analysed (with
// what the heap profile of the same moment says: its top, flame graph and the memory each suspect
// holds), or a heap profile alone. Profiles never cross the thread boundary, only these plain
// views of them. `decodeInputs` is the same work in-process (tests, fallback).
import { statSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyzeSnapshot } from '../core/analysis/analyze';
import type { HistoryPoint } from '../core/analysis/history/historyPoint';
import type { AnalysisResult } from '../core/analysis/verdict';
import { classifyInputs } from '../core/input/classifyInputs';
import { bytesInput, type SnapshotInput } from '../core/input/snapshotInput';
import { InputError } from '../core/inputError';
import { heldMemory, type HeldMemoryReport } from '../core/analysis/heldMemory';
import { heapProfileData, type HeapProfileData } from '../core/present/heapData';
import { heapInUse } from '../core/watch/heapInUse';
import { tickSummary, type TickSummary } from '../core/watch/tickSummary';
import { createGoParser } from '../core/source/goParser';
import { SourceLookup } from '../core/source/sourceLookup';
import type { SourceReader } from '../core/source/sourceReader';
import { createFsSourceReader } from './fsSourceReader';
import { warmUp } from './workerWarmUp';
import { readInput } from './readInput';
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
  /** Earlier moments of the same process, oldest first (a watch's series). */
  readonly history?: readonly HistoryPoint[];
  /** When the inputs were captured (ms since the epoch), for the history's rates. */
  readonly capturedAt?: number | null;
  /**
   * A watch tick: its summary (TickSummary) is built here. `session` false (a counts tick, which
   * the tree does not show) sends back the summary alone: no analysis, heap page or file mapping.
   */
  readonly tick?: { readonly at: number; readonly session: boolean };
}

/** When each step of the work ended, in ms since the epoch (performance.timeOrigin + now). */
export interface WorkerTimings {
  readonly started: number;
  readonly decoded: number;
  readonly analysed: number;
  readonly heap: number;
  readonly mapped: number;
  /** Set by the extension host (decodeClient): the job posted, and the outcome received. */
  readonly posted?: number;
  readonly received?: number;
}

/** Goroutines among the inputs: the analysis, and the heap profile of the same moment if any. */
export interface GoroutinesOutcome {
  readonly kind: 'goroutines';
  readonly result: AnalysisResult;
  /** The heap profile of the same moment, as the views need it; null without one. */
  readonly heap: HeapProfileData | null;
  /** What each suspect group holds in that heap profile; null without one. */
  readonly held: HeldMemoryReport | null;
  /**
   * Stack file → local file under the source roots, by the analysis' own path mapping (go.mod
   * module paths, -trimpath names, longest suffix), for every frame file that maps.
   */
  readonly localFiles: Map<string, string>;
  /** Set when the job was a watch tick. */
  readonly tick: TickSummary | null;
  readonly timings: WorkerTimings;
}

/** A watch tick's summary without the session (DecodeJob.tick.session false). */
export interface TickCountsOutcome {
  readonly kind: 'tick-counts';
  readonly tick: TickSummary;
  readonly timings: WorkerTimings;
}

/** A heap profile and no goroutines: what the heap page shows. */
export interface HeapOnlyOutcome {
  readonly kind: 'heap-only';
  readonly heap: HeapProfileData;
  /** Inputs that were not used (further heap profiles). */
  readonly warnings: readonly string[];
  readonly timings: WorkerTimings;
}

export type DecodeOutcome = GoroutinesOutcome | HeapOnlyOutcome;

/** What a job can end with: a tick's summary only when the job asked for no session. */
export type WorkerOutcome = DecodeOutcome | TickCountsOutcome;

export type WorkerReply = { readonly id: number } & (
  | { readonly type: 'progress'; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'done'; readonly outcome: WorkerOutcome }
  | { readonly type: 'error'; readonly message: string; readonly inputError: boolean }
);

function snapshotInput(input: DecodeInput): SnapshotInput {
  if (input.bytes) return bytesInput(input.name, input.bytes);
  // readInput names the file in its errors; the display name is kept for messages.
  return { ...readInput(input.path!), name: input.name };
}

/** For the progress bar only: a file that cannot be read fails when it is read, with its reason. */
function sizeOf(input: DecodeInput): number {
  if (input.bytes) return input.bytes.length;
  try {
    return statSync(input.path!).size;
  } catch {
    return 0;
  }
}

/** A job without `tick` ends with goroutines or a heap profile, never a tick's summary alone. */
export function decodeInputs(
  job: DecodeJob & { readonly tick?: undefined },
  onProgress: (bytesRead: number, totalBytes: number) => void,
): Promise<DecodeOutcome>;
export function decodeInputs(
  job: DecodeJob,
  onProgress: (bytesRead: number, totalBytes: number) => void,
): Promise<WorkerOutcome>;
export async function decodeInputs(
  job: DecodeJob,
  onProgress: (bytesRead: number, totalBytes: number) => void,
): Promise<WorkerOutcome> {
  const now = () => performance.timeOrigin + performance.now();
  const started = now();
  const totalBytes = job.inputs.reduce((n, i) => n + sizeOf(i), 0);
  const outcome = await classifyInputs(job.inputs.map(snapshotInput), {
    inflater: zlibInflater,
    maxDecompressedBytes: job.maxDecompressedBytes,
    onProgress: (bytesRead) => onProgress(bytesRead, totalBytes),
  });
  const decoded = now();
  if (outcome.kind === 'heap-only') {
    const { heap, warnings } = outcome;
    const data = heapProfileData(heap.profile);
    const done = now();
    return {
      kind: 'heap-only',
      heap: data,
      warnings: warnings.map((w) => `${w.input}: ${w.message}`),
      timings: { started, decoded, analysed: decoded, heap: done, mapped: done },
    };
  }
  // One source lookup (one tree-sitter parser, one listing of the roots, each file parsed once)
  // for the analysis and for mapping frame files afterwards.
  const reader = job.sourceRoots.length ? createFsSourceReader(job.sourceRoots) : null;
  const lookup = reader ? await openLookup(reader) : null;
  // Runtime groups are kept: the view hides them by default but can show them.
  const result = await analyzeSnapshot(outcome.snapshot, {
    sourceReader: reader,
    sourceLookup: lookup,
    showRuntime: true,
    history: job.history,
    capturedAt: job.capturedAt ?? null,
  });
  const analysed = now();
  const inUse = outcome.heap === null ? null : heapInUse(outcome.heap.profile);
  if (job.tick && !job.tick.session) {
    const done = now();
    return {
      kind: 'tick-counts',
      tick: tickSummary(result, inUse, job.tick.at),
      timings: { started, decoded, analysed, heap: done, mapped: done },
    };
  }
  const heap = outcome.heap === null ? null : heapProfileData(outcome.heap.profile);
  const held = outcome.heap === null ? null : heldMemory(result, outcome.heap.profile);
  const heapDone = now();
  const localFiles = lookup ? await mapFrameFiles(result, lookup) : new Map<string, string>();
  return {
    kind: 'goroutines',
    result,
    heap,
    held,
    localFiles,
    tick: job.tick ? tickSummary(result, inUse, job.tick.at) : null,
    timings: { started, decoded, analysed, heap: heapDone, mapped: now() },
  };
}

/** Null when the source cannot be read: the analysis then tries once more and says why. */
async function openLookup(reader: SourceReader): Promise<SourceLookup | null> {
  try {
    return await SourceLookup.create(reader, await createGoParser(await reader.treeSitterWasm()));
  } catch {
    return null;
  }
}

async function mapFrameFiles(result: AnalysisResult, lookup: SourceLookup): Promise<Map<string, string>> {
  // The same lookup the analysis used: module paths from go.mod, and a file chosen by its name
  // alone must declare the frame's function at the frame's line.
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

/** A job as posted to the worker: one worker runs jobs one after the other. */
export interface WorkerRequest {
  readonly id: number;
  readonly job: DecodeJob;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // A worker is kept for the next job (its code loaded and compiled): jobs run one at a time. A
  // spare started ahead warms up first (workerWarmUp.ts), compiling what every job runs; a worker
  // started for a job waiting now does not make it wait longer.
  const warm = (workerData as { warmUp?: boolean } | null)?.warmUp === true;
  let queue: Promise<unknown> = warm
    ? warmUp((bytes, sourceRoot) =>
        decodeInputs(
          { inputs: [{ name: 'warm-up', bytes }], maxDecompressedBytes: 1 << 26, sourceRoots: [sourceRoot] },
          () => undefined,
        ),
      )
    : Promise.resolve();
  port.on('message', ({ id, job }: WorkerRequest) => {
    queue = queue.then(() => {
      let last = 0;
      return decodeInputs(job, (bytesRead, totalBytes) => {
        // At most ~20 progress messages a second: posting is not free at 100k chunks.
        const now = Date.now();
        if (now - last < 50 && bytesRead < totalBytes) return;
        last = now;
        port.postMessage({ id, type: 'progress', bytesRead, totalBytes } satisfies WorkerReply);
      }).then(
        (outcome) => port.postMessage({ id, type: 'done', outcome } satisfies WorkerReply),
        (err: unknown) =>
          port.postMessage({
            id,
            type: 'error',
            message: err instanceof Error ? err.message : String(err),
            inputError: err instanceof InputError,
          } satisfies WorkerReply),
      );
    });
  });
}
