// Runs decodeWorker in a worker thread so that decoding 100k goroutines never blocks the
// extension host; progress comes back as messages, cancelling terminates the worker.
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { DecodeJob, DecodeOutcome, WorkerReply } from '../../node/decodeWorker';

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

export function decodeInWorker(
  extensionUri: vscode.Uri,
  job: DecodeJob,
  onProgress: (bytesRead: number, totalBytes: number) => void,
  token?: vscode.CancellationToken,
): Promise<DecodeOutcome> {
  const script = path.join(extensionUri.fsPath, 'dist', 'decodeWorker.js');
  if (!existsSync(script)) {
    return Promise.reject(new Error(`the decoder ${script} is missing; run "npm run build"`));
  }
  return new Promise<DecodeOutcome>((resolve, reject) => {
    const worker = new Worker(script);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      sub?.dispose();
      void worker.terminate();
      fn();
    };
    const sub = token?.onCancellationRequested(() => finish(() => reject(new DecodeCancelled())));
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'progress') onProgress(msg.bytesRead, msg.totalBytes);
      else if (msg.type === 'done') finish(() => resolve(msg.outcome));
      else finish(() => reject(new DecodeError(msg.message, msg.inputError)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`the decoder stopped unexpectedly (exit code ${code})`))),
    );
    worker.postMessage(job);
  });
}
