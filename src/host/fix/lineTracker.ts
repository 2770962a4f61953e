// Where a line of a file is now, after the edits made since a capture: stack lines name the file as
// it was, and applying one quick fix moves the lines of the next. Follows every change to a
// document (fixes, undo, typing) and forgets them when a new snapshot arrives.
import * as vscode from 'vscode';

interface LineChange {
  /** 0-based first and last line of the replaced range, in the text before the change. */
  readonly start: number;
  readonly end: number;
  /** Lines the new text spans minus lines the old range spanned. */
  readonly delta: number;
  /** Lines that keep their content although the change touches them: `start` when whole lines were inserted before it, `end` when whole lines before it were deleted. */
  readonly keeps: 'start' | 'end' | null;
}

export class LineTracker implements vscode.Disposable {
  private readonly changes = new Map<string, LineChange[]>();
  private readonly sub: vscode.Disposable;
  /** Bumped on every change of a tracked document: cached fixes are stale after it. */
  generation = 0;

  constructor() {
    this.sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme !== 'file' || e.contentChanges.length === 0) return;
      this.generation++;
      const list = this.changes.get(e.document.uri.fsPath) ?? [];
      // Changes of one event are given against the same text, last in the document first.
      const ordered = [...e.contentChanges].sort((a, b) => b.range.start.compareTo(a.range.start));
      for (const c of ordered) list.push(lineChange(c, e.document));
      this.changes.set(e.document.uri.fsPath, list);
    });
  }

  /** The 1-based line `line` of `fsPath` (as it was at the reset) is now at; null if it was edited away. */
  map(fsPath: string, line: number): number | null {
    let l = line - 1;
    for (const c of this.changes.get(fsPath) ?? []) {
      if (l < c.start) continue;
      if (l > c.end) l += c.delta;
      else if (c.keeps === 'start' && l === c.start) l += c.delta;
      else if (c.keeps === 'end' && l === c.end) l = c.start;
      else if (c.start === c.end && c.delta === 0)
        continue; // an edit within the line keeps it
      else return null;
    }
    return l + 1;
  }

  reset(): void {
    this.changes.clear();
    this.generation++;
  }

  dispose(): void {
    this.sub.dispose();
  }
}

function lineChange(c: vscode.TextDocumentContentChangeEvent, doc: vscode.TextDocument): LineChange {
  const start = c.range.start.line;
  const end = c.range.end.line;
  const added = c.text.split('\n').length - 1;
  const delta = added - (end - start);
  let keeps: LineChange['keeps'] = null;
  const lineStartsAt = (line: number, col: number) => {
    const text = line < doc.lineCount ? doc.lineAt(line).text : '';
    return col <= (/^\s*/.exec(text)?.[0].length ?? 0);
  };
  // Whole lines inserted before the content of `start` (the inserted text ends in indentation).
  if (c.range.isEmpty && added > 0 && /\n[\t ]*$/.test(c.text) && lineStartsAt(start + added, c.range.start.character))
    keeps = 'start';
  // Whole lines deleted before the content of `end` (what follows the range is that content).
  else if (c.text === '' && end > start && lineStartsAt(start, c.range.start.character)) keeps = 'end';
  return { start, end, delta, keeps };
}
