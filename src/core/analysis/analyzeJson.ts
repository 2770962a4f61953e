// AnalysisResult → the `analyze --json` document (AnalyzeJson in verdict.ts), the contract other
// tools and checks rely on. Plain data only: frames innermost first, ids where the input has them.
import type { DecodeWarning, GoroutineSnapshot } from '../model/goroutine';
import type { HeldMemoryReport } from './heldMemory';
import type { AnalysisResult, AnalyzedGroup, AnalyzeJson, AnalyzeJsonGroup, GroupVerdict } from './verdict';

export interface AnalyzeJsonOptions {
  /** The memory suspects hold, when a heap profile of the same moment was given. */
  readonly held?: HeldMemoryReport | null;
}

export function analyzeJson(result: AnalysisResult, options: AnalyzeJsonOptions = {}): AnalyzeJson {
  const warnings = new Set<string>(result.snapshot.warnings.map(formatWarning));
  for (const w of result.warnings) warnings.add(w);
  const tests = result.tests;
  return {
    goroutines: result.snapshot.goroutineCount,
    warnings: [...warnings],
    hiddenRuntime: { goroutines: result.hiddenRuntimeGoroutines ?? 0, groups: result.hiddenRuntimeGroups ?? 0 },
    groups: result.groups.map((g) => jsonGroup(g, options.held ?? null, tests?.byGroup.get(g.group.key)?.test ?? null)),
  };
}

function jsonGroup(
  { group: g, verdict: v }: AnalyzedGroup,
  held: HeldMemoryReport | null,
  test: string | null,
): AnalyzeJsonGroup {
  const h = held?.byGroup.get(g.key) ?? null;
  const frames = (fs: readonly { function: string; file: string; line: number }[]) =>
    fs.map((f) => ({ function: f.function, file: f.file, line: f.line }));
  const out: AnalyzeJsonGroup = {
    count: g.count,
    state: g.state,
    waitMinutes: g.waitMinutes === null ? null : [g.waitMinutes[0], g.waitMinutes[1]],
    labels: { ...g.labels },
    goroutineIds: [...g.ids],
    frames: frames(g.stack.frames),
    createdBy:
      g.createdBy === null
        ? null
        : {
            function: g.createdBy.function,
            file: g.createdBy.file,
            line: g.createdBy.line,
            parentIds: [...g.parentIds],
            ...(g.ancestors
              ? {
                  ancestors: g.ancestors.map((a, i) => ({
                    goroutineIds: [...(g.ancestorIds?.[i] ?? [])],
                    frames: frames(a.stack.frames),
                  })),
                }
              : {}),
          },
    handler: v.handler,
    suspect: v.suspect,
    healthy: v.healthy,
    kind: v.kind,
    reason: v.reason,
    confidence: v.confidence,
    wait: v.wait,
    leaked: g.leakedCount,
    heldBytes: h?.bytes ?? null,
    heldObjects: h?.objects ?? null,
    heldEstimate: h?.stackEstimate ?? null,
  };
  if (test !== null) out.test = test;
  if (g.race) {
    const { report, access, previous, address } = g.race;
    out.race = { report, access, previous, address };
  }
  return out;
}

/** `input, line N: message`, the one-line form used in JSON and on the terminal. */
export function formatWarning(w: DecodeWarning): string {
  const where = [w.input];
  if (w.line !== undefined) where.push(`line ${w.line}`);
  if (w.offset !== undefined) where.push(`byte ${w.offset}`);
  return `${where.join(', ')}: ${w.message}`;
}

/** The verdict for groups when no analysis ran: every field empty, nothing suspected. */
export const NO_VERDICT: GroupVerdict = Object.freeze({
  wait: 'other',
  handler: null,
  suspect: false,
  healthy: false,
  kind: null,
  confidence: null,
  reason: null,
  fix: null,
  blockingFrame: null,
  runtime: false,
  evidence: [],
});

/** A snapshot as an AnalysisResult without verdicts, for callers that only decode. */
export function unanalyzed(snapshot: GoroutineSnapshot): AnalysisResult {
  return {
    snapshot,
    groups: [...snapshot.groups].sort((a, b) => b.count - a.count).map((group) => ({ group, verdict: NO_VERDICT })),
    suspectCount: 0,
    warnings: [],
  };
}
