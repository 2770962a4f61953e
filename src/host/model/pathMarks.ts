// When each step of the way from an input's bytes to what the user sees happened, for one
// analysis: the request (the bytes are on disk or in memory), the worker's steps, the result's
// arrival in the extension host, the session made current, the Goroutines view's items handed
// to VS Code and the editor decorations drawn. All in ms since the epoch with sub-ms precision
// (performance.timeOrigin + performance.now(), which the worker thread shares). The integration
// test and bench/treePath.ts read them through the extension's API; they cost a clock read each.
import type { WorkerTimings } from '../../node/decodeWorker';

export interface PathMarks {
  /** The bytes were there and the decode was asked for. */
  readonly requested: number;
  /** The job was posted to the worker, and the worker's own steps. */
  readonly posted: number;
  readonly worker: WorkerTimings;
  /** The outcome arrived in the extension host (copied from the worker and deserialised). */
  readonly received: number;
  /** The session was made current (the views told); null until then. */
  sessionSet: number | null;
  /** The Goroutines view's roots returned to VS Code for this session, first and latest. */
  treeRoots: number | null;
  treeLast: number | null;
  /** Decorations computed for this session and drawn in the visible editors. */
  decorated: number | null;
  /** Lines marked in those editors (0 when none is open on a blocking line). */
  decoratedLines: number;
}

export function markNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The marks of an analysis whose outcome just arrived; the views fill in the rest. */
export function newPathMarks(requested: number, worker: WorkerTimings): PathMarks {
  return {
    requested,
    posted: worker.posted ?? requested,
    worker,
    received: worker.received ?? markNow(),
    sessionSet: null,
    treeRoots: null,
    treeLast: null,
    decorated: null,
    decoratedLines: 0,
  };
}

/** Each step's duration in ms, from the request; null where a step has not happened (yet). */
export interface PathSteps {
  readonly toWorker: number;
  readonly decode: number;
  readonly analyse: number;
  readonly heap: number;
  readonly mapFiles: number;
  readonly toHost: number;
  readonly session: number | null;
  readonly tree: number | null;
  readonly decorations: number | null;
  /** Request → the tree's items with VS Code. */
  readonly treeTotal: number | null;
}

export function pathSteps(m: PathMarks): PathSteps {
  const w = m.worker;
  const since = (a: number, b: number | null) => (b === null ? null : b - a);
  return {
    toWorker: w.started - m.requested,
    decode: w.decoded - w.started,
    analyse: w.analysed - w.decoded,
    heap: w.heap - w.analysed,
    mapFiles: w.mapped - w.heap,
    toHost: m.received - w.mapped,
    session: since(m.received, m.sessionSet),
    tree: m.sessionSet === null ? null : since(m.sessionSet, m.treeRoots),
    decorations: m.sessionSet === null ? null : since(m.sessionSet, m.decorated),
    treeTotal: since(m.requested, m.treeRoots),
  };
}
