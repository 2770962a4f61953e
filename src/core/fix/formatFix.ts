// gofmt over a fixed file, kept minimal: when the file was gofmt-clean before the fix, the
// formatted result replaces the fix's edits by the lines gofmt's output changes; a file that was
// not clean keeps the fix's own edits (formatting it would touch lines the fix did not).
import type { GoFix, SourceEdit } from './fixModel';
import { applyOffsetEdits, toOffsetEdits } from './editText';
import { diffLines } from './lineDiff';

/** Formats Go source (gofmt on stdin), or null when it cannot (no toolchain, a syntax error). */
export type GoFormatter = (text: string) => Promise<string | null>;

/** The file texts a fix starts from, by path. */
export type TextOf = (path: string) => Promise<string | null>;

export async function formatFix(fix: GoFix, textOf: TextOf, format: GoFormatter | null): Promise<GoFix> {
  if (!format) return fix;
  const files = [...new Set(fix.edits.map((e) => e.file))];
  const edits: SourceEdit[] = [];
  for (const file of files) {
    const own = fix.edits.filter((e) => e.file === file);
    const before = await textOf(file);
    if (before === null) return fix;
    const after = applyOffsetEdits(before, toOffsetEdits(before, own));
    const formatted = (await format(before)) === before ? await format(after) : null;
    edits.push(...(formatted === null ? own : lineEdits(file, before, formatted)));
  }
  return { ...fix, edits };
}

/** Whole-line edits turning `before` into `after`. */
export function lineEdits(file: string, before: string, after: string): SourceEdit[] {
  const a = before.split('\n');
  const b = after.split('\n');
  return diffLines(a, b).map((h) => ({
    file,
    start: { line: h.oldStart, character: 0 },
    end: { line: h.oldStart + h.oldCount, character: 0 },
    newText: b
      .slice(h.newStart, h.newStart + h.newCount)
      .map((l) => `${l}\n`)
      .join(''),
  }));
}
