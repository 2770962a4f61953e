// Runs decodeWorker in a worker thread so that decoding 100k goroutines never blocks the
// extension host; progress comes back as messages, cancelling terminates the worker. One worker
// is kept between jobs (started ahead with `prestartDecodeWorker`): loading its code costs about
// 140 ms, and a worker that decoded before runs its parser compiled already.
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { markNow } from '../model/pathMarks';
import type {
  DecodeJob,
  DecodeOutcome,
  GoroutinesOutcome,
  TickCountsOutcome,
  WorkerOutcome,
  WorkerReply,
  WorkerRequest,
} from '../../node/decodeWorker';

export class DecodeCancelled extends Error {
  constructor() {
    super('decoding was cancelled');
    this.name = 'DecodeCancelled';
  }
}

/** The worker's failure; `inputError` when the input was bad (not the extension). */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly inputError: boolean,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

let spare: { script: string; worker: Worker } | null = null;
let nextId = 1;

function scriptOf(extensionUri: vscode.Uri): string {
  return path.join(extensionUri.fsPath, 'dist', 'decodeWorker.js');
}

/** `warm`: the worker warms up before its first job (a spare started ahead, not one a job waits for). */
function startWorker(script: string, warm = false): Worker {
  const worker = new Worker(script, { workerData: { warmUp: warm } });
  // A spare that dies (or is terminated) is simply not there for the next job.
  worker.on('exit', () => {
    if (spare?.worker === worker) spare = null;
  });
  worker.unref();
  return worker;
}

/** Starts the spare worker now, so that the first decode does not wait for it to load. */
export function prestartDecodeWorker(extensionUri: vscode.Uri): void {
  const script = scriptOf(extensionUri);
  if (spare || !existsSync(script)) return;
  spare = { script, worker: startWorker(script, true) };
}

/** Ends the spare worker (deactivation). */
export function stopDecodeWorker(): void {
  const w = spare?.worker;
  spare = null;
  void w?.terminate();
}

/** Decodes and analyses `job` (not a watch tick) in the worker. */
export async function decodeInWorker(
  extensionUri: vscode.Uri,
  job: DecodeJob & { readonly tick?: undefined },
  onProgress: (bytesRead: number, totalBytes: number) => void,
  token?: vscode.CancellationToken,
): Promise<DecodeOutcome> {
  const outcome = await runJob(extensionUri, job, onProgress, token);
  if (outcome.kind === 'tick-counts') throw new Error('the decoder answered a tick summary to a job without a tick');
  return outcome;
}

/**
 * A watch tick in the worker: its summary, with the session (goroutines) when `job.tick.session`;
 * a heap profile alone is a DecodeError.
 */
export async function decodeTickInWorker(
  extensionUri: vscode.Uri,
  job: DecodeJob & { readonly tick: NonNullable<DecodeJob['tick']> },
): Promise<GoroutinesOutcome | TickCountsOutcome> {
  const outcome = await runJob(extensionUri, job, () => undefined);
  if (outcome.kind === 'heap-only')
    throw new DecodeError('the capture holds a heap profile but no goroutine profile', true);
  return outcome;
}

function runJob(
  extensionUri: vscode.Uri,
  job: DecodeJob,
  onProgress: (bytesRead: number, totalBytes: number) => void,
  token?: vscode.CancellationToken,
): Promise<WorkerOutcome> {
  const script = scriptOf(extensionUri);
  if (!existsSync(script)) {
    return Promise.reject(new Error(`the decoder ${script} is missing; run "npm run build"`));
  }
  // The spare if there is one (a job at a time per worker), else a new one.
  const worker = spare?.script === script ? spare.worker : startWorker(script);
  if (spare?.worker === worker) spare = null;
  const id = nextId++;
  return new Promise<WorkerOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (keep: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      sub?.dispose();
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep && !spare) spare = { script, worker };
      else void worker.terminate();
      fn();
    };
    const onMessage = (msg: WorkerReply) => {
      if (msg.id !== id) return;
      if (msg.type === 'progress') onProgress(msg.bytesRead, msg.totalBytes);
      else if (msg.type === 'done') {
        const received = markNow();
        const outcome = msg.outcome;
        finish(true, () => resolve({ ...outcome, timings: { ...outcome.timings, posted, received } }));
      } else finish(true, () => reject(new DecodeError(msg.message, msg.inputError)));
    };
    const onError = (err: Error) => finish(false, () => reject(err));
    const onExit = (code: number) =>
      finish(false, () => reject(new Error(`the decoder stopped unexpectedly (exit code ${code})`)));
    const sub = token?.onCancellationRequested(() => finish(false, () => reject(new DecodeCancelled())));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const posted = markNow();
    worker.postMessage({ id, job } satisfies WorkerRequest);
  });
}
