// "Capture from Endpoint…": pick an endpoint, fetch the profiles of one moment with progress and
// Cancel, streaming them into a snapshot folder, then analyse. Failures are one specific message
// with actions; a capture that missed a profile is kept and analysed, with a warning naming it.
import * as vscode from 'vscode';
import { analyzeInputs, reportDecodeFailure, type AnalysisDeps } from '../analysis/runAnalysis';
import { COMMANDS, VIEWS, focusViewCommand } from '../commandIds';
import type { AnalysisSession } from '../model/analysisSession';
import { hostFetch } from '../../node/plainHttpFetch';
import { settings } from '../settings';
import type { SnapshotStore } from '../snapshots/snapshotStore';
import { CaptureError } from '../../core/capture/captureError';
import { mebibytesText } from '../../core/present/format';
import { getEndpointHeaders } from './endpointHeaders';
import { pickEndpoint, rememberEndpoint } from './endpointPicker';
import { normalizeEndpoint } from '../../core/capture/endpointUrl';
import { captureProfiles, type CaptureOutcome } from '../../core/capture/fetchProfiles';
import { EXTENSION_CAPTURE_ADVICE } from './captureAdvice';

export interface CaptureDeps extends AnalysisDeps {
  readonly state: vscode.Memento;
  readonly secrets: vscode.SecretStorage;
  readonly snapshots: SnapshotStore;
}

/** What the command resolves to (tests read it): the session, or the failure's message. */
export type CaptureResult =
  { ok: true; session: AnalysisSession; warnings: string[] } | { ok: false; failure: string; message: string };

export function captureFromEndpointCommand(deps: CaptureDeps) {
  const run = async (urlArg?: unknown): Promise<CaptureResult | undefined> => {
    const typed = typeof urlArg === 'string' ? urlArg : await pickEndpoint(deps.state, 'Capture from Endpoint');
    if (!typed) return undefined;
    let base: string;
    try {
      base = normalizeEndpoint(typed);
    } catch (e) {
      const message = `Cannot capture: ${(e as Error).message}.`;
      void vscode.window.showErrorMessage(message);
      return { ok: false, failure: 'url', message };
    }
    let warnings: string[] = [];
    try {
      const session = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Capturing ${base}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          try {
            progress.report({ message: 'goroutines (debug=2 and proto), goroutineleak, heap…' });
            const pending = await deps.snapshots.begin(base, base);
            let outcome: CaptureOutcome;
            try {
              outcome = await captureProfiles({
                base,
                headers: await getEndpointHeaders(deps.secrets, base),
                timeoutSeconds: settings.timeoutSeconds(),
                totalTimeoutSeconds: settings.totalTimeoutSeconds(),
                maxBytes: settings.maxCaptureBytes(),
                includeHeap: settings.includeHeap(),
                signal: abort.signal,
                openSink: pending.openSink,
                advice: EXTENSION_CAPTURE_ADVICE,
                fetchImpl: hostFetch,
                onProgress: (n) => progress.report({ message: `received ${mebibytesText(n)}…` }),
              });
            } catch (e) {
              await pending.discard();
              throw e;
            }
            warnings = outcome.warnings;
            for (const w of warnings) void vscode.window.showWarningMessage(w);
            await rememberEndpoint(deps.state, base);
            const meta = await pending.commit(
              outcome.files.map((f) => ({ name: f.name, source: f.url, size: f.size })),
            );
            progress.report({ message: 'analysing…' });
            return await analyzeInputs(
              deps,
              base,
              outcome.files.map((f) => ({ name: f.url, path: deps.snapshots.fileUri(meta.id, f.name).fsPath })),
              meta.id,
              progress,
              token,
              warnings,
            );
          } finally {
            sub.dispose();
          }
        },
      );
      await vscode.commands.executeCommand(focusViewCommand(VIEWS.goroutines));
      return { ok: true, session, warnings };
    } catch (err) {
      if (err instanceof CaptureError) {
        if (err.failure !== 'cancelled') void showCaptureError(err, base, run);
        return { ok: false, failure: err.failure, message: err.message };
      }
      reportDecodeFailure(err, base);
      return { ok: false, failure: 'decode', message: err instanceof Error ? err.message : String(err) };
    }
  };
  return run;
}

async function showCaptureError(err: CaptureError, base: string, retry: (url: string) => unknown): Promise<void> {
  const actions = ['Retry'];
  if (err.failure === 'unauthorized') actions.push('Set Headers…');
  if (err.failure === 'refused' || err.failure === 'not-found' || err.failure === 'html' || err.failure === 'dns')
    actions.push('Edit Endpoints');
  if (err.failure === 'timeout' || err.failure === 'too-large') actions.push('Open Settings');
  const choice = await vscode.window.showErrorMessage(err.message, ...actions);
  if (choice === 'Retry') void retry(base);
  else if (choice === 'Set Headers…') void vscode.commands.executeCommand(COMMANDS.setEndpointHeaders, base);
  else if (choice === 'Edit Endpoints')
    void vscode.commands.executeCommand('workbench.action.openSettings', 'goroutineInspector.endpoints');
  else if (choice === 'Open Settings')
    void vscode.commands.executeCommand('workbench.action.openSettings', 'goroutineInspector.capture');
}
