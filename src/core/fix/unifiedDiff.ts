// Unified diffs that `git apply` and `patch -p1` accept: `--- a/PATH` / `+++ b/PATH` headers and
// `@@` hunks with three lines of context.
import { diffLines, splitLines } from './lineDiff';

const CONTEXT = 3;

/** The diff of one file, or '' when nothing changed. `path` is relative to the source root. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const hunks = diffLines(a, b);
  // Hunks closer than twice the context share one `@@` block.
  const blocks: (typeof hunks)[] = [];
  for (const h of hunks) {
    const last = blocks[blocks.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && h.oldStart - (prev.oldStart + prev.oldCount) <= 2 * CONTEXT) last!.push(h);
    else blocks.push([h]);
  }
  const out = [`--- a/${path}`, `+++ b/${path}`];
  // A trailing '' element stands for the final newline, not a line of its own.
  const aLen = before.endsWith('\n') ? a.length - 1 : a.length;
  const bLen = after.endsWith('\n') ? b.length - 1 : b.length;
  for (const block of blocks) {
    const first = block[0]!;
    const last = block[block.length - 1]!;
    const oStart = Math.max(0, first.oldStart - CONTEXT);
    const oEnd = Math.min(aLen, last.oldStart + last.oldCount + CONTEXT);
    const nStart = first.newStart - (first.oldStart - oStart);
    const nEnd = Math.min(bLen, last.newStart + last.newCount + (oEnd - (last.oldStart + last.oldCount)));
    const lines: string[] = [];
    let ai = oStart;
    for (const h of block) {
      while (ai < h.oldStart) lines.push(` ${a[ai++]}`);
      for (let i = 0; i < h.oldCount; i++) if (h.oldStart + i < aLen) lines.push(`-${a[h.oldStart + i]}`);
      for (let i = 0; i < h.newCount; i++) if (h.newStart + i < bLen) lines.push(`+${b[h.newStart + i]}`);
      ai = h.oldStart + h.oldCount;
    }
    while (ai < oEnd) lines.push(` ${a[ai++]}`);
    const range = (start: number, count: number) =>
      `${count === 0 ? start : start + 1}${count === 1 ? '' : `,${count}`}`;
    out.push(`@@ -${range(oStart, oEnd - oStart)} +${range(nStart, nEnd - nStart)} @@`, ...lines);
  }
  return out.join('\n') + '\n';
}
