// Extension entry point: builds the shared services and calls each feature's register function.
// Returns a small API the integration tests use to look at what the views show.
import * as vscode from 'vscode';
import { prestartDecodeWorker, stopDecodeWorker } from './analysis/decodeClient';
import { registerCapture } from './capture/registerCapture';
import type { ComparisonStore } from './compare/comparisonStore';
import { registerCompare } from './compare/registerCompare';
import { CONTEXT_KEYS } from './commandIds';
import { registerBlockingDecorations, type BlockingDecorations } from './editor/blockingDecorations';
import type { GroupNavigation } from './editor/groupNavigation';
import { registerGroupNavigation } from './editor/registerGroupNavigation';
import { registerFixes } from './fix/registerFixes';
import { registerSuspectStatusBar } from './editor/suspectStatusBar';
import type { SessionStore } from './model/sessionStore';
import { registerOpenCommands } from './open/registerOpenCommands';
import { registerReports } from './report/registerReports';
import type { DetailPanel } from './panel/detailPanel';
import { registerDetailPanel } from './panel/registerDetailPanel';
import { createServices } from './services';
import { registerSnapshots } from './snapshots/registerSnapshots';
import type { SnapshotStore } from './snapshots/snapshotStore';
import type { GoroutineTreeProvider } from './tree/goroutineTreeProvider';
import { registerGoroutineTree } from './tree/registerGoroutineTree';
import { registerWatch } from './watch/registerWatch';
import type { WatchManager } from './watch/watchManager';

export interface GoroutineInspectorApi {
  readonly sessions: SessionStore;
  readonly snapshots: SnapshotStore;
  readonly tree: GoroutineTreeProvider;
  readonly detailPanel: DetailPanel;
  readonly decorations: BlockingDecorations;
  readonly navigation: GroupNavigation;
  readonly watches: WatchManager;
  readonly comparisons: ComparisonStore;
}

export function activate(context: vscode.ExtensionContext): GoroutineInspectorApi {
  // The view is open (that is what activates the extension): the first analysis should not wait
  // for the worker's code to load (80-180 ms on a 2-core VM).
  prestartDecodeWorker(context.extensionUri);
  const services = createServices(context);
  const tree = registerGoroutineTree(context, services);
  const watches = registerWatch(context, services);
  registerSnapshots(context, services, watches);
  registerCapture(context, services);
  registerOpenCommands(context, services);
  const detailPanel = registerDetailPanel(context, services);
  const navigation = registerGroupNavigation(context, services, detailPanel);
  const comparisons = registerCompare(context, services, detailPanel);
  const decorations = registerBlockingDecorations(context, services);
  registerSuspectStatusBar(context, services);
  registerFixes(context, services);
  registerReports(context, services);
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasSnapshot, false);
  const { sessions, snapshots } = services;
  return { sessions, snapshots, tree, detailPanel, decorations, navigation, watches, comparisons };
}

export function deactivate(): void {
  stopDecodeWorker();
}
