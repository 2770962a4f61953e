// What the source says about an HTTP request's goroutine: whether the handler has read its body yet
// (so net/http's background reader has started), whether a frame on the stack sets a read
// deadline, how the serving http.Server bounds reads, and whether the creator is a handler.
import type { Frame, GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import { enclosingFunctions, escapeRe, hasHttpHandlerSignature, parameters } from '../source/goSyntax';
import { servedServer, type ServerTimeouts } from '../source/goServers';
import { isStdlibFunction } from '../go/functionNames';
import { perLookup } from './perLookup';

/** Uses of the request `r` that read its body. */
function bodyUse(r: string): RegExp {
  return new RegExp(
    `\\b${escapeRe(r)}\\.(Body\\b|(ParseForm|ParseMultipartForm|FormValue|PostFormValue|FormFile|MultipartReader)\\()`,
  );
}

/**
 * A function on the stack reads the request body only after the line it waits at (net/http starts
 * the connection's background reader once the body is consumed), or hijacked the connection before
 * it ((*conn).hijackLocked aborts the reader): the reader's absence says nothing about the client.
 */
export async function readerNotStartedAt(group: GoroutineGroup, lookup: SourceLookup): Promise<boolean> {
  if (!group.stack.frames.some((f) => f.function === 'net/http.serverHandler.ServeHTTP')) return false;
  for (const f of group.stack.frames) {
    if (isStdlibFunction(f.function)) continue;
    const at = await lookup.at(f.file, f.line, f.function);
    const fn = at ? enclosingFunctions(at.tree.rootNode, at.row)[0] : undefined;
    const body = fn?.childForFieldName('body');
    if (!at || !fn || !body) continue;
    const req = parameters(fn).find((p) => /\*\s*http\.Request\b/.test(p.type));
    if (!req) continue;
    const use = bodyUse(req.name);
    const lines = body.text.split('\n');
    const split = at.row - body.startPosition.row;
    const before = lines.slice(0, split).join('\n');
    const after = lines.slice(split + 1).join('\n');
    if (/\.Hijack\(\)/.test(before)) return true;
    if (use.test(before)) return false;
    if (use.test(after)) return true;
  }
  return false;
}

/** Per analysis (one SourceLookup each) and frame (interned per parse): does its function set a deadline. */
const deadlineCache = new WeakMap<SourceLookup, WeakMap<Frame, Promise<boolean>>>();

/** Some function on the stack sets a read deadline: `conn.SetReadDeadline`, `SetDeadline`, `rc.SetReadDeadline`. */
export async function readDeadlineOnStack(group: GoroutineGroup, lookup: SourceLookup): Promise<boolean> {
  const cache = perLookup(deadlineCache, lookup, () => new WeakMap());
  for (const f of group.stack.frames) {
    if (isStdlibFunction(f.function)) continue;
    let sets = cache.get(f);
    if (sets === undefined) {
      sets = frameSetsDeadline(f, lookup);
      cache.set(f, sets);
    }
    if (await sets) return true;
  }
  return false;
}

async function frameSetsDeadline(f: Frame, lookup: SourceLookup): Promise<boolean> {
  const at = await lookup.at(f.file, f.line, f.function);
  const fn = at ? enclosingFunctions(at.tree.rootNode, at.row)[0] : undefined;
  return fn !== undefined && /\.Set(Read)?Deadline\(/.test(fn.text);
}

/**
 * The http.Server serving a handler goroutine: its accept loop is an ancestor (Go 1.21+: the
 * parent of an HTTP/1 handler's connection goroutine; for HTTP/2, the parent of the connection
 * goroutine that started the handler), or every accept loop of the dump when they all say the
 * same (older Go); read where the program serves it.
 */
export async function serverOf(
  group: GoroutineGroup,
  lookup: SourceLookup,
  snapshot: GoroutineSnapshot,
): Promise<ServerTimeouts | null> {
  const loops = snapshot.groups.filter((g) => g.stack.frames.some((f) => f.function === 'net/http.(*Server).Serve'));
  const mine = group.parentIds.length > 0 ? nearestLoops(group, loops, snapshot) : loops;
  const found: ServerTimeouts[] = [];
  for (const loop of mine) {
    const frames = loop.stack.frames;
    const serve = frames.findIndex((f) => f.function === 'net/http.(*Server).Serve');
    // `go http.Serve(ln, h)` runs the serve loop as the goroutine's own function: no frame of the
    // program calls it, and the go statement (its `created by` line) is the call to read.
    const caller =
      frames.slice(serve + 1).find((f) => !isStdlibFunction(f.function)) ??
      (loop.createdBy && !isStdlibFunction(loop.createdBy.function) ? loop.createdBy : undefined);
    const at = caller ? await lookup.at(caller.file, caller.line, caller.function) : null;
    const fn = at ? enclosingFunctions(at.tree.rootNode, at.row)[0] : undefined;
    const server = at && fn ? servedServer(at.tree.rootNode, fn, at.row) : null;
    if (server === null) return null;
    found.push(server);
  }
  if (found.length === 0) return null;
  if (found.every((s) => s.readTimeout === found[0]!.readTimeout)) return found[0]!;
  return { readTimeout: 'unknown', how: 'the servers of this dump are built differently', line: found[0]!.line };
}

export async function creatorHasHandlerSignature(group: GoroutineGroup, lookup: SourceLookup): Promise<boolean> {
  const c = group.createdBy;
  if (c === null || isStdlibFunction(c.function)) return false;
  const at = await lookup.at(c.file, c.line, c.function);
  if (at === null) return false;
  const fn = enclosingFunctions(at.tree.rootNode, at.row)[0];
  return fn !== undefined && hasHttpHandlerSignature(fn);
}

/**
 * The accept loops nearest among a group's ancestors (Go 1.21+ `created by … in goroutine N`): its
 * parents, else their parents, else theirs. An HTTP/1 handler runs on its connection's goroutine,
 * a child of the loop; an HTTP/2 handler is a child of that connection goroutine.
 */
function nearestLoops(
  group: GoroutineGroup,
  loops: readonly GoroutineGroup[],
  snapshot: GoroutineSnapshot,
  depth = 3,
): GoroutineGroup[] {
  const byId = new Map<number, GoroutineGroup>();
  for (const g of snapshot.groups) for (const id of g.ids) byId.set(id, g);
  const seen = new Set<number>();
  let level = group.parentIds;
  for (let d = 0; d < depth && level.length > 0; d++) {
    const ids = new Set(level.filter((id) => !seen.has(id)));
    const found = loops.filter((l) => l.ids.some((id) => ids.has(id)));
    if (found.length > 0) return found;
    for (const id of ids) seen.add(id);
    level = [...ids].flatMap((id) => byId.get(id)?.parentIds ?? []);
  }
  return [];
}
