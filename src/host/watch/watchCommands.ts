// The watch commands: Watch Endpoint… (palette, view toolbars, a snapshot's context menu: its
// endpoint), Stop Watch (palette, toolbar, the status bar item, a watch node), Resume Watch and
// Show Watch Timeline (a watch node in the Snapshots view). Each resolves to what tests check.
import * as vscode from 'vscode';
import { normalizeEndpoint } from '../../core/capture/endpointUrl';
import type { WatchSeries } from '../../core/watch/watchSeries';
import { pickEndpoint, rememberEndpoint } from '../capture/endpointPicker';
import type { SnapshotMeta } from '../snapshots/snapshotStore';
import type { WatchManager } from './watchManager';
import type { TimelinePanel } from './timelinePanel';

/** A watch id from a command argument: the id itself, a watch node, or a tick's snapshot. */
function watchIdOf(arg: unknown): string | null {
  if (typeof arg === 'string' && arg.startsWith('watch-')) return arg;
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { kind?: unknown; watchId?: unknown };
    if (typeof o.watchId === 'string') return o.watchId;
  }
  return null;
}

export function watchEndpointCommand(watches: WatchManager, timeline: TimelinePanel, state: vscode.Memento) {
  return async (arg?: unknown): Promise<WatchSeries | undefined> => {
    const fromSnapshot = typeof arg === 'object' && arg !== null ? (arg as SnapshotMeta).endpoint : null;
    const typed =
      typeof arg === 'string'
        ? arg
        : (fromSnapshot ?? (await pickEndpoint(state, 'Watch Endpoint', { icon: 'eye', verb: 'Watch' })));
    if (!typed) return undefined;
    let base: string;
    try {
      base = normalizeEndpoint(typed);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot watch: ${(e as Error).message}.`);
      return undefined;
    }
    const already = watches.runningFor(base);
    if (already) {
      void vscode.window.showInformationMessage(`${base} is already being watched.`);
      timeline.show(already.series, true);
      return already.series;
    }
    await rememberEndpoint(state, base);
    const series = await watches.start(base);
    timeline.show(series, true);
    return series;
  };
}

export function stopWatchCommand(watches: WatchManager) {
  return async (arg?: unknown): Promise<WatchSeries | null> => {
    let id = watchIdOf(arg);
    const ids = watches.runningIds();
    if (id === null && ids.length === 1) id = ids[0]!;
    if (id === null && ids.length > 1) {
      const picks = await Promise.all(
        ids.map(async (i) => ({ label: (await watches.series(i))?.endpoint ?? i, id: i })),
      );
      id = (await vscode.window.showQuickPick(picks, { title: 'Stop Watch' }))?.id ?? null;
    }
    if (id === null) return null;
    return watches.stop(id);
  };
}

export function resumeWatchCommand(watches: WatchManager, timeline: TimelinePanel) {
  return async (arg?: unknown): Promise<WatchSeries | null> => {
    const id = watchIdOf(arg) ?? (await pickStored(watches, 'Resume Watch'));
    if (id === null) return null;
    const stored = await watches.series(id);
    if (stored && watches.runningFor(stored.endpoint) && !watches.isRunning(id)) {
      void vscode.window.showInformationMessage(`${stored.endpoint} is already being watched: stop that watch first.`);
      return null;
    }
    const series = await watches.resume(id);
    if (!series) {
      void vscode.window.showErrorMessage('The series of this watch is no longer in the workspace storage.');
      return null;
    }
    timeline.show(series, true);
    return series;
  };
}

export function showTimelineCommand(watches: WatchManager, timeline: TimelinePanel) {
  return async (arg?: unknown): Promise<WatchSeries | null> => {
    const id = watchIdOf(arg) ?? watches.runningIds()[0] ?? (await pickStored(watches, 'Show Watch Timeline'));
    if (id === null) return null;
    const series = await watches.series(id);
    if (!series) return null;
    timeline.watchId = null;
    timeline.show(series, watches.isRunning(id));
    return series;
  };
}

async function pickStored(watches: WatchManager, title: string): Promise<string | null> {
  const all = await watches.files.list();
  if (all.length === 0) {
    void vscode.window.showInformationMessage('No watch yet: run "Watch Endpoint…" first.');
    return null;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((s) => ({
      label: s.endpoint,
      description: `${new Date(s.startedAt).toLocaleString()} · ${s.ticks.length} tick(s)`,
      id: s.id,
    })),
    { title },
  );
  return pick?.id ?? null;
}
