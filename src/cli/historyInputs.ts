// `analyze NOW... --history EARLIER`: each earlier moment (a file, or an endpoint captured once) is
// loaded on its own and kept as a history point with its capture time: a file's modification time
// (pprof files are written when captured), an endpoint's moment of capture. Times that do not
// rise in the order given are not trusted: the points then carry none and rates read per capture.
import { statSync } from 'node:fs';
import { pointFromSnapshot, type HistoryPoint } from '../core/analysis/history/historyPoint';
import type { CaptureOptions } from './captureOptions';
import { isUrlInput, loadCliInputs } from './cliInputs';

export interface LoadedHistory {
  readonly points: HistoryPoint[];
  /** Capture time of the moment analysed, or null when the times are not trusted. */
  readonly nowAt: number | null;
  readonly warnings: string[];
}

/** When an input was captured: now for an endpoint, the modification time of a file (null for stdin). */
export function inputTime(input: string, capturedAt: number): number | null {
  if (isUrlInput(input)) return capturedAt;
  if (input === '-') return null;
  try {
    return statSync(input.startsWith('file://') ? new URL(input) : input).mtimeMs;
  } catch {
    return null;
  }
}

export async function loadHistory(
  earlier: readonly string[],
  now: readonly string[],
  capture: CaptureOptions,
  handlerPatterns?: string[],
): Promise<LoadedHistory> {
  const warnings: string[] = [];
  const loaded: { snapshot: Awaited<ReturnType<typeof loadCliInputs>>['snapshot']; at: number | null }[] = [];
  for (const input of earlier) {
    const started = Date.now();
    const { snapshot, warnings: w } = await loadCliInputs([input], capture);
    warnings.push(...w.map((x) => `history ${input}: ${x}`));
    loaded.push({ snapshot, at: inputTime(input, started) });
  }
  const nowTimes = now.map((i) => inputTime(i, Date.now()));
  const nowAt = nowTimes.some((t) => t === null) ? null : Math.max(...(nowTimes as number[]));
  const times = [...loaded.map((l) => l.at), nowAt];
  const trusted = times.every((t, i) => t !== null && (i === 0 || t > times[i - 1]!));
  if (!trusted)
    warnings.push(
      'history: the capture times of the inputs (file modification times) do not rise in the order given, so growth is given per capture, not per minute',
    );
  return {
    points: loaded.map((l) => pointFromSnapshot(l.snapshot, { at: trusted ? l.at : null, handlerPatterns })),
    nowAt: trusted ? nowAt : null,
    warnings,
  };
}
