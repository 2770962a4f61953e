// The one pipeline every entry point uses (capture, file, clipboard, selection, snapshot): decode
// and analyse in the worker with progress and Cancel, then make the result the current session.
import * as vscode from 'vscode';
import { mebibytesText } from '../../core/present/format';
import type { DecodeInput, HeapOnlyOutcome } from '../../node/decodeWorker';
import { VIEWS, focusViewCommand } from '../commandIds';
import { newSessionId, type AnalysisSession } from '../model/analysisSession';
import { markNow, newPathMarks } from '../model/pathMarks';
import type { SessionStore } from '../model/sessionStore';
import { settings } from '../settings';
import { DecodeCancelled, DecodeError, decodeInWorker } from './decodeClient';

export type Progress = vscode.Progress<{ message?: string; increment?: number }>;

export interface AnalysisDeps {
  readonly extensionUri: vscode.Uri;
  readonly sessions: SessionStore;
  /** Called with each new session (e.g. to record counts of a stored snapshot). */
  /** Awaited before the analysis resolves, so what it records (snapshot counts) is in place. */
  readonly onAnalysed?: (session: AnalysisSession) => Promise<void>;
}

/** What the inputs held: goroutines, analysed into the current session, or a heap profile alone. */
export type OpenedInputs = { readonly kind: 'session'; readonly session: AnalysisSession } | HeapOnlyOutcome;

/**
 * Decodes inside an existing progress notification; throws DecodeCancelled or DecodeError. A heap
 * profile alone comes back as it is, for a caller that can show one (the profile editor).
 */
export async function openInputs(
  deps: AnalysisDeps,
  title: string,
  inputs: DecodeInput[],
  snapshotId: string | null,
  progress: Progress,
  token: vscode.CancellationToken,
  /** Warnings from before decoding (a capture that missed a profile), shown with the decoder's. */
  earlierWarnings: readonly string[] = [],
): Promise<OpenedInputs> {
  const opened = await decodeSession(deps, title, inputs, snapshotId, progress, token, earlierWarnings);
  if (opened.kind === 'heap-only') return opened;
  deps.sessions.set(opened.session);
  await deps.onAnalysed?.(opened.session);
  return opened;
}

/** openInputs without making the result the current session (the earlier moment of a comparison). */
export async function decodeSession(
  deps: AnalysisDeps,
  title: string,
  inputs: DecodeInput[],
  snapshotId: string | null,
  progress: Progress,
  token: vscode.CancellationToken,
  earlierWarnings: readonly string[] = [],
): Promise<OpenedInputs> {
  const requested = markNow();
  let lastPct = 0;
  const outcome = await decodeInWorker(
    deps.extensionUri,
    {
      inputs,
      maxDecompressedBytes: settings.maxDecompressedBytes(),
      sourceRoots: (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => f.uri.fsPath),
    },
    (read, total) => {
      const pct = total > 0 ? Math.floor((read / total) * 100) : 0;
      progress.report({
        message: `Decoding ${mebibytesText(read)} of ${mebibytesText(total)}…`,
        increment: Math.max(0, pct - lastPct),
      });
      lastPct = Math.max(lastPct, pct);
    },
    token,
  );
  if (outcome.kind === 'heap-only') return outcome;
  const session: AnalysisSession = {
    id: newSessionId(),
    title,
    result:
      earlierWarnings.length === 0
        ? outcome.result
        : { ...outcome.result, warnings: [...earlierWarnings, ...outcome.result.warnings] },
    heap: outcome.heap,
    held: outcome.held,
    localFiles: outcome.localFiles,
    snapshotId,
    marks: newPathMarks(requested, outcome.timings),
  };
  return { kind: 'session', session };
}

/** The same for callers that show goroutines only: a heap profile alone is a DecodeError. */
export async function analyzeInputs(
  deps: AnalysisDeps,
  title: string,
  inputs: DecodeInput[],
  snapshotId: string | null,
  progress: Progress,
  token: vscode.CancellationToken,
  earlierWarnings: readonly string[] = [],
): Promise<AnalysisSession> {
  const opened = await openInputs(deps, title, inputs, snapshotId, progress, token, earlierWarnings);
  if (opened.kind === 'heap-only') {
    throw new DecodeError(
      `${inputs.map((i) => i.name).join(', ')}: no goroutine profile or dump among the inputs (only a heap profile). ` +
        'Open a goroutine profile (goroutine?debug=2, debug=1 or the protobuf) or capture from an endpoint',
      true,
    );
  }
  return opened.session;
}

/** Shows a decode failure as one message; cancellation is silent. */
export function reportDecodeFailure(err: unknown, what: string): void {
  if (err instanceof DecodeCancelled) return;
  if (err instanceof DecodeError && err.inputError) {
    void vscode.window.showErrorMessage(`Cannot analyse ${what}: ${err.message}`);
    return;
  }
  const msg = err instanceof Error ? err.message : String(err);
  void vscode.window.showErrorMessage(`Analysing ${what} failed: ${msg}`);
}

/** Runs analyzeInputs in its own cancellable notification and reveals the tree. */
export async function analyzeWithProgress(
  deps: AnalysisDeps,
  title: string,
  inputs: DecodeInput[],
  snapshotId: string | null,
): Promise<AnalysisSession | null> {
  try {
    const session = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Goroutine Inspector: analysing ${title}`,
        cancellable: true,
      },
      (progress, token) => analyzeInputs(deps, title, inputs, snapshotId, progress, token),
    );
    await vscode.commands.executeCommand(focusViewCommand(VIEWS.goroutines));
    return session;
  } catch (err) {
    reportDecodeFailure(err, title);
    return null;
  }
}
