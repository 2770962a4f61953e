// The one model of goroutines that every decoder produces and every consumer (analysis, CLI,
// extension, webview) reads. Stacks and frames are interned: 100k goroutines parked on 2k distinct
// stacks cost 2k Stack objects; goroutines themselves are folded into groups as they are parsed.

/** pprof labels (`route: /slow-select`), from debug=1 `# labels:`, proto samples, or Go 1.27 headers. */
export type Labels = Readonly<Record<string, string>>;

/** One stack frame. Interned per parse: equal frames are the same object. */
export interface Frame {
  /** Fully qualified Go function name as printed, e.g. `main.(*shop).slowSelect`. */
  readonly function: string;
  /** File as printed: absolute, `-trimpath` module-relative (`shopd/main.go`) or GOROOT-relative. */
  readonly file: string;
  /** 1-based line; 0 when the input does not say. */
  readonly line: number;
  /** True for a frame the compiler inlined into its caller (debug=2 `fn(...)` without `+0x`, proto non-last Line). */
  readonly inlined: boolean;
}

/** A distinct call stack, innermost frame first. Interned per parse. */
export interface Stack {
  /** Index of this stack in its Snapshot's `stacks`. */
  readonly id: number;
  readonly frames: readonly Frame[];
  /** Frames dropped by the runtime's `...N frames elided...` marker (Go 1.21+); 0 when none. */
  readonly elidedFrames: number;
  /** The stack is incomplete: elided frames, the silent 100-frame cut of Go < 1.21, or a dump cut off mid-goroutine. */
  readonly truncated: boolean;
}

