// Turns one analysed group into the GroupView the webview renders: frames flagged stdlib/blocking,
// the created-by chain followed through parent ids, a wait-time histogram, bounded id lists.
import type { AnalyzedGroup } from '../../core/analysis/verdict';
import { isStdlibFunction } from '../../core/go/functionNames';
import type { CreatedByView, GroupView, HistogramBin } from '../../shared/viewModel';
import { groupOfGoroutine, type AnalysisSession } from '../model/analysisSession';

const MAX_IDS = 500;
const MAX_CHAIN = 8;

/** The function a group is named by: where it blocks in user code, else its handler, else its first user frame. */
export function groupTitle(g: AnalyzedGroup): string {
  const frames = g.group.stack.frames;
  const bf = g.verdict.blockingFrame;
  if (bf !== null && frames[bf] && !isStdlibFunction(frames[bf].function)) return frames[bf].function;
  if (g.verdict.handler) return g.verdict.handler;
  const user = frames.find((f) => !isStdlibFunction(f.function));
  const parked = frames.find((f) => !f.function.startsWith('runtime.') && !f.function.startsWith('internal/'));
  return (user ?? parked ?? frames[0])?.function ?? '(no frames)';
}

export function createdByChain(session: AnalysisSession, g: AnalyzedGroup): CreatedByView[] {
  const chain: CreatedByView[] = [];
  const seen = new Set<string>();
  let cur: AnalyzedGroup | undefined = g;
  while (cur && cur.group.createdBy && chain.length < MAX_CHAIN) {
    seen.add(cur.group.key);
    const parentId: number | undefined = cur.group.parentIds[0];
    const parent: AnalyzedGroup | undefined = parentId === undefined ? undefined : groupOfGoroutine(session, parentId);
    const cb = cur.group.createdBy;
    chain.push({ function: cb.function, file: cb.file, line: cb.line, groupKey: parent?.group.key ?? null });
    if (!parent || seen.has(parent.group.key)) break;
    cur = parent;
  }
  return chain;
}

export function waitHistogram(session: AnalysisSession, g: AnalyzedGroup): HistogramBin[] {
  const counts = g.group.minuteCounts;
  if (!session.result.snapshot.hasStates || counts.length === 0) return [];
  const label = (m: number) => (m === 0 ? '< 1 min' : `${m} min`);
  if (counts.length <= 12) return counts.map(([m, count]) => ({ label: label(m), count }));
  // Many distinct values: roughly logarithmic bins keep the chart readable.
  const edges = [0, 1, 2, 5, 10, 30, 60, 120, 360, 1440, Infinity];
  const bins: HistogramBin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i]!,
      hi = edges[i + 1]!;
    const count = counts.reduce((n, [m, c]) => (m >= lo && m < hi ? n + c : n), 0);
    if (count === 0) continue;
    bins.push({
      label:
        lo === 0 ? '< 1 min' : hi === Infinity ? `≥ ${lo} min` : hi - lo === 1 ? `${lo} min` : `${lo}–${hi - 1} min`,
      count,
    });
  }
  return bins;
}

export function buildGroupView(session: AnalysisSession, g: AnalyzedGroup): GroupView {
  const { group, verdict } = g;
  return {
    key: group.key,
    title: groupTitle(g),
    handler: verdict.handler,
    count: group.count,
    state: group.state,
    waitMinutes: group.waitMinutes,
    waitHistogram: waitHistogram(session, g),
    labels: Object.entries(group.labels),
    suspect: verdict.suspect,
    runtime: verdict.runtime,
    kind: verdict.kind,
    confidence: verdict.confidence,
    reason: verdict.reason,
    fix: verdict.fix,
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
    createdBy: createdByChain(session, g),
    parentIds: group.parentIds.slice(0, MAX_IDS),
    ids: group.ids.slice(0, MAX_IDS),
    idsTotal: group.ids.length,
    leakedCount: group.leakedCount,
  };
}
