// Parse one large debug=2 file on every core: the file is cut at goroutine boundaries
// ("\n\ngoroutine "), one byte range per thread; the main thread parses the first range while
// worker threads (dist/parseWorker.js) parse the others, and the core joins the parts. Applies
// to uncompressed debug=2 files of 32 MiB and more; everything else (and any failure to start a
// worker) falls back to the ordinary streaming parse by returning null. Opt-in
// (readInputParallel): every thread pays its own JIT warm-up, which dominates a cold run, so
// on a busy 2-core machine it lost to the serial parse; bench/parseDump.ts measures both.
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { detectFormat } from '../core/input/detectFormat';
import { joinDumpParts, parseDumpPart, type DumpPart } from '../core/input/dumpParts';
import type { ParsedInput } from '../core/input/parseInput';
import { isGzip } from '../core/inflater';

const MIN_BYTES = 32 << 20;
const CHUNK = 1 << 20;
const BOUNDARY = Buffer.from('\n\ngoroutine ');

export interface RangeJob {
  readonly file: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Parse `[start, end)` of a file (a whole number of goroutines) with one reused read buffer. */
export function parseRange(job: RangeJob): DumpPart {
  const fd = openSync(job.file, 'r');
  try {
    const parser = parseDumpPart(job.name);
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let pos = job.start; pos < job.end;) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, job.end - pos), pos);
      if (n === 0) break;
      parser.push(n === CHUNK ? buf : buf.subarray(0, n));
      pos += n;
    }
    return parser.finish();
  } finally {
    closeSync(fd);
  }
}

export async function parseFileInParallel(
  file: string,
  threads = Math.min(availableParallelism(), 4),
): Promise<ParsedInput | null> {
  const workerScript = path.join(__dirname, 'parseWorker.js');
  if (threads < 2 || !existsSync(workerScript)) return null;
  const ranges = splitFile(file, threads);
  if (ranges === null) return null;
  const workers = ranges.slice(1).map((r) => runWorker(workerScript, { file, name: file, start: r[0], end: r[1] }));
  // The main thread takes the first range instead of waiting idle.
  let first: DumpPart;
  try {
    first = parseRange({ file, name: file, start: ranges[0]![0], end: ranges[0]![1] });
  } finally {
    void Promise.allSettled(workers);
  }
  const rest = await Promise.all(workers);
  if (rest.some((p) => p === null)) return null;
  return joinDumpParts(file, [first, ...(rest as DumpPart[])]);
}

/** Byte ranges cut just before a goroutine header, or null when this file is not for us. */
function splitFile(file: string, threads: number): [number, number][] | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null; // the ordinary path reports the error
  }
  try {
    const size = fstatSync(fd).size;
    if (size < MIN_BYTES) return null;
    const head = Buffer.allocUnsafe(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    if (isGzip(head) || detectFormat(head.subarray(0, n)) !== 'debug2') return null;
    const cuts = [0];
    const window = Buffer.allocUnsafe(CHUNK);
    for (let k = 1; k < threads; k++) {
      const at = Math.floor((size * k) / threads);
      const got = readSync(fd, window, 0, CHUNK, at);
      const i = window.subarray(0, got).indexOf(BOUNDARY);
      if (i < 0) return null;
      const cut = at + i + 2;
      if (cut <= cuts[cuts.length - 1]!) return null;
      cuts.push(cut);
    }
    cuts.push(size);
    return cuts.slice(0, -1).map((c, i) => [c, cuts[i + 1]!]);
  } finally {
    closeSync(fd);
  }
}

function runWorker(script: string, job: RangeJob): Promise<DumpPart | null> {
  return new Promise((resolve) => {
    let w: Worker;
    try {
      w = new Worker(script, { workerData: job });
    } catch {
      resolve(null);
      return;
    }
    w.once('message', (m: { part?: DumpPart; error?: string }) => resolve(m.part ?? null));
    w.once('error', () => resolve(null));
    w.once('exit', () => resolve(null));
  });
}