/** Where a goroutine was started: the `created by F` line of a traceback. */
export interface CreatedBy {
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/**
 * A creation stack that led to a goroutine: with `GODEBUG=tracebackancestors=N`, each
 * `[originating from goroutine N]:` block (the ancestor's stack at the `go` statement, and who
 * created the ancestor), innermost ancestor first; in a race report, the `Goroutine N created at:`
 * stack. Interned per parse: equal chains are the same array.
 */
export interface Ancestor {
  readonly stack: Stack;
  /** The ancestor's own `created by` (absent for goroutine 1, and in race reports). */
  readonly createdBy: CreatedBy | null;
}

/** One access of a data race report (`WARNING: DATA RACE`), carried by the goroutine that made it. */
export interface RaceAccess {
  /** The report's number in its input (0-based); both accesses of a report share it. */
  readonly report: number;
  /** 1-based line of the report's `WARNING: DATA RACE`. */
  readonly line: number;
  readonly access: 'read' | 'write';
  /** `Previous write at …`: the earlier access; false for the one that triggered the report. */
  readonly previous: boolean;
  /** The racy address as printed (`0x00c0000a0010`). */
  readonly address: string;
  /** From `Goroutine N (running|finished) created at:`; null when not printed (the main goroutine). */
  readonly goroutineStatus: 'running' | 'finished' | null;
}

/** `panic: test timed out after 10m0s` from a `go test` binary, and the tests it says were running. */
export interface TestTimeoutInfo {
  /** 1-based line of the panic. */
  readonly line: number;
  /** The timeout as printed (`10m0s`). */
  readonly after: string;
  /** `running tests:` (Go 1.21+), each test with how long it ran; null when not printed (older Go). */
  readonly running: readonly { readonly name: string; readonly duration: string }[] | null;
}

/** Flags printed in a debug=2 header besides the wait reason. */
export interface GoroutineFlags {
  /** `(leaked)`: the runtime's goroutineleak detector proved this goroutine can never wake (Go 1.26+). */
  readonly leaked: boolean;
  /** `locked to thread` */
  readonly lockedToThread: boolean;
  /** `(scan)`: the GC was scanning the stack when the dump was taken. */
  readonly scan: boolean;
  /** `(durable)` (Go 1.25+) or `(synctest)` (Go 1.24): a durably blocked wait inside a synctest bubble. */
  readonly durable: boolean;
  /** `synctest bubble N`, or null. */
  readonly syncTestBubble: number | null;
}

/**
 * One goroutine as a debug=2-style parser sees it. Transient: parsers hand these to a grouper and
 * drop them, so memory stays bounded by the number of distinct stacks.
 */
export interface GoroutineRecord {
  readonly id: number;
  /** Wait reason without flags: `select`, `chan send`, `IO wait`, `running`, `chan receive (nil chan)`. */
  readonly state: string;
  /** `N minutes` from the header; null when not printed (blocked less than a minute, or running). */
  readonly waitMinutes: number | null;
  readonly flags: GoroutineFlags;
  readonly labels: Labels;
  readonly stack: Stack;
  readonly createdBy: CreatedBy | null;
  /** The parent's id from `created by F in goroutine N` (Go 1.21+); null for older Go. */
  readonly parentId: number | null;
  /** The creation stacks of its ancestors (tracebackancestors) or of itself (race report); null: none printed. */
  readonly ancestors?: readonly Ancestor[] | null;
  /** Per ancestor, the goroutine id printed with it (`[originating from goroutine N]`, `Goroutine N created at`). */
  readonly ancestorIds?: readonly number[] | null;
  /** The race report access this record stands for; absent for a goroutine of a dump. */
  readonly race?: RaceAccess | null;
}

/** Goroutines that share stack, state, labels and creator: the unit everything else works on. */
export interface GoroutineGroup {
  /** Stable key of the group within its snapshot (stack id + state + labels + creator). */
  readonly key: string;
  readonly stack: Stack;
  /** Wait reason without flags; null when the input has no states (debug=1, proto). */
  readonly state: string | null;
  count: number;
  /** Goroutine ids in input order; empty when the input has none (debug=1, proto). */
  readonly ids: number[];
  /**
   * [min, max] of the printed `N minutes` over the group, counting goroutines without minutes
   * as 0; null when no goroutine of the group printed minutes.
   */
  waitMinutes: [number, number] | null;
  /**
   * How many of the group's goroutines printed each `N minutes` (0: printed none), as
   * [minutes, count] pairs by ascending minutes: the wait histogram. Empty when the input has no
   * per-goroutine headers (debug=1, proto).
   */
  minuteCounts: [minutes: number, count: number][];
  labels: Labels;
  readonly createdBy: CreatedBy | null;
  /** Distinct parent goroutine ids (`in goroutine N`), in first-seen order. */
  readonly parentIds: number[];
  /** How many of the group's goroutines the runtime marked `(leaked)`. */
  leakedCount: number;
  /** How many are `locked to thread`. */
  lockedToThreadCount: number;
  /** The creation stacks before `createdBy` (tracebackancestors, race reports); absent when none were printed. */
  readonly ancestors?: readonly Ancestor[];
  /** Per ancestor, the distinct goroutine ids printed with it over the group, in first-seen order. */
  readonly ancestorIds?: readonly number[][];
  /** The race access the group's goroutine made; a race report's accesses are never grouped with anything. */
  readonly race?: RaceAccess;
}

/** Which decoder produced a snapshot's goroutines. */
export type GoroutineSource =
  | 'debug2' // goroutine?debug=2 or anything that looks like it (panic, crash, SIGQUIT)
  | 'debug1' // goroutine?debug=1 (aggregated, with counts and labels)
  | 'proto' // goroutine protobuf (debug=0)
  | 'goroutineleak-debug1'
  | 'goroutineleak-proto';

/** A non-fatal problem found while decoding: the data is usable but incomplete. */
export interface DecodeWarning {
  /** Which input (file name, URL, `-`). */
  readonly input: string;
  readonly message: string;
  /** 1-based line in the input, when the input is text. */
  readonly line?: number;
  /** Byte offset in the (decompressed) input. */
  readonly offset?: number;
}

/** All goroutines of one moment, possibly merged from several inputs (debug=2 + proto labels + leak profile). */
export interface GoroutineSnapshot {
  /** Names of the inputs merged into this snapshot. */
  readonly inputs: string[];
  /** Where the groups came from (the richest input wins: debug2 > debug1 > proto). */
  readonly source: GoroutineSource;
  /** Total goroutines (sum of group counts). */
  readonly goroutineCount: number;
  readonly groups: GoroutineGroup[];
  readonly stacks: readonly Stack[];
  readonly warnings: DecodeWarning[];
  /** The input had goroutine ids (debug=2): orphan detection by parent id is possible. */
  readonly hasIds: boolean;
  /** The input had wait states and minutes (debug=2). */
  readonly hasStates: boolean;
  /** A goroutineleak profile was merged: groups' leakedCount is the runtime's verdict for this moment. */
  readonly hasLeakProfile: boolean;
  /** The input was a `go test` binary's timeout panic; absent otherwise. */
  readonly testTimeout?: TestTimeoutInfo | null;
}
