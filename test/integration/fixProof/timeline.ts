// One run of a program for the fix proof: start it, capture once before any load (the baseline),
// send the burst and two later batches, then capture three times once every timeout a fix relies
// on (the 30 s ReadTimeout of the server fix) has passed. Each capture is analysed with the
// source it was built from.
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { zlibInflater } from '../../../src/node/zlibInflater';
import { startGoService } from '../../e2e/harness/goService';
import { Load } from './load';
import type { ProofProgram } from './programs';

/** The three captures come this long after the burst, 3 s apart. */
export const FIRST_CAPTURE_MS = 34_000;
export const CAPTURE_GAP_MS = 3_000;

export interface Run {
  readonly program: ProofProgram;
  readonly dir: string;
  /** c0 (before load), c1, c2, c3. */
  readonly captures: readonly AnalysisResult[];
  readonly outcomes: Load['outcomes'];
}

async function capture(url: string, dir: string): Promise<AnalysisResult> {
  const res = await fetch(`${url}/debug/pprof/goroutine?debug=2`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`capturing ${url}: ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const snapshot = await loadSnapshot(
    [
      {
        name: `${url} debug=2`,
        chunks: (async function* () {
          yield bytes;
        })(),
      },
    ],
    { inflater: zlibInflater },
  );
  return analyzeSnapshot(snapshot, { sourceReader: createFsSourceReader([dir]) });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runTimeline(program: ProofProgram, dir: string, go: string): Promise<Run> {
  const service = await startGoService(dir, program.args, { go });
  const load = new Load(service.url);
  try {
    const captures: AnalysisResult[] = [await capture(service.url, dir)];
    const start = Date.now();
    await program.burst(load);
    await sleep(start + 5_000 - Date.now());
    await program.batch(load);
    await sleep(start + 10_000 - Date.now());
    await program.batch(load);
    for (let i = 0; i < 3; i++) {
      await sleep(start + FIRST_CAPTURE_MS + i * CAPTURE_GAP_MS - Date.now());
      captures.push(await capture(service.url, dir));
    }
    return { program, dir, captures, outcomes: load.outcomes };
  } finally {
    load.close();
    await service.stop();
  }
}
