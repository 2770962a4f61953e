// A goroutine reading an io.Pipe whose writer returned without closing it: the read waits forever
// (io.Pipe has no buffer and no deadline; only Close or CloseWithError on the writer ends it). The
// writer is found in the function that started the reader, at its `pr, pw := io.Pipe()`.
import type { Node } from 'web-tree-sitter';
import { enclosingFunctions, innermostFunction, parameterNames, sameNode } from '../source/goSyntax';
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
  if (!p) return handedOffWriterFix(input);
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
 * The reader made the pipe itself and handed the writer to a goroutine (`pr, pw := io.Pipe()` then
 * `go s.writeCSV(pw, st)`) whose function returns on some path without closing it: `defer
 * pw.Close()` first in that function closes it on every path. Closing after CloseWithError keeps
 * the first error (io.PipeWriter: "CloseWithError never overwrites the previous error"), so the
 * paths that already close stay as they are. The function must be declared in the same file.
 */
function handedOffWriterFix(input: FixInput): FixCandidate[] {
  const { site } = input;
  const fn = enclosingFunctions(site.root, site.row)[0];
  const io = importedName(site.root, 'io');
  if (!fn || !io) return [];
  for (const decl of fn.descendantsOfType('short_var_declaration')) {
    const right = children(decl.childForFieldName('right'));
    const left = children(decl.childForFieldName('left'));
    if (right.length !== 1 || right[0]!.childForFieldName('function')?.text !== `${io}.Pipe` || left.length !== 2)
      continue;
    const writer = left[1]!.text;
    for (const go of fn.descendantsOfType('go_statement')) {
      const call = go.namedChildren.find((c) => c?.type === 'call_expression');
      const callee = call?.childForFieldName('function');
      const args = children(call?.childForFieldName('arguments') ?? null).map((a) => a.text);
      const index = args.indexOf(writer);
      const name = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee?.text;
      if (index < 0 || !name) continue;
      const target = site.root
        .descendantsOfType(['function_declaration', 'method_declaration'])
        .find((d) => d.childForFieldName('name')?.text === name);
      const body = target?.childForFieldName('body');
      const param = target ? parameterNames(target)[index] : undefined;
      if (!target || !body || !param || param === '_') continue;
      if (body.descendantsOfType('defer_statement').some((d) => closes(children(d)[0] ?? d, param))) continue;
      const at = nextLineStart(site.text, body.startIndex);
      const ind = `${indentAt(site.text, target.startIndex)}\t`;
      return [
        candidate(
          'pipe-close',
          `Close the pipe writer \`${param}\` of \`${name}\` on every path (\`defer ${param}.Close()\`)`,
          site.path,
          [{ start: at, end: at, text: `${ind}defer ${param}.Close()\n` }],
        ),
      ];
    }
  }
  return [];
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
