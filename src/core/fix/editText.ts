// Text arithmetic shared by the fixes: offsets ↔ positions, a line's indentation, applying edits.
import type { OffsetEdit, SourceEdit, SourcePosition } from './fixModel';

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo]! };
}

export function offsetAt(starts: readonly number[], p: SourcePosition): number {
  return (starts[p.line] ?? starts[starts.length - 1]!) + p.character;
}

/** The leading tabs and spaces of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[\t ]*/.exec(text.slice(start))![0];
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line holding `offset` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Applies non-overlapping edits; throws when two overlap (a fix must never produce that). */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

export function toSourceEdits(file: string, text: string, edits: readonly OffsetEdit[]): SourceEdit[] {
  const starts = lineStarts(text);
  return [...edits]
    .sort((a, b) => a.start - b.start)
    .map((e) => ({ file, start: positionAt(starts, e.start), end: positionAt(starts, e.end), newText: e.text }));
}

export function toOffsetEdits(text: string, edits: readonly SourceEdit[]): OffsetEdit[] {
  const starts = lineStarts(text);
  return edits.map((e) => ({ start: offsetAt(starts, e.start), end: offsetAt(starts, e.end), text: e.newText }));
}

/** Adds one tab to every non-empty line of `block` (the lines move one level deeper). */
export function indentLines(block: string, by = '\t'): string {
  return block
    .split('\n')
    .map((l) => (l.trim() === '' ? l : by + l))
    .join('\n');
}
