// "Compare Snapshots…" (palette) and "Compare with…" (a snapshot's context menu): two moments,
// stored snapshots or files, decoded and analysed each in the worker; the later one becomes the
// current session (the Goroutines view, the editor marks), the Comparison view lists every group
// before → after and the detail panel shows the compare page with the heap difference.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildCompareView } from '../../core/present/compareView';
import type { DecodeInput } from '../../node/decodeWorker';
import { decodeSession, openInputs, reportDecodeFailure, type AnalysisDeps } from '../analysis/runAnalysis';
import { VIEWS, focusViewCommand } from '../commandIds';
import type { AnalysisSession } from '../model/analysisSession';
import type { SnapshotMeta, SnapshotStore } from '../snapshots/snapshotStore';
import type { Comparison, ComparisonStore } from './comparisonStore';

/** One side of a comparison: what to decode and what to call it. */
export interface Moment {
  readonly title: string;
  readonly inputs: DecodeInput[];
  readonly snapshotId: string | null;
  /** Capture time of a snapshot (orders the two); null for files. */
  readonly at: string | null;
}

export interface CompareDeps {
  readonly analysis: AnalysisDeps;
  readonly snapshots: SnapshotStore;
  readonly comparisons: ComparisonStore;
  /** Shows the compare page (the detail panel). */
  readonly show: (c: Comparison) => void;
}

function isMeta(x: unknown): x is SnapshotMeta {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as SnapshotMeta).id === 'string' &&
    Array.isArray((x as SnapshotMeta).files)
  );
}

function snapshotMoment(store: SnapshotStore, m: SnapshotMeta): Moment {
  return {
    title: `${m.title} (${new Date(m.createdAt).toLocaleTimeString()})`,
    inputs: m.files.map((f) => ({ name: f.source, path: store.fileUri(m.id, f.name).fsPath })),
    snapshotId: m.id,
    at: m.createdAt,
  };
}

function filesMoment(uris: readonly vscode.Uri[]): Moment {
  return {
    title: uris.map((u) => path.basename(u.fsPath)).join(' + '),
    inputs: uris.map((u) => ({ name: u.fsPath, path: u.fsPath })),
    snapshotId: null,
    at: null,
  };
}

/** A moment given by a caller: a snapshot, a file, or files (a string is a path). */
function givenMoment(store: SnapshotStore, x: unknown): Moment | null {
  if (isMeta(x)) return snapshotMoment(store, x);
  if (x instanceof vscode.Uri) return filesMoment([x]);
  if (typeof x === 'string') return filesMoment([vscode.Uri.file(x)]);
  if (Array.isArray(x) && x.length > 0 && x.every((u) => u instanceof vscode.Uri || typeof u === 'string'))
    return filesMoment(x.map((u) => (typeof u === 'string' ? vscode.Uri.file(u) : (u as vscode.Uri))));
  return null;
}

async function pickMoment(store: SnapshotStore, title: string, exclude: string | null): Promise<Moment | null> {
  const snapshots = (await store.list()).filter((m) => m.id !== exclude);
  const FILES = '$(folder-opened) Choose files…';
  const pick = await vscode.window.showQuickPick(
    [
      ...snapshots.map((m) => ({
        label: new Date(m.createdAt).toLocaleString(),
        description:
          m.goroutines === null ? m.title : `${m.suspectGoroutines ?? 0} suspect / ${m.goroutines} · ${m.title}`,
        meta: m as SnapshotMeta | null,
      })),
      { label: FILES, description: 'goroutine dumps and profiles of one moment, with its heap profile', meta: null },
    ],
    { title, placeHolder: snapshots.length ? 'A stored snapshot, or files' : 'No stored snapshots: choose files' },
  );
  if (!pick) return null;
  if (pick.meta) return snapshotMoment(store, pick.meta);
  const uris = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Use',
    title,
    filters: { 'Go profiles and dumps': ['gz', 'pb', 'pprof', 'txt', 'log', 'out', 'dump'], 'All files': ['*'] },
  });
  if (!uris?.length) return null;
  return filesMoment(uris);
}

/** Two snapshots in the order they were taken; files keep the order they were given in. */
function inOrder(a: Moment, b: Moment): [Moment, Moment] {
  return a.at !== null && b.at !== null && b.at < a.at ? [b, a] : [a, b];
}

export async function compareMoments(deps: CompareDeps, first: Moment, second: Moment): Promise<Comparison | null> {
  const [before, after] = inOrder(first, second);
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Goroutine Inspector: comparing', cancellable: true },
      async (progress, token) => {
        const side = async (m: Moment, current: boolean): Promise<AnalysisSession> => {
          progress.report({ message: m.title });
          const decode = current ? openInputs : decodeSession;
          const opened = await decode(deps.analysis, m.title, m.inputs, m.snapshotId, progress, token);
          if (opened.kind === 'heap-only')
            throw new Error(`${m.title} holds only a heap profile: a comparison needs the goroutines of each moment`);
          if (!current) await deps.analysis.onAnalysed?.(opened.session);
          return opened.session;
        };
        const b = await side(before, false);
        const a = await side(after, true);
        const view = buildCompareView(
          { title: before.title, result: b.result, heap: b.heap },
          { title: after.title, result: a.result, heap: a.heap },
        );
        const comparison: Comparison = { view, before: b, after: a };
        deps.comparisons.set(comparison);
        deps.show(comparison);
        await vscode.commands.executeCommand(focusViewCommand(VIEWS.comparison));
        return comparison;
      },
    );
  } catch (err) {
    reportDecodeFailure(err, `${before.title} and ${after.title}`);
    return null;
  }
}

/** Compare Snapshots…: both moments picked, or given (tests: two snapshots, files or paths). */
export function compareSnapshotsCommand(deps: CompareDeps) {
  return async (first?: unknown, second?: unknown): Promise<Comparison | null> => {
    const a =
      givenMoment(deps.snapshots, first) ?? (await pickMoment(deps.snapshots, 'Compare: the earlier moment', null));
    if (!a) return null;
    const b =
      givenMoment(deps.snapshots, second) ??
      (await pickMoment(deps.snapshots, `Compare ${a.title} with: the later moment`, a.snapshotId));
    if (!b) return null;
    return compareMoments(deps, a, b);
  };
}

/** Compare with…: on a snapshot of the Snapshots view; the other moment is picked. */
export function compareWithCommand(deps: CompareDeps) {
  return async (arg?: unknown, other?: unknown): Promise<Comparison | null> => {
    const a = givenMoment(deps.snapshots, arg) ?? (await pickMoment(deps.snapshots, 'Compare Snapshot', null));
    if (!a) return null;
    const b =
      givenMoment(deps.snapshots, other) ??
      (await pickMoment(deps.snapshots, `Compare ${a.title} with…`, a.snapshotId));
    if (!b) return null;
    return compareMoments(deps, a, b);
  };
}
