// Whether anyone is left to wake a goroutine parked receiving on a channel or reading an io.Pipe:
// the source says who writes (who sends on the channel or closes it, which goroutine got the pipe's
// writer), the dump says whether any of them still runs. A receive waits for a send or a close and
// a pipe read for a write or a close of the writer (Go spec, io/pipe.go): when every writer ran as a
// goroutine of its own and none runs any more, nothing can wake the reader again.
import type { Node } from 'web-tree-sitter';
import type { Frame, GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import { escapeRe } from '../source/goSyntax';
import {
  declarationsNamed,
  fieldChannelWriters,
  localHandOff,
  pipeWriterOf,
  receiverType,
  returnsWithoutClosing,
  type Writer,
} from '../source/goWriters';
import { findLocalChannel } from '../source/goChannels';
import { lostClosers, type LostCloser } from '../source/goLostClosers';
import { declaredTypeOf, usesOfSameField } from '../source/goTypes';
import { baseName } from '../go/filePaths';

export interface ProducerFacts {
  /** The channel or pipe reader as written at the blocking line: `s.issued`, `frames`, `pr`. */
  readonly channel: string;
  /**
   * `none`: nothing in the source sends on it or closes it; `gone`: its writers only ever ran as
   * goroutines of their own and none runs any more; `running`: a writer runs; `lost`: its writers
   * are functions nobody can call any more (`lost`); `unknown`.
   */
  readonly state: 'none' | 'gone' | 'running' | 'lost' | 'unknown';
  /** What was found, in words. */
  readonly evidence: string;
  /** A writer's path out that does not close it: `Stream returns at replay.go:56 without closing out`. */
  readonly unclosedReturn: string | null;
  /** For `lost`: the closer, who returns it and where the callers drop it. */
  readonly lost?: LostCloser;
}

export interface ProducerSite {
  readonly group: GoroutineGroup;
  readonly frame: Frame;
  /** The parsed file and 0-based row of the blocking frame. */
  readonly path: string;
  readonly root: Node;
  readonly row: number;
  /** Functions enclosing the row, innermost first. */
  readonly scope: readonly Node[];
  readonly lookup: SourceLookup;
  readonly snapshot: GoroutineSnapshot;
}

/** Who can still write to the channel `channel` received from at the site. */
export async function channelProducer(site: ProducerSite, channel: string): Promise<ProducerFacts> {
  if (/^[A-Za-z_]\w*$/.test(channel)) {
    const local = findLocalChannel(site.scope, channel);
    // Only a channel the receiving function made itself: its own sends cannot happen while it waits.
    if (local && sameFn(local.declaredIn, site.scope[0])) {
      return handedOff(site, channel, localHandOff(local.declaredIn, channel), 'close');
    }
    return unknownProducer(channel, 'made elsewhere');
  }
  const field = fieldOf(channel);
  if (field === null) return unknownProducer(channel, 'not a variable or a field');
  return fieldProducer(site, channel, field);
}

/** Who can still write to the pipe read at the site: the writer end made with the reader. */
export async function pipeProducer(site: ProducerSite): Promise<ProducerFacts | null> {
  const ids = site.root
    .descendantsOfType('identifier', { row: site.row, column: 0 }, { row: site.row, column: 1 << 20 })
    .filter((id) => id.startPosition.row === site.row);
  for (const id of ids) {
    const pipe = pipeWriterOf(site.scope, id.text);
    if (pipe === null || !sameFn(pipe.declaredIn, site.scope[0])) continue;
    const flow = localHandOff(pipe.declaredIn, pipe.writer, ['Close', 'CloseWithError']);
    const p = await handedOff(site, pipe.writer, flow, 'Close');
    return { ...p, channel: id.text, evidence: `${id.text} is the reading end of io.Pipe; ${p.evidence}` };
  }
  return null;
}

async function handedOff(
  site: ProducerSite,
  name: string,
  flow: ReturnType<typeof localHandOff>,
  closeWord: string,
): Promise<ProducerFacts> {
  if (flow.escapes) return unknownProducer(name, 'handed to other code');
  if (flow.goRows.length === 0) {
    return {
      channel: name,
      state: 'none',
      evidence: `${name} never leaves ${site.frame.function}: nothing else can write to it or close it`,
      unclosedReturn: null,
    };
  }
  const lines = flow.goRows.map((r) => r + 1);
  const where = lines.map((l) => `${baseName(site.path)}:${l}`).join(', ');
  const alive = childrenAt(site, lines);
  if (alive > 0) {
    return {
      channel: name,
      state: 'running',
      evidence: `the goroutine it was handed to (go statement at ${where}) still runs`,
      unclosedReturn: null,
    };
  }
  let unclosedReturn: string | null = null;
  const pkg = await site.lookup.packageOf(site.path);
  for (const call of flow.goCalls) {
    const callee = call.callee.slice(call.callee.lastIndexOf('.') + 1);
    for (const decl of declarationsNamed(
      pkg.map((f) => f.tree.rootNode),
      callee,
    )) {
      const param = paramAt(decl, call.argIndex);
      const line = param === null ? null : returnsWithoutClosing(decl, param);
      if (line !== null)
        unclosedReturn ??= `${callee} returns at line ${line} without ${closeWord === 'close' ? `closing ${param}` : `${param}.Close()`}`;
    }
  }
  return {
    channel: name,
    state: 'gone',
    evidence: `the goroutine it was handed to (go statement at ${where}) has exited`,
    unclosedReturn,
  };
}

async function fieldProducer(site: ProducerSite, channel: string, field: string): Promise<ProducerFacts> {
  // An unexported field is reachable only from its package; an exported one from anywhere.
  const files = /^[a-z_]/.test(field)
    ? await site.lookup.packageOf(site.path)
    : await site.lookup.filesMentioning(`.${field}`);
  const roots = files.map((f) => f.tree.rootNode);
  const { writers, escapes } = fieldChannelWriters(roots, field, { sameField: sameFieldAs(site, channel, roots) });
  if (escapes) return unknownProducer(channel, `.${field} is handed to code this analysis cannot follow`);
  if (writers.length === 0) {
    return {
      channel,
      state: 'none',
      evidence: `nothing under the source roots sends on .${field} or closes it`,
      unclosedReturn: null,
    };
  }
  if (writers.some((w) => w.runs === 'called')) {
    // Only an unexported field: its writers, and so the functions holding them, are all in the
    // site's package, where their callers are looked for.
    const lost = !/^[a-z_]/.test(field)
      ? null
      : await lostClosers(
          writers.map((w) => w.fn),
          (name) => filesReaching(site, name),
        );
    if (lost !== null) {
      const dropped =
        lost.returnedBy.length === 0
          ? `nothing calls ${lost.closer}`
          : `${lost.closer} is only returned by ${lost.returnedBy.join(', ')}, whose callers drop it (${lost.droppedAt.join(', ')})`;
      return {
        channel,
        state: 'lost',
        evidence: `only ${lost.closer} closes .${field}, and ${dropped}`,
        unclosedReturn: null,
        lost,
      };
    }
    return unknownProducer(
      channel,
      `.${field} is written by functions that are called, not only started as goroutines`,
    );
  }
  const pathOf = (w: Writer) => files.find((f) => f.tree === w.fn.tree)?.path ?? site.path;
  const names: string[] = [];
  for (const w of writers) {
    const name = w.fn.childForFieldName('name')?.text ?? null;
    const file = baseName(pathOf(w));
    const running =
      name !== null
        ? runsFunction(site.snapshot, name, receiverType(w.fn), file)
        : createdAt(
            site.snapshot,
            file,
            w.goRows.map((r) => r + 1),
          ) > 0;
    if (running) {
      return {
        channel,
        state: 'running',
        evidence: `its writer ${name ?? 'goroutine'} still runs`,
        unclosedReturn: null,
      };
    }
    names.push(name ?? `the goroutine started at ${file}:${(w.goRows[0] ?? 0) + 1}`);
  }
  let unclosedReturn: string | null = null;
  for (const w of writers) {
    const recv = w.fn.childForFieldName('receiver')?.descendantsOfType('identifier')[0]?.text;
    const name = w.fn.childForFieldName('name')?.text;
    if (!recv || !name) continue;
    const line = returnsWithoutClosing(w.fn, `${recv}.${field}`);
    if (line !== null) unclosedReturn ??= `${name} returns at line ${line} without closing ${recv}.${field}`;
  }
  return {
    channel,
    state: 'gone',
    evidence: `its writers (${names.join(', ')}) only ran as goroutines of their own, and none runs any more`,
    unclosedReturn,
  };
}

/** Uses of the same field as `channel` (`b.done`) at the site, told apart from another struct type's. */
function sameFieldAs(site: ProducerSite, channel: string, roots: readonly Node[]): (use: Node) => boolean {
  const dot = channel.lastIndexOf('.');
  const owner = channel.slice(0, dot);
  const mine = /^[A-Za-z_]\w*$/.test(owner) && site.scope[0] ? declaredTypeOf(owner, site.scope[0]) : null;
  return usesOfSameField(roots, channel.slice(dot + 1), mine);
}

/** The files that can refer to `name`: its package when unexported, every file mentioning it otherwise. */
async function filesReaching(site: ProducerSite, name: string): Promise<{ path: string; root: Node }[]> {
  const files = /^[a-z_]/.test(name) ? await site.lookup.packageOf(site.path) : await site.lookup.filesMentioning(name);
  return files.map((f) => ({ path: f.path, root: f.tree.rootNode }));
}

function unknownProducer(channel: string, why: string): ProducerFacts {
  return { channel, state: 'unknown', evidence: `who writes to ${channel} is not known: ${why}`, unclosedReturn: null };
}

/** `s.issued` → `issued`; `s.Archive.out` → `out`; null for calls and index expressions. */
function fieldOf(expr: string): string | null {
  const m = /^[A-Za-z_][\w.]*\.([A-Za-z_]\w*)$/.exec(expr);
  return m ? m[1]! : null;
}

function paramAt(decl: Node, index: number): string | null {
  const params = decl.childForFieldName('parameters');
  if (!params || index < 0) return null;
  const names: string[] = [];
  for (const p of params.namedChildren) {
    if (!p) continue;
    const ids = p.childrenForFieldName('name').filter((n): n is Node => n !== null);
    if (ids.length === 0) names.push('_');
    for (const id of ids) names.push(id.text);
  }
  return names[index] ?? null;
}

/**
 * Goroutines started by the `go` statements at `lines` of the site's function: Go 1.21+ only the
 * ones this group's goroutines started (their parent ids), older Go any (the creator's file and line).
 */
function childrenAt(site: ProducerSite, lines: readonly number[]): number {
  const file = baseName(site.frame.file);
  const mine = new Set(site.group.ids);
  let n = 0;
  for (const g of site.snapshot.groups) {
    const c = g.createdBy;
    if (c === null || c.function !== site.frame.function || baseName(c.file) !== file || !lines.includes(c.line))
      continue;
    if (g.parentIds.length > 0 && !g.parentIds.some((p) => mine.has(p))) continue;
    n += g.count;
  }
  return n;
}

function createdAt(snapshot: GoroutineSnapshot, file: string, lines: readonly number[]): number {
  return snapshot.groups
    .filter((g) => g.createdBy !== null && baseName(g.createdBy.file) === file && lines.includes(g.createdBy.line))
    .reduce((n, g) => n + g.count, 0);
}

/** Some goroutine runs (or is parked in) the function `name` (a method of `recv`) of a file named `file`. */
function runsFunction(snapshot: GoroutineSnapshot, name: string, recv: string | null, file: string): boolean {
  const re = new RegExp(
    recv !== null ? `[./]\\(?\\*?${escapeRe(recv)}(\\[[^\\]]*\\])?\\)?\\.${escapeRe(name)}$` : `[./]${escapeRe(name)}$`,
  );
  return snapshot.groups.some((g) => g.stack.frames.some((f) => re.test(f.function) && baseName(f.file) === file));
}

function sameFn(a: Node | undefined, b: Node | undefined): boolean {
  return a !== undefined && b !== undefined && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}
