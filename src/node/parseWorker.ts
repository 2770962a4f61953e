// Worker-thread entry (dist/parseWorker.js): parse one byte range of a debug=2 file and post the
// part back. Errors are posted as text; the main thread then falls back to a serial parse.
import { parentPort, workerData } from 'node:worker_threads';
import { parseRange, type RangeJob } from './parallelParse';

try {
  parentPort!.postMessage({ part: parseRange(workerData as RangeJob) });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
