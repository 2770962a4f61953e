// What a group is called wherever it is shown: the tree's row, the webview's heading and tab, the
// editor's hover. One choice of function, shortened the same way everywhere.
import type { AnalyzedGroup, GroupVerdict } from '../analysis/verdict';
import { isRuntimeFunction, isStdlibFunction, packageOf, shortFunctionName } from '../go/functionNames';
import { numberText } from './format';

/**
 * The function a group is named by: where it blocks in user code, else its handler, else its
 * first user frame, else the first frame outside the runtime's own parking code.
 */
export function groupTitle(g: AnalyzedGroup): string {
  const frames = g.group.stack.frames;
  const bf = g.verdict.blockingFrame;
  if (bf !== null && frames[bf] && !isStdlibFunction(frames[bf].function)) return frames[bf].function;
  if (g.verdict.handler) return g.verdict.handler;
  const user = frames.find((f) => !isStdlibFunction(f.function));
  const parked = frames.find((f) => !isRuntimeFunction(f.function) && !packageOf(f.function).startsWith('internal/'));
  return (user ?? parked ?? frames[0])?.function ?? '(no frames)';
}

/** The title without its package path, for a narrow place (the webview's tab). */
export function groupShortTitle(g: AnalyzedGroup): string {
  const title = groupTitle(g);
  return title.slice(title.lastIndexOf('/') + 1);
}

/** `40 × (*shop).slowSelect`: the tree's row. */
export function groupLabel(g: AnalyzedGroup): string {
  return `${numberText(g.group.count)} × ${shortFunctionName(groupTitle(g), { dropMain: true })}`;
}

/** What the group waits in: the printed state, else the analysis' wait category (no states in debug=1 or proto). */
export function groupState(g: AnalyzedGroup): string {
  return g.group.state ?? g.verdict.wait;
}

/** `select-no-ctx (likely)`, or null for a group with no leak kind. */
export function verdictText(v: GroupVerdict): string | null {
  if (!v.kind) return null;
  return v.confidence ? `${v.kind} (${v.confidence})` : v.kind;
}
