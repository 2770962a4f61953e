// Registers the watch feature: its manager (the running watches), the timeline panel and the
// commands. Returns the manager: the Snapshots view groups ticks by it, the tests drive it.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { Services } from '../services';
import { resumeWatchCommand, showTimelineCommand, stopWatchCommand, watchEndpointCommand } from './watchCommands';
import { WatchManager } from './watchManager';
import { TimelinePanel } from './timelinePanel';

export function registerWatch(context: vscode.ExtensionContext, { analysis, snapshots }: Services): WatchManager {
  const watches = new WatchManager(
    {
      ...analysis,
      secrets: context.secrets,
      snapshots,
      sourceRoots: () =>
        (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    },
    snapshots.root,
  );
  const timeline = new TimelinePanel(context.extensionUri, (id, snapshotId) => watches.openTick(id, snapshotId));
  watches.timeline = timeline;
  context.subscriptions.push(
    watches,
    timeline,
    vscode.commands.registerCommand(
      COMMANDS.watchEndpoint,
      watchEndpointCommand(watches, timeline, context.globalState),
    ),
    vscode.commands.registerCommand(COMMANDS.stopWatch, stopWatchCommand(watches)),
    vscode.commands.registerCommand(COMMANDS.resumeWatch, resumeWatchCommand(watches, timeline)),
    vscode.commands.registerCommand(COMMANDS.showTimeline, showTimelineCommand(watches, timeline)),
  );
  return watches;
}
