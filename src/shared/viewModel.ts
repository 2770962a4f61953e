// Plain data the detail webview renders: built by the host from an AnalysisResult, sent as a
// message, rendered with textContent only. Everything here may hold profile strings (function
// names, labels, file names), which are untrusted.
export interface FrameView {
  /** Index into the group's stack (innermost first). */
  readonly index: number;
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** A standard library or runtime frame: shown dimmed. */
  readonly stdlib: boolean;
  /** The frame where the group blocks in user code (what the analysis points at). */
  readonly blocking: boolean;
  readonly inlined: boolean;
}

export interface CreatedByView {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** The key of the group the creator belongs to, when the chain could follow parent ids. */
  readonly groupKey: string | null;
}

export interface HistogramBin {
  /** Human label of the bin, e.g. `< 1 min`, `2 min`, `10–19 min`. */
  readonly label: string;
  readonly count: number;
}

export interface GroupView {
  readonly key: string;
  readonly title: string;
  readonly handler: string | null;
  readonly count: number;
  readonly state: string | null;
  readonly waitMinutes: readonly [number, number] | null;
  /** Empty when the input had no per-goroutine wait times (debug=1, proto). */
  readonly waitHistogram: readonly HistogramBin[];
  readonly labels: readonly (readonly [string, string])[];
  readonly suspect: boolean;
  readonly runtime: boolean;
  readonly kind: string | null;
  readonly confidence: string | null;
  readonly reason: string | null;
  readonly fix: string | null;
  readonly evidence: readonly string[];
  readonly frames: readonly FrameView[];
  readonly elidedFrames: number;
  readonly truncated: boolean;
  /** Innermost creator first: this group's `created by`, then its creator's, as far as ids allow. */
  readonly createdBy: readonly CreatedByView[];
  readonly parentIds: readonly number[];
  /** The first ids (bounded); `idsTotal` says how many there are. */
  readonly ids: readonly number[];
  readonly idsTotal: number;
  readonly leakedCount: number;
}

export interface CountRow {
  readonly name: string;
  readonly goroutines: number;
  readonly groups: number;
  readonly suspect: boolean;
}

/** One cell of the icicle: outermost frames at the top, where goroutines park at the bottom. */
export interface IcicleNode {
  readonly name: string;
  readonly value: number;
  /** Goroutines of suspect groups under this node. */
  readonly suspect: number;
  readonly children: readonly IcicleNode[];
  /** Set on a leaf that is exactly one group's blocking point. */
  readonly groupKey: string | null;
}

export interface HeapRow {
  readonly function: string;
  readonly bytes: number;
}

/** A heap profile opened on its own (no goroutines): its in-use top. */
export interface HeapView {
  readonly title: string;
  readonly totalBytes: number;
  readonly top: readonly HeapRow[];
}

export interface SummaryView {
  readonly title: string;
  readonly source: string;
  readonly inputs: readonly string[];
  readonly goroutineCount: number;
  readonly groupCount: number;
  readonly suspectGroups: number;
  readonly suspectGoroutines: number;
  readonly runtimeLeakProfile: boolean;
  readonly byKind: readonly CountRow[];
  readonly byHandler: readonly CountRow[];
  readonly byState: readonly CountRow[];
  readonly icicle: IcicleNode;
  readonly warnings: readonly string[];
  /** Top in-use heap by function, when a heap profile was captured with the goroutines. */
  readonly heapTop: readonly HeapRow[];
}
