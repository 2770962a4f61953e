// What the leak analysis concludes about each group, and the JSON contract of
// `goroutine-inspector analyze --json` built from it.
import type { GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import type { TestTies } from './testTimeout';

/** What a goroutine is parked on, from its state and blocking frames. */
export type WaitCategory =
  | 'context' // waiting on a context's Done channel (or context package watcher)
  | 'network-io' // internal/poll, net, net/http client/server internals
  | 'file-io' // syscalls, file reads
  | 'chan-send'
  | 'chan-receive'
  | 'nil-channel'
  | 'select'
  | 'empty-select'
  | 'mutex'
  | 'rwmutex'
  | 'cond'
  | 'waitgroup'
  | 'sleep'
  | 'timer'
  | 'running'
  | 'runtime' // the runtime's own goroutines (GC workers, finalizer, ...)
  | 'other';

export type LeakKind =
  | 'select-no-ctx'
  | 'chan-send-orphan'
  | 'chan-receive-orphan'
  | 'chan-receive-no-ctx' // a handler receives on a channel without a ctx.Done case
  | 'timeout-handler-orphan'
  | 'blocking-io-no-deadline'
  | 'lock-wait'
  | 'waitgroup-wait'
  | 'cond-wait'
  | 'nil-channel'
  | 'empty-select'
  | 'ticker-not-stopped'
  | 'sleep'
  | 'runtime-leak'
  | 'growth'
  | 'outlived-requests' // parked while the other goroutines of its handler came and went (history)
  | 'context-not-request' // a ctx-taking call given context.Background/TODO or a context not derived from the request
  | 'held-resource-victim' // queued for a connection, slot or lock held by a goroutine that leaks
  | 'producer-vanished' // reading a pipe or channel whose writer has gone without closing it
  | 'client-gone' // a handler still parked after its client closed the connection
  | 'test-hang' // blocked in a test that was running when `go test -timeout` stopped the binary
  | 'data-race'; // an access of a race detector report

export type Confidence = 'proven' | 'likely' | 'possible';

export interface GroupVerdict {
  readonly wait: WaitCategory;
  /** The request handler the group belongs to (first frame outside the standard library under ServeHTTP), or null. */
  readonly handler: string | null;
  readonly suspect: boolean;
  /**
   * A rule judged the group healthy on evidence (a live peer, a context that ends, net/http's own
   * loops…). Not a suspect and not healthy is undecided: no signal says either way, and views must
   * not list it as healthy.
   */
  readonly healthy: boolean;
  readonly kind: LeakKind | null;
  readonly confidence: Confidence | null;
  /** One sentence with the evidence and the usual fix; null for healthy groups. */
  readonly reason: string | null;
  /** The suggested fix on its own (also part of `reason`). */
  readonly fix: string | null;
  /** Index into the group's frames of the frame where it blocks in user code (what to open), or null. */
  readonly blockingFrame: number | null;
  /** True for the runtime's own goroutines (hidden by default in views). */
  readonly runtime: boolean;
  /** The individual signals that led to the verdict, for the detail view. */
  readonly evidence: readonly string[];
}

export interface AnalyzedGroup {
  readonly group: GoroutineGroup;
  readonly verdict: GroupVerdict;
}

export interface AnalysisResult {
  readonly snapshot: GoroutineSnapshot;
  /** Suspects first (most goroutines first), then healthy groups, then runtime goroutines. */
  readonly groups: readonly AnalyzedGroup[];
  /** Number of suspect groups. */
  readonly suspectCount: number;
  readonly warnings: readonly string[];
  /** Runtime-owned groups left out of `groups` (AnalyzeOptions.showRuntime false). */
  readonly hiddenRuntimeGroups?: number;
  /** The goroutines of those groups. */
  readonly hiddenRuntimeGoroutines?: number;
  /** Which groups belong to which test of a `go test` binary (testTimeout.ts); absent when none ran. */
  readonly tests?: TestTies;
}

/** `analyze --json`: the contract other tools and checks rely on. */
export interface AnalyzeJson {
  goroutines: number;
  warnings: string[];
  /** The runtime's own goroutines and groups left out of `groups` (`--all` keeps them). */
  hiddenRuntime: { goroutines: number; groups: number };
  groups: AnalyzeJsonGroup[];
}

export interface AnalyzeJsonGroup {
  count: number;
  state: string | null;
  waitMinutes: [number, number] | null;
  labels: Record<string, string>;
  goroutineIds: number[];
  frames: { function: string; file: string; line: number }[];
  createdBy: {
    function: string;
    file: string;
    line: number;
    parentIds: number[];
    /** GODEBUG=tracebackancestors and race reports: the creation stacks before it, nearest first. */
    ancestors?: { goroutineIds: number[]; frames: { function: string; file: string; line: number }[] }[];
  } | null;
  handler: string | null;
  suspect: boolean;
  /** Judged healthy on evidence; false with `suspect` false means undecided (no signal either way). */
  healthy: boolean;
  kind: LeakKind | null;
  reason: string | null;
  confidence: Confidence | null;
  wait: WaitCategory;
  leaked: number;
  /**
   * With a heap profile of the same moment, for suspects: in-use bytes and objects allocated
   * through the group's goroutine function or handler (heldMemory.ts), and the estimated bytes
   * of its goroutines' own stacks. Null when not known (no heap profile, not a suspect).
   */
  heldBytes: number | null;
  heldObjects: number | null;
  heldEstimate: number | null;
  /** A `go test` binary's goroutine: the test it belongs to. */
  test?: string;
  /** A race report's access: which report (0-based), what access, at which address. */
  race?: { report: number; access: 'read' | 'write'; previous: boolean; address: string };
}
