// A goroutine reading an io.Pipe whose writer returned without closing it: the read waits forever
// (io.Pipe has no buffer and no deadline; only Close or CloseWithError on the writer ends it). The
// writer is found in the function that started the reader, at its `pr, pw := io.Pipe()`.
import type { Node } from 'web-tree-sitter';
import { enclosingFunctions, innermostFunction, sameNode } from '../source/goSyntax';
import { candidate, type FixCandidate, type FixInput } from './fixCandidate';
import type { OffsetEdit } from './fixModel';
import type { FrameSource } from './fixSources';
import { children } from './fixSyntax';
import { importedName } from './goImports';
import { indentAt, lineStartOf, nextLineStart } from './editText';

interface PipeSite {
  readonly src: FrameSource;
  readonly fn: Node;
  readonly decl: Node;
  readonly writer: string;
  readonly io: string;
}

async function pipeWriter(input: FixInput): Promise<PipeSite | null> {
  const cb = input.group.group.createdBy;
  if (!cb) return null;
  const src = await input.sources.frame(cb.file, cb.line, cb.function);
  const fn = src ? enclosingFunctions(src.root, src.row)[0] : undefined;
  const io = src ? importedName(src.root, 'io') : null;
  if (!src || !fn || !io) return null;
  for (const decl of fn.descendantsOfType('short_var_declaration')) {
    if (!sameNode(innermostFunction(decl), fn)) continue;
    const right = children(decl.childForFieldName('right'));
    const left = children(decl.childForFieldName('left'));
    if (right.length !== 1 || right[0]!.childForFieldName('function')?.text !== `${io}.Pipe` || left.length !== 2)
      continue;
    const writer = left[1]!.text;
    if (writer === '_' || decl.startPosition.row !== decl.endPosition.row) return null;
    return { src, fn, decl, writer, io };
  }
  return null;
}

function closes(n: Node, writer: string): boolean {
  return new RegExp(`^${writer}\\.(Close|CloseWithError)\\(`).test(n.text.trim());
}

export async function pipeCloseFixes(input: FixInput): Promise<FixCandidate[]> {
  const p = await pipeWriter(input);
  if (!p) return [];
  const body = p.fn.childForFieldName('body')!;
  if (body.descendantsOfType('defer_statement').some((d) => closes(children(d)[0] ?? d, p.writer))) return [];
  const at = nextLineStart(p.src.text, p.decl.endIndex);
  const ind = indentAt(p.src.text, p.decl.startIndex);
  const out: FixCandidate[] = [
    candidate(
      'pipe-close',
      `Close the pipe writer \`${p.writer}\` on every path (\`defer ${p.writer}.Close()\`)`,
      p.src.path,
      [{ start: at, end: at, text: `${ind}defer ${p.writer}.Close()\n` }],
    ),
  ];
  const early = earlyReturnEdits(p);
  if (early.length > 0)
    out.push(
      candidate(
        'pipe-close-with-error',
        `Close the pipe writer \`${p.writer}\` with an error before each return that leaves it open`,
        p.src.path,
        early,
      ),
    );
  return out;
}

/**
 * `pw.CloseWithError(err)` before each return after the pipe that no close precedes in its blocks:
 * `err` inside `if err != nil`, io.ErrUnexpectedEOF elsewhere (the data ended before it was whole).
 */
function earlyReturnEdits(p: PipeSite): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  for (const ret of p.fn.descendantsOfType('return_statement')) {
    if (!sameNode(innermostFunction(ret), p.fn) || ret.startIndex < p.decl.endIndex) continue;
    if (closedBefore(ret, p)) continue;
    const cond = enclosingIf(ret, p.fn)?.childForFieldName('condition')?.text.replace(/\s/g, '');
    const err = cond === 'err!=nil' ? 'err' : `${p.io}.ErrUnexpectedEOF`;
    const line = lineStartOf(p.src.text, ret.startIndex);
    edits.push({
      start: line,
      end: line,
      text: `${indentAt(p.src.text, ret.startIndex)}${p.writer}.CloseWithError(${err})\n`,
    });
  }
  return edits;
}

/** A close of the writer earlier in one of the statement lists that lead to `ret`. */
function closedBefore(ret: Node, p: PipeSite): boolean {
  for (let n: Node | null = ret; n && !sameNode(n, p.fn); n = n.parent) {
    const list = n.parent;
    if (list?.type !== 'statement_list') continue;
    for (const s of children(list)) {
      if (s.startIndex >= n.startIndex) break;
      if (s.type === 'expression_statement' && closes(s, p.writer)) return true;
    }
  }
  return false;
}

function enclosingIf(n: Node, fn: Node): Node | null {
  for (let p = n.parent; p && !sameNode(p, fn); p = p.parent) if (p.type === 'if_statement') return p;
  return null;
}
