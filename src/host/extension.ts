// Extension entry point: builds the services and calls each feature's register function. Returns
// a small API the integration tests use to look at what the views show.
import * as vscode from 'vscode';
import type { AnalysisDeps } from './analysis/runAnalysis';
import { captureFromEndpointCommand } from './capture/captureCommand';
import { setEndpointHeadersCommand } from './capture/setHeadersCommand';
import { BlockingDecorations } from './editor/blockingDecorations';
import { GroupNavigation } from './editor/groupNavigation';
import { registerSuspectStatusBar } from './editor/suspectStatusBar';
import type { AnalysisSession } from './model/analysisSession';
import { SessionStore } from './model/sessionStore';
import {
  analyzeClipboardCommand,
  analyzeSelectionCommand,
  analyzeTerminalSelectionCommand,
} from './open/analyzeTextCommands';
import { openProfileFileCommand } from './open/openProfileFileCommand';
import { ProfileEditorProvider } from './open/profileEditorProvider';
import { DetailPanel } from './panel/detailPanel';
import { settings } from './settings';
import { registerSnapshotCommands } from './snapshots/snapshotCommands';
import { SnapshotStore } from './snapshots/snapshotStore';
import { SnapshotsTreeProvider } from './snapshots/snapshotsTreeProvider';
import type { GoroutineTreeProvider } from './tree/goroutineTreeProvider';
import { registerGoroutineTree } from './tree/registerGoroutineTree';

export interface GoroutineInspectorApi {
  readonly sessions: SessionStore;
  readonly snapshots: SnapshotStore;
  readonly tree: GoroutineTreeProvider;
  readonly detailPanel: DetailPanel;
  readonly decorations: BlockingDecorations;
  readonly navigation: GroupNavigation;
}

function requireSession(sessions: SessionStore): AnalysisSession | null {
  const s = sessions.session;
  if (!s)
    void vscode.window.showInformationMessage('No snapshot yet: capture from an endpoint or open a profile first.');
  return s;
}

export function activate(context: vscode.ExtensionContext): GoroutineInspectorApi {
  const sessions = new SessionStore();
  const storage = context.storageUri ?? context.globalStorageUri;
  const snapshots = new SnapshotStore(storage, settings.maxSnapshots);
  let panel: DetailPanel | null = null;
  const navigation = new GroupNavigation(() => panel!);
  panel = new DetailPanel(context.extensionUri, navigation);
  const decorations = new BlockingDecorations(sessions);
  const deps: AnalysisDeps = {
    extensionUri: context.extensionUri,
    sessions,
    onAnalysed: async (s) => {
      if (s.snapshotId) {
        const suspects = s.result.groups.filter((g) => g.verdict.suspect).reduce((n, g) => n + g.group.count, 0);
        await snapshots.recordCounts(s.snapshotId, s.result.snapshot.goroutineCount, suspects);
      }
    },
  };
  const tree = registerGoroutineTree(sessions);
  const panelFollowsSessions = sessions.onDidChange((s) => panel!.sessionChanged(s));
  const snapshotTree = new SnapshotsTreeProvider(snapshots);
  const reg = vscode.commands.registerCommand;

  context.subscriptions.push(
    panelFollowsSessions,
    sessions,
    snapshots,
    panel,
    decorations,
    ...tree.disposables,
    snapshotTree,
    vscode.window.registerTreeDataProvider('goroutineInspector.snapshots', snapshotTree),
    registerSuspectStatusBar(sessions),
    ...registerSnapshotCommands(deps, snapshots),
    vscode.window.registerCustomEditorProvider(
      ProfileEditorProvider.viewType,
      new ProfileEditorProvider(deps, navigation),
      {
        supportsMultipleEditorsPerDocument: false,
      },
    ),
    reg('goroutineInspector.focusView', () => vscode.commands.executeCommand('goroutineInspector.goroutines.focus')),
    reg(
      'goroutineInspector.captureFromEndpoint',
      captureFromEndpointCommand({ ...deps, state: context.globalState, secrets: context.secrets, snapshots }),
    ),
    reg(
      'goroutineInspector.setEndpointHeaders',
      setEndpointHeadersCommand({ state: context.globalState, secrets: context.secrets }),
    ),
    reg('goroutineInspector.openProfileFile', openProfileFileCommand(deps)),
    reg('goroutineInspector.analyzeClipboard', analyzeClipboardCommand(deps)),
    reg('goroutineInspector.analyzeSelection', analyzeSelectionCommand(deps)),
    reg('goroutineInspector.analyzeTerminalSelection', analyzeTerminalSelectionCommand(deps)),
    reg('goroutineInspector.showGroup', async (key?: unknown) => {
      const s = requireSession(sessions);
      return s && typeof key === 'string' ? navigation.showGroup(s, key) : false;
    }),
    reg('goroutineInspector.openFrame', async (key?: unknown, index?: unknown) => {
      const s = requireSession(sessions);
      return s && typeof key === 'string' && typeof index === 'number' ? navigation.openFrameAt(s, key, index) : null;
    }),
    reg('goroutineInspector.openCreatedBy', async (key?: unknown, index?: unknown) => {
      const s = requireSession(sessions);
      if (s && typeof key === 'string' && typeof index === 'number') await navigation.openCreatedBy(s, key, index);
    }),
    reg('goroutineInspector.showSummary', () => {
      const s = requireSession(sessions);
      if (s) panel!.showSummary(s);
    }),
    reg('goroutineInspector.clearDecorations', () => decorations.clear()),
  );
  void vscode.commands.executeCommand('setContext', 'goroutineInspector.hasSnapshot', false);
  return { sessions, snapshots, tree: tree.provider, detailPanel: panel, decorations, navigation };
}

export function deactivate(): void {}
