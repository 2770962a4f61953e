// One tick of a watch in the extension: capture into a snapshot of the watch (streamed to disk,
// listed under the watch in the Snapshots view), then decode and analyse it in the worker with
// the history of its segment. Full ticks become the session the tree shows; every tick records
// its counts on its snapshot.
import type * as vscode from 'vscode';
import type { HistoryPoint } from '../../core/analysis/history/historyPoint';
import { CaptureError } from '../../core/capture/captureError';
import { captureProfiles } from '../../core/capture/fetchProfiles';
import { tickProfiles, type TickKind } from '../../core/watch/tickSchedule';
import type { TickAnalysis, TickCapture } from '../../core/watch/watchLoop';
import { DecodeCancelled, DecodeError, decodeTickInWorker } from '../analysis/decodeClient';
import type { AnalysisDeps } from '../analysis/runAnalysis';
import { EXTENSION_CAPTURE_ADVICE } from '../capture/captureAdvice';
import { getEndpointHeaders } from '../capture/endpointHeaders';
import { newSessionId, type AnalysisSession } from '../model/analysisSession';
import { markNow, newPathMarks } from '../model/pathMarks';
import { hostFetch } from '../../node/plainHttpFetch';
import { settings } from '../settings';
import type { SnapshotStore } from '../snapshots/snapshotStore';

export interface TickDeps extends AnalysisDeps {
  readonly secrets: vscode.SecretStorage;
  readonly snapshots: SnapshotStore;
  /** Workspace folders on disk: the analysis reads their Go source. */
  readonly sourceRoots: () => string[];
}

export interface HostTick extends TickCapture {
  readonly snapshotId: string;
  readonly files: readonly { name: string; url: string }[];
}

export async function captureTick(
  deps: TickDeps,
  base: string,
  watchId: string,
  kind: TickKind,
  leakProfileMissing: boolean,
  signal: AbortSignal,
): Promise<HostTick> {
  const pending = await deps.snapshots.begin(`Watch of ${base}`, base, { watchId });
  try {
    const outcome = await captureProfiles({
      base,
      headers: await getEndpointHeaders(deps.secrets, base),
      timeoutSeconds: settings.timeoutSeconds(),
      totalTimeoutSeconds: settings.totalTimeoutSeconds(),
      maxBytes: settings.maxCaptureBytes(),
      includeHeap: settings.includeHeap(),
      profiles: tickProfiles(kind, { leakProfileMissing, includeHeap: settings.includeHeap() }),
      signal,
      openSink: pending.openSink,
      advice: EXTENSION_CAPTURE_ADVICE,
      fetchImpl: hostFetch,
    });
    const meta = await pending.commit(outcome.files.map((f) => ({ name: f.name, source: f.url, size: f.size })));
    return {
      snapshotId: meta.id,
      files: outcome.files,
      bytes: outcome.files.reduce((n, f) => n + f.size, 0),
      leakProfileMissing: outcome.skipped.some((s) => s.startsWith('goroutineleak')),
    };
  } catch (e) {
    await pending.discard();
    throw e;
  }
}

/**
 * Decodes and analyses a stored tick with its history in the worker, which also builds the tick's
 * summary (history point, heap in use, suspects, counts; recorded on its snapshot here). The
 * session (returned, not shown) only when `withSession`: a counts tick is not shown in the tree,
 * so its analysis stays in the worker.
 */
export async function analyzeTick(
  deps: TickDeps,
  title: string,
  tick: { snapshotId: string; files: readonly { name: string; url: string }[] },
  history: readonly HistoryPoint[],
  at: number,
  withSession: boolean,
): Promise<{ session: AnalysisSession | null; analysis: TickAnalysis }> {
  const requested = markNow();
  const outcome = await decodeTickInWorker(deps.extensionUri, {
    inputs: tick.files.map((f) => ({ name: f.url, path: deps.snapshots.fileUri(tick.snapshotId, f.name).fsPath })),
    maxDecompressedBytes: settings.maxDecompressedBytes(),
    sourceRoots: deps.sourceRoots(),
    history,
    capturedAt: at,
    tick: { at, session: withSession },
  });
  const summary = outcome.tick!;
  await deps.snapshots.recordCounts(tick.snapshotId, summary.goroutines, summary.suspectGoroutines);
  const analysis: TickAnalysis = { point: summary.point, heapInUse: summary.heapInUse, suspects: summary.suspects };
  if (outcome.kind === 'tick-counts') return { session: null, analysis };
  const session: AnalysisSession = {
    id: newSessionId(),
    title,
    result: outcome.result,
    heap: outcome.heap,
    held: outcome.held,
    localFiles: outcome.localFiles,
    snapshotId: tick.snapshotId,
    marks: newPathMarks(requested, outcome.timings),
  };
  return { session, analysis };
}

/** A tick's failure in words for the gap, or null when the watch was stopped. */
export function describeTickFailure(e: unknown, signal: AbortSignal): string | null {
  if (signal.aborted || e instanceof DecodeCancelled) return null;
  if (e instanceof CaptureError) return e.failure === 'cancelled' ? null : e.message;
  if (e instanceof DecodeError) return `the capture could not be analysed: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
