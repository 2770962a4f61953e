// A handler blocked reading its request (body, hijacked connection) on a server built without
// ReadTimeout: net/http puts no deadline on that read, so a client that sends headers and stalls
// keeps the handler for as long as the connection lives. The fix sets ReadHeaderTimeout and
// ReadTimeout on the server's construction, and builds the server explicitly where the package
// helpers (http.ListenAndServe, http.Serve) hide it. Durations are FixOptions (stated defaults).
import type { Node } from 'web-tree-sitter';
import type { Frame } from '../model/goroutine';
import type { FixCandidate, FileEdits, FixInput } from './fixCandidate';
import type { OffsetEdit } from './fixModel';
import type { SourceFile } from './fixSources';
import { children } from './fixSyntax';
import { addImport, importedName } from './goImports';
import { indentAt, lineStartOf } from './editText';

/** Reading the request: the server side of net/http under the blocking frame, no client transport. */
export function isServerRead(frames: readonly Frame[]): boolean {
  const fns = frames.map((f) => f.function);
  const server = fns.some((f) =>
    /^net\/http\.\((\*body|\*connReader|\*chunkedReader|\*expectContinueReader|\*maxBytesReader)\)\.Read$/.test(f),
  );
  return server && !fns.some((f) => f.startsWith('net/http.(*persistConn)') || f.startsWith('net/http.(*Transport)'));
}

export async function serverTimeoutsFix(input: FixInput): Promise<FixCandidate | null> {
  if (!isServerRead(input.group.group.stack.frames)) return null;
  const all = input.sources.goFiles().filter((f) => !f.endsWith('_test.go'));
  const dir = input.site.path.slice(0, input.site.path.lastIndexOf('/') + 1);
  const local = all.filter((f) => f.startsWith(dir) && !f.slice(dir.length).includes('/'));
  const { readHeaderTimeoutSeconds: rh, readTimeoutSeconds: rt } = input.options;
  for (const files of [local, all]) {
    const out: FileEdits[] = [];
    for (const path of files) {
      const src = await input.sources.file(path);
      if (!src) continue;
      const edits = serverEdits(src, rh, rt);
      if (edits.length > 0) out.push({ path, edits });
    }
    if (out.length > 0)
      return {
        kind: 'server-read-timeouts',
        title: `Set ReadHeaderTimeout (${rh}s) and ReadTimeout (${rt}s) on the http.Server${out.length > 1 ? 's' : ''}`,
        files: out,
      };
  }
  return null;
}

const seconds = (n: number) => (n % 60 === 0 ? `${n / 60} * time.Minute` : `${n} * time.Second`);

function serverEdits(src: SourceFile, rh: number, rt: number): OffsetEdit[] {
  const http = importedName(src.root, 'net/http');
  if (!http) return [];
  const edits: OffsetEdit[] = [];
  const fields = [
    ['ReadHeaderTimeout', seconds(rh)],
    ['ReadTimeout', seconds(rt)],
  ] as const;
  for (const lit of src.root.descendantsOfType('composite_literal')) {
    if (lit.childForFieldName('type')?.text !== `${http}.Server`) continue;
    const body = lit.childForFieldName('body');
    if (!body) continue;
    const keyed = children(body).filter((c) => c.type === 'keyed_element');
    const keys = keyed.map((k) => children(k)[0]?.text ?? '');
    if (keys.includes('ReadTimeout') || children(body).some((c) => c.type !== 'keyed_element' && c.type !== 'comment'))
      continue;
    const add = fields.filter(([k]) => !keys.includes(k));
    edits.push(...literalEdits(src.text, body, keyed, add));
  }
  for (const call of src.root.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function')?.text;
    const args = children(call.childForFieldName('arguments'));
    const ind = indentAt(src.text, call.startIndex);
    const lit = (entries: (readonly [string, string])[], method: string, rest: string[]) => {
      const width = Math.max(...entries.map(([k]) => k.length)) + 1;
      const lines = entries.map(([k, v]) => `${ind}\t${`${k}:`.padEnd(width)} ${v},`);
      return `(&${http}.Server{\n${lines.join('\n')}\n${ind}}).${method}(${rest.join(', ')})`;
    };
    const handler = (h: Node | undefined) => (h && h.text !== 'nil' ? [['Handler', h.text] as const] : []);
    let text: string | null = null;
    if (fn === `${http}.ListenAndServe` && args.length === 2)
      text = lit([['Addr', args[0]!.text], ...handler(args[1]), ...fields], 'ListenAndServe', []);
    else if (fn === `${http}.ListenAndServeTLS` && args.length === 4)
      text = lit([['Addr', args[0]!.text], ...handler(args[3]), ...fields], 'ListenAndServeTLS', [
        args[1]!.text,
        args[2]!.text,
      ]);
    else if (fn === `${http}.Serve` && args.length === 2)
      text = lit([...handler(args[1]), ...fields], 'Serve', [args[0]!.text]);
    if (text !== null && args.every((a) => a.startPosition.row === a.endPosition.row))
      edits.push({ start: call.startIndex, end: call.endIndex, text });
  }
  if (edits.length > 0) {
    const imp = addImport(src.root, src.text, 'time');
    if (imp) edits.push(imp);
  }
  return edits;
}

/**
 * New fields in a `http.Server{…}` literal: on its one line, or as lines before its closing brace,
 * with the key column of the literal's last run of one-line elements realigned as gofmt does.
 */
function literalEdits(
  text: string,
  body: Node,
  keyed: readonly Node[],
  add: readonly (readonly [string, string])[],
): OffsetEdit[] {
  if (add.length === 0) return [];
  if (body.startPosition.row === body.endPosition.row) {
    const items = add.map(([k, v]) => `${k}: ${v}`).join(', ');
    const close = body.endIndex - 1;
    return [{ start: close, end: close, text: keyed.length ? `, ${items}` : items }];
  }
  const closeLine = lineStartOf(text, body.endIndex - 1);
  if (text.slice(closeLine, body.endIndex - 1).trim() !== '') return [];
  const ind = indentAt(text, closeLine) + '\t';
  // The run of one-line key: value elements that ends the literal, on consecutive lines.
  const run: Node[] = [];
  for (let i = keyed.length - 1; i >= 0; i--) {
    const k = keyed[i]!;
    const next = run[0];
    if (k.startPosition.row !== k.endPosition.row) break;
    if (next && k.endPosition.row + 1 !== next.startPosition.row) break;
    if (!next && k.endPosition.row + 1 !== body.endPosition.row) break;
    run.unshift(k);
  }
  const width = Math.max(...[...run.map((k) => children(k)[0]!.text), ...add.map(([k]) => k)].map((k) => k.length)) + 1;
  const edits: OffsetEdit[] = [];
  for (const k of run) {
    const key = children(k)[0]!;
    const value = children(k)[1]!;
    const want = `${`${key.text}:`.padEnd(width)} `;
    if (text.slice(key.startIndex, value.startIndex) !== want)
      edits.push({ start: key.startIndex, end: value.startIndex, text: want });
  }
  const lines = add.map(([k, v]) => `${ind}${`${k}:`.padEnd(width)} ${v},\n`).join('');
  edits.push({ start: closeLine, end: closeLine, text: lines });
  return edits;
}
