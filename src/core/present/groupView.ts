// The webview's page for one group: frames flagged standard library or blocking, the created-by
// chain, a histogram of time parked and bounded id lists. Plain data sent as a message and
// rendered with textContent only: every string here may come from a profile and is untrusted.
import type { HeldMemory } from '../analysis/heldMemory';
import type { AnalysisResult, AnalyzedGroup, Confidence, LeakKind } from '../analysis/verdict';
import { FIXABLE_KINDS } from '../fix/fixModel';
import { isStdlibFunction } from '../go/functionNames';
import { createdByChain, type CreatedByView } from './createdByChain';
import { heldText, minuteSpanText, minutesText, stacksEstimateText, type WaitRange } from './format';
import { buildRaceView, type RaceView } from './raceView';
import { groupTitle } from './titles';

/** A 24,000-goroutine group still makes a small message. */
const MAX_IDS = 500;
/** Above this many distinct minute values the histogram bins them. */
const MAX_EXACT_BINS = 12;
/** Roughly logarithmic bin edges in minutes: a few minutes apart matter, a few hours apart do not. */
const BIN_EDGES = [0, 1, 2, 5, 10, 30, 60, 120, 360, 1440, Infinity];

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

export interface HistogramBin {
  /** Human label of the bin, e.g. `< 1 min`, `2 min`, `10–29 min`. */
  readonly label: string;
  readonly count: number;
}

export interface GroupView {
  readonly key: string;
  readonly title: string;
  readonly handler: string | null;
  readonly count: number;
  readonly state: string | null;
  readonly waitMinutes: WaitRange | null;
  /** Empty when the input had no per-goroutine wait times (debug=1, proto). */
  readonly waitHistogram: readonly HistogramBin[];
  readonly labels: readonly (readonly [string, string])[];
  readonly suspect: boolean;
  /** Judged healthy on evidence; neither this nor `suspect`: undecided. */
  readonly healthy: boolean;
  readonly runtime: boolean;
  readonly kind: LeakKind | null;
  readonly confidence: Confidence | null;
  readonly reason: string | null;
  readonly fix: string | null;
  /** A quick fix family exists for its kind: the page offers "Apply fix". */
  readonly fixable: boolean;
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
  /** What the group holds in the heap profile of the same moment; null without one or for non-suspects. */
  readonly held: HeldView | null;
  /** A race access's page: its report, both accesses side by side; absent otherwise. */
  readonly race?: RaceView;
  /** The test of a go test binary these goroutines belong to; absent when none. */
  readonly test?: string;
}

export interface HeldView {
  /** `holds ≈ 18.8 MiB in 75 objects`. */
  readonly text: string;
  /** `≈ 80.0 KiB of stacks (estimate)`. */
  readonly stacks: string;
  /** The functions the allocation stacks were matched on. */
  readonly through: readonly string[];
  /** Other suspect groups counted on one of the same functions. */
  readonly sharedWith: number;
}

export interface GroupViewOptions {
  readonly held?: HeldMemory | null;
}

/** How many goroutines have been parked how long; empty when the input printed no wait times. */
export function waitHistogram(result: AnalysisResult, g: AnalyzedGroup): HistogramBin[] {
  const counts = g.group.minuteCounts;
  if (!result.snapshot.hasStates || counts.length === 0) return [];
  if (counts.length <= MAX_EXACT_BINS) return counts.map(([m, count]) => ({ label: minutesText(m), count }));
  const bins: HistogramBin[] = [];
  for (let i = 0; i + 1 < BIN_EDGES.length; i++) {
    const lo = BIN_EDGES[i]!,
      hi = BIN_EDGES[i + 1]!;
    const count = counts.reduce((n, [m, c]) => (m >= lo && m < hi ? n + c : n), 0);
    if (count === 0) continue;
    bins.push({
      label: hi === Infinity ? `≥ ${minutesText(lo)}` : lo === 0 ? minutesText(0) : minuteSpanText(lo, hi - 1),
      count,
    });
  }
  return bins;
}

export function buildGroupView(result: AnalysisResult, g: AnalyzedGroup, options: GroupViewOptions = {}): GroupView {
  const { group, verdict } = g;
  const held = options.held ?? null;
  return {
    key: group.key,
    title: groupTitle(g),
    handler: verdict.handler,
    count: group.count,
    state: group.state,
    waitMinutes: group.waitMinutes,
    waitHistogram: waitHistogram(result, g),
    labels: Object.entries(group.labels),
    suspect: verdict.suspect,
    healthy: verdict.healthy,
    runtime: verdict.runtime,
    kind: verdict.kind,
    confidence: verdict.confidence,
    reason: verdict.reason,
    fix: verdict.fix,
    fixable: verdict.suspect && verdict.kind !== null && FIXABLE_KINDS.has(verdict.kind),
    evidence: verdict.evidence,
    frames: group.stack.frames.map((f, index) => ({
      index,
      function: f.function,
      file: f.file,
      line: f.line,
      stdlib: isStdlibFunction(f.function),
      blocking: index === verdict.blockingFrame,
      inlined: f.inlined,
    })),
    elidedFrames: group.stack.elidedFrames,
    truncated: group.stack.truncated,
    createdBy: createdByChain(result, g),
    parentIds: group.parentIds.slice(0, MAX_IDS),
    ids: group.ids.slice(0, MAX_IDS),
    idsTotal: group.ids.length,
    leakedCount: group.leakedCount,
    held:
      held === null
        ? null
        : {
            text: heldText(held),
            stacks: stacksEstimateText(held.stackEstimate),
            through: held.through,
            sharedWith: held.sharedWith,
          },
    ...optional(result, g),
  };
}

/** The race and test of a group, present only when it has them (the message stays small otherwise). */
function optional(result: AnalysisResult, g: AnalyzedGroup): Pick<GroupView, 'race' | 'test'> {
  const race = buildRaceView(result, g);
  const test = result.tests?.byGroup.get(g.group.key)?.test ?? null;
  return { ...(race === null ? {} : { race }), ...(test === null ? {} : { test }) };
}
