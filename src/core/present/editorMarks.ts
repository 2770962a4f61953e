// What the editor shows on the lines where suspects block: an after-text with the count, states
// and longest wait (`⏸ 40 goroutines · select · up to 2 min`) and a hover with each group's verdict.
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { FIXABLE_KINDS } from '../fix/fixModel';
import { countText, mergeWaitRanges, numberText, waitRangeText } from './format';
import { groupState, groupTitle, verdictText } from './titles';

/** One group in a line's hover; the host adds the link that shows the group. */
export interface HoverEntry {
  readonly groupKey: string;
  /** `40 × main.(*shop).slowSelect — select` */
  readonly heading: string;
  /** Shown bold: `select-no-ctx (likely)`. */
  readonly verdict: string | null;
  readonly reason: string | null;
  /** A quick fix family exists for its kind (the host links "Apply fix…"). */
  readonly fixable: boolean;
}

export interface LineMarkView {
  /** The local file, as the locator named it. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly text: string;
  readonly groups: readonly AnalyzedGroup[];
  readonly hover: readonly HoverEntry[];
}

/**
 * Finds the local file of a file name printed in a stack, or null (the host's path mapping). The
 * frame's function says whether the file is the standard library's (opened from GOROOT).
 */
export type FileLocator = (printedFile: string, fn: string) => Promise<string | null>;

export function lineMarkText(groups: readonly AnalyzedGroup[]): string {
  const count = groups.reduce((n, g) => n + g.group.count, 0);
  const states = [...new Set(groups.map(groupState))].join(', ');
  // Several groups on one line: their longest wait, not a range that would mix them.
  const wait = waitRangeText(mergeWaitRanges(groups.map((g) => g.group.waitMinutes)), { style: 'upTo' });
  return `⏸ ${countText(count, 'goroutine')} · ${states}${wait ? ` · ${wait}` : ''}`;
}

export function hoverEntry(g: AnalyzedGroup): HoverEntry {
  return {
    groupKey: g.group.key,
    heading: `${numberText(g.group.count)} × ${groupTitle(g)} — ${groupState(g)}`,
    verdict: verdictText(g.verdict),
    reason: g.verdict.reason,
    fixable: g.verdict.suspect && g.verdict.kind !== null && FIXABLE_KINDS.has(g.verdict.kind),
  };
}

/**
 * The marks of every suspect whose blocking frame has a line and a file the locator finds, one
 * mark per local line (groups whose printed names map to the same file and line share it).
 */
export async function blockingLineMarks(result: AnalysisResult, locate: FileLocator): Promise<LineMarkView[]> {
  const located = new Map<string, Promise<string | null>>();
  const byFile = new Map<string, Map<number, AnalyzedGroup[]>>();
  for (const g of result.groups) {
    const bf = g.verdict.blockingFrame;
    if (!g.verdict.suspect || bf === null) continue;
    const frame = g.group.stack.frames[bf];
    if (!frame || frame.line <= 0) continue;
    let file = located.get(frame.file);
    if (!file) located.set(frame.file, (file = locate(frame.file, frame.function)));
    const local = await file;
    if (local === null) continue;
    const byLine = byFile.get(local) ?? new Map<number, AnalyzedGroup[]>();
    byLine.set(frame.line, [...(byLine.get(frame.line) ?? []), g]);
    byFile.set(local, byLine);
  }
  const marks: LineMarkView[] = [];
  for (const [file, byLine] of byFile)
    for (const [line, groups] of byLine)
      marks.push({ file, line, groups, text: lineMarkText(groups), hover: groups.map(hoverEntry) });
  return marks;
}
