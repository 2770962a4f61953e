// Which frame of a group to open when the group itself is clicked.
import type { AnalyzedGroup } from '../analysis/verdict';
import { isStdlibFunction } from '../go/functionNames';

/** The blocking frame, else the innermost user frame, else the innermost frame; null for no frames. */
export function focusFrameIndex(g: AnalyzedGroup): number | null {
  if (g.verdict.blockingFrame !== null) return g.verdict.blockingFrame;
  const i = g.group.stack.frames.findIndex((f) => !isStdlibFunction(f.function));
  return i >= 0 ? i : g.group.stack.frames.length ? 0 : null;
}
