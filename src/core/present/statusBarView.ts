// The status bar item of the current snapshot: how many goroutines are suspects, and of how many.
import type { AnalysisResult } from '../analysis/verdict';
import { countText, numberText } from './format';

export interface StatusBarView {
  /** A codicon shown before the text. */
  readonly icon: string;
  readonly text: string;
  readonly tooltip: string;
  /** Drawn with the warning background: there are suspects. */
  readonly warning: boolean;
}

export function statusBarView(title: string, result: AnalysisResult): StatusBarView {
  const suspects = result.groups.filter((g) => g.verdict.suspect).reduce((n, g) => n + g.group.count, 0);
  return {
    icon: 'debug-pause',
    text: countText(suspects, 'suspect goroutine'),
    tooltip: `${title}: ${numberText(result.suspectCount)} suspect group(s), ${numberText(suspects)} of ${numberText(result.snapshot.goroutineCount)} goroutines. Click to show them.`,
    warning: suspects > 0,
  };
}
