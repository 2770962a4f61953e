// What the features share, built once when the extension activates and handed to each feature's
// register function: the current session, the stored snapshots, the analysis pipeline, and the way
// from a group to its source.
import * as vscode from 'vscode';
import type { AnalysisDeps } from './analysis/runAnalysis';
import { COMMANDS } from './commandIds';
import { openGroupCreator, openGroupFrame, openHeapFrame } from './editor/groupSource';
import type { OpenedLocation } from './editor/openFrame';
import type { AnalysisSession } from './model/analysisSession';
import { SessionStore } from './model/sessionStore';
import { settings } from './settings';
import { SnapshotStore } from './snapshots/snapshotStore';
import type { SourceLocation } from './webview/webviewController';

/** Opens a group's frames and creators in the editor; the detail panel and the profile editor call it. */
export interface GroupSource {
  openFrame(session: AnalysisSession, groupKey: string, frameIndex: number): Promise<OpenedLocation | null>;
  openCreatedBy(session: AnalysisSession, groupKey: string, chainIndex: number): Promise<OpenedLocation | null>;
  /** Runs "Apply Quick Fix…" for a group (registered by host/fix). */
  applyFix(session: AnalysisSession, groupKey: string): Promise<unknown>;
  openSource(session: AnalysisSession | null, location: SourceLocation): Promise<OpenedLocation | null>;
}

export interface Services {
  readonly sessions: SessionStore;
  readonly snapshots: SnapshotStore;
  /** Decodes and analyses inputs into the current session (records a stored snapshot's counts). */
  readonly analysis: AnalysisDeps;
  readonly source: GroupSource;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const sessions = new SessionStore();
  const snapshots = new SnapshotStore(context.storageUri ?? context.globalStorageUri, settings.maxSnapshots);
  context.subscriptions.push(sessions, snapshots);
  const analysis: AnalysisDeps = {
    extensionUri: context.extensionUri,
    sessions,
    onAnalysed: async (s) => {
      if (!s.snapshotId) return;
      const suspects = s.result.groups.filter((g) => g.verdict.suspect).reduce((n, g) => n + g.group.count, 0);
      await snapshots.recordCounts(s.snapshotId, s.result.snapshot.goroutineCount, suspects);
    },
  };
  return {
    sessions,
    snapshots,
    analysis,
    source: {
      openFrame: openGroupFrame,
      openCreatedBy: openGroupCreator,
      openSource: openHeapFrame,
      applyFix: (_s, key) => Promise.resolve(vscode.commands.executeCommand(COMMANDS.applyFix, key)),
    },
  };
}

/** The current session, or null after telling the user there is none yet. */
export function requireSession({ sessions }: Services): AnalysisSession | null {
  const s = sessions.session;
  if (!s)
    void vscode.window.showInformationMessage('No snapshot yet: capture from an endpoint or open a profile first.');
  return s;
}
