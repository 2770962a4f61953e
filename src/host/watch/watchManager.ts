// The running watches of the extension, at most one per endpoint: starts, stops and resumes them,
// keeps each one's series in workspace storage after every tick (so closing VS Code loses nothing
// captured), shows a status bar item per watch (live total, growing groups; click stops it) and
// feeds the timeline panel. The loop itself is core/watch's; a tick is tickRunner's.
import * as vscode from 'vscode';
import { watchStatusView } from '../../core/present/timelineView';
import { abortableSleep } from '../../core/watch/abortableSleep';
import { runWatchLoop } from '../../core/watch/watchLoop';
import { appendTick, historyOf, newSeries, type WatchSeries } from '../../core/watch/watchSeries';
import { COMMANDS, CONTEXT_KEYS } from '../commandIds';
import { settings } from '../settings';
import type { WatchStates } from '../snapshots/snapshotsTreeProvider';
import { SeriesFiles } from './seriesFiles';
import { analyzeTick, captureTick, describeTickFailure, type HostTick, type TickDeps } from './tickRunner';
import type { TimelinePanel } from './timelinePanel';

interface Running {
  readonly endpoint: string;
  readonly abort: AbortController;
  readonly item: vscode.StatusBarItem;
  series: WatchSeries;
  readonly done: Promise<WatchSeries>;
}

export class WatchManager implements WatchStates, vscode.Disposable {
  private readonly running = new Map<string, Running>(); // by watch id
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  readonly files: SeriesFiles;
  timeline: TimelinePanel | null = null;

  constructor(
    private readonly deps: TickDeps,
    storageRoot: vscode.Uri,
  ) {
    this.files = new SeriesFiles(storageRoot);
  }

  isRunning(watchId: string): boolean {
    return this.running.has(watchId);
  }

  /** The running watch of an endpoint, if any. */
  runningFor(endpoint: string): { id: string; series: WatchSeries } | null {
    for (const [id, r] of this.running) if (r.endpoint === endpoint) return { id, series: r.series };
    return null;
  }

  runningIds(): string[] {
    return [...this.running.keys()];
  }

  /** The latest series of a watch: the running one's, or the stored one. */
  async series(watchId: string): Promise<WatchSeries | null> {
    return this.running.get(watchId)?.series ?? (await this.files.read(watchId));
  }

  /** Starts a new watch of `endpoint` (normalised); the caller checks that none runs. */
  async start(endpoint: string): Promise<WatchSeries> {
    const now = Date.now();
    const id = `watch-${new Date(now).toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 6)}`;
    const series = newSeries(id, endpoint, now);
    await this.files.write(series);
    this.run(series);
    return series;
  }

  /** Continues a stored series; the time it was not watched is a gap with that reason. */
  async resume(watchId: string): Promise<WatchSeries | null> {
    if (this.running.has(watchId)) return this.running.get(watchId)!.series;
    const stored = await this.files.read(watchId);
    if (!stored) return null;
    const last = stored.ticks[stored.ticks.length - 1];
    const gap = last
      ? appendTick(
          stored,
          {
            at: Date.now(),
            kind: 'gap',
            snapshotId: null,
            point: null,
            heapInUse: null,
            bytes: 0,
            segment: last.segment,
            reason: `not watched since ${new Date(last.at).toLocaleTimeString()} (the watch was stopped or VS Code closed)`,
          },
          this.caps(),
        ).series
      : stored;
    await this.files.write(gap);
    this.run(gap);
    return gap;
  }

  /** Stops a watch; resolves with its series once the tick in progress (if any) is stored. */
  async stop(watchId: string): Promise<WatchSeries | null> {
    const r = this.running.get(watchId);
    if (!r) return null;
    r.abort.abort();
    return r.done;
  }

  private caps() {
    return { maxTicks: settings.watchMaxTicks(), maxBytes: settings.watchMaxBytes() };
  }

  private run(start: WatchSeries): void {
    const abort = new AbortController();
    const item = vscode.window.createStatusBarItem(
      `goroutineInspector.watch.${start.id}`,
      vscode.StatusBarAlignment.Left,
      49,
    );
    item.name = 'Goroutine Inspector watch';
    item.command = { command: COMMANDS.stopWatch, title: 'Stop Watch', arguments: [start.id] };
    const showStatus = (s: WatchSeries) => {
      const v = watchStatusView(s);
      item.text = `$(eye) ${v.text}`;
      item.tooltip = v.tooltip;
      item.backgroundColor = v.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    };
    showStatus(start);
    item.show();
    const base = start.endpoint;
    const done = runWatchLoop<HostTick>(start, {
      intervalSeconds: settings.watchIntervalSeconds(),
      fullEvery: settings.watchFullEvery(),
      caps: this.caps(),
      signal: abort.signal,
      now: () => Date.now(),
      sleep: abortableSleep,
      capture: (kind, leakMissing, signal) => captureTick(this.deps, base, start.id, kind, leakMissing, signal),
      analyze: async (tick, kind, history, at) => {
        const title = `${base} (watch, ${new Date(at).toLocaleTimeString()})`;
        // The tree follows the full ticks: a counts tick has no states to judge by.
        const { session, analysis } = await analyzeTick(this.deps, title, tick, history, at, kind === 'full');
        if (session) this.deps.sessions.set(session);
        return analysis;
      },
      onTick: async (series, _tick, dropped) => {
        running.series = series;
        await this.files.write(series);
        for (const d of dropped)
          if (d.snapshotId) await this.deps.snapshots.delete(d.snapshotId).catch(() => undefined);
        showStatus(series);
        this.timeline?.update(series, true);
        this.emitter.fire();
      },
      describeFailure: describeTickFailure,
    })
      .then(async (series) => {
        await this.files.write(series);
        return series;
      })
      .finally(() => {
        item.dispose();
        this.running.delete(start.id);
        void this.setContext();
        this.emitter.fire();
      })
      .then((series) => {
        this.timeline?.update(series, false);
        return series;
      });
    const running: Running = { endpoint: base, abort, item, series: start, done };
    this.running.set(start.id, running);
    void this.setContext();
    this.emitter.fire();
  }

  /** Opens a tick's snapshot in the tree, analysed with the history of its segment up to it. */
  async openTick(watchId: string, snapshotId: string): Promise<boolean> {
    const series = await this.series(watchId);
    const meta = await this.deps.snapshots.get(snapshotId);
    if (!series || !meta) return false;
    const i = series.ticks.findIndex((t) => t.snapshotId === snapshotId);
    if (i < 0) return false;
    const tick = series.ticks[i]!;
    const earlier = { ...series, ticks: series.ticks.slice(0, i) };
    const history = historyOf(earlier, tick.segment);
    const { session } = await analyzeTick(
      this.deps,
      `${series.endpoint} (watch, ${new Date(tick.at).toLocaleTimeString()})`,
      { snapshotId, files: meta.files.map((f) => ({ name: f.name, url: f.source })) },
      history,
      tick.at,
      true,
    );
    if (session) this.deps.sessions.set(session);
    return session !== null;
  }

  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.watching, this.running.size > 0);
  }

  dispose(): void {
    // Closing the window: stop the loops; what was captured is on disk already.
    for (const r of this.running.values()) r.abort.abort();
    this.emitter.dispose();
  }
}
