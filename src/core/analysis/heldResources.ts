// Goroutines queued for a resource a leaking goroutine holds: the holder is the leak, the queue is
// its effect. database/sql hands each call a connection of the pool and takes it back only when the
// call (and its rows) are done: at SetMaxOpenConns, the next caller waits in (*DB).conn for one to
// come back (database/sql/sql.go, (*DB).conn: `req := make(chan connRequest, 1)` … select). A
// buffered channel used as a semaphore blocks a send while every slot is taken. A holder that
// never returns keeps them waiting for good, and only its fix ends the queue.
import type { Frame } from '../model/goroutine';
import type { SourceLookup } from '../source/sourceLookup';
import type { GroupFacts, RuleResult } from './ruleResult';
import { enclosingFunctions } from '../source/goSyntax';
import { holdsSlotAt } from '../source/goSemaphores';
import { isStdlibFunction, shortFunctionName } from '../go/functionNames';
import { siteOf } from './reasons';

interface Resource {
  /** What the victims wait for, in words: `a connection of the database/sql pool`. */
  readonly noun: string;
  readonly victims: GroupFacts[];
  readonly holders: GroupFacts[];
}

/** Marks victims of leaking holders in `results`, and tells each holder how many wait behind it. */
export async function heldResources(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  lookup: SourceLookup | null,
): Promise<void> {
  const resources = new Map<string, Resource>();
  const add = (key: string, noun: string, role: 'victims' | 'holders', f: GroupFacts) => {
    let r = resources.get(key);
    if (!r) {
      r = { noun, victims: [], holders: [] };
      resources.set(key, r);
    }
    if (!r[role].includes(f)) r[role].push(f);
  };
  const onlyPool = singleSqlDb(facts);
  for (const f of facts) {
    const pool = poolOf(f.group.stack.frames);
    if (pool !== null) {
      const key = onlyPool ? 'pool' : `pool ${pool.owner}`;
      const noun = onlyPool
        ? 'a connection of the database/sql pool (the only *sql.DB)'
        : `a connection of the database/sql pool of ${shortFunctionName(pool.owner)}`;
      if (pool.waiting) add(key, noun, 'victims', f);
      else if (results.get(f)?.status === 'leak') add(key, noun, 'holders', f);
    }
    const slot = slotWaitedFor(f);
    if (slot !== null) add(`slots ${slot.dir} ${slot.field}`, `a slot of ${slot.expr}`, 'victims', f);
  }
  if (lookup !== null) await findSlotHolders(facts, results, resources, lookup);
  for (const r of resources.values()) {
    if (r.holders.length === 0) continue;
    const victims = r.victims.filter((v) => !r.holders.includes(v) && !endsWithItsContext(v) && !mayEndUnseen(v));
    if (victims.length === 0) continue;
    const waiting = victims.reduce((n, v) => n + v.group.count, 0);
    const holders = r.holders.reduce((n, h) => n + h.group.count, 0);
    const holderWords = describeHolders(r.holders);
    for (const v of victims) {
      const prev = results.get(v)!;
      const note = `waits for ${r.noun}, held by ${holderWords}`;
      if (prev.status === 'leak' && prev.kind !== 'client-gone') {
        results.set(v, { ...prev, evidence: [...prev.evidence, note] });
        continue;
      }
      const holderResult = results.get(r.holders[0]!)!;
      results.set(v, {
        status: 'leak',
        kind: 'held-resource-victim',
        confidence: 'likely',
        problem: `waiting for ${r.noun}, held by ${holderWords}, which never let${holders === 1 ? 's' : ''} go`,
        fix: `fix the holder first: ${holderResult.fix ?? 'make it return'}`,
        evidence: [...prev.evidence, note],
      });
    }
    for (const h of r.holders) {
      const prev = results.get(h)!;
      const effect = `${waiting} request${waiting === 1 ? '' : 's'} wait${waiting === 1 ? 's' : ''} for ${r.noun} ${holders === 1 ? 'it holds' : 'these hold'}`;
      results.set(h, {
        ...prev,
        problem: prev.problem !== null ? `${prev.problem}; ${effect}` : prev.problem,
        evidence: [...prev.evidence, effect],
      });
    }
  }
}

/**
 * The program has one *sql.DB: sql.OpenDB starts one `connectionOpener` goroutine per DB, which runs
 * until db.Close (database/sql/sql.go, `go db.connectionOpener(ctx)`). With exactly one running,
 * every database/sql call shares its pool, whichever type or package of the program made it.
 */
function singleSqlDb(facts: readonly GroupFacts[]): boolean {
  let openers = 0;
  for (const f of facts)
    if (f.group.stack.frames.some((fr) => fr.function === 'database/sql.(*DB).connectionOpener'))
      openers += f.group.count;
  return openers === 1;
}

/**
 * A goroutine inside database/sql: waiting for a pool connection (its innermost database/sql frame
 * is (*DB).conn), or holding one (inside the driver call). The pool is named by the program's
 * function that called database/sql, without its own name: its receiver type or package.
 */
function poolOf(frames: readonly Frame[]): { waiting: boolean; owner: string } | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < frames.length; i++) {
    if (!frames[i]!.function.startsWith('database/sql.')) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  const caller = frames.slice(last + 1).find((f) => !isStdlibFunction(f.function));
  if (caller === undefined) return null;
  const owner = caller.function.slice(0, caller.function.lastIndexOf('.'));
  return { waiting: frames[first]!.function === 'database/sql.(*DB).conn', owner };
}

/** A plain send (no select) on a channel field: a semaphore's acquire, waiting for a free slot. */
function slotWaitedFor(f: GroupFacts): { field: string; expr: string; dir: string } | null {
  const ch = f.source.sendChannel;
  if (f.site.wait !== 'chan-send' || ch === null || f.source.path === null) return null;
  const m = /\.([A-Za-z_]\w*)$/.exec(ch);
  if (!m) return null;
  return { field: m[1]!, expr: ch, dir: dirOf(f.source.path) };
}

/** Leaking goroutines with a frame, in the semaphore's package, that took a slot and has not given it back. */
async function findSlotHolders(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  resources: Map<string, Resource>,
  lookup: SourceLookup,
): Promise<void> {
  const wanted = [...resources.entries()].filter(([k, r]) => k.startsWith('slots ') && r.victims.length > 0);
  if (wanted.length === 0) return;
  for (const f of facts) {
    if (results.get(f)?.status !== 'leak') continue;
    for (const fr of f.group.stack.frames) {
      if (isStdlibFunction(fr.function)) continue;
      const at = await lookup.at(fr.file, fr.line, fr.function);
      if (at === null) continue;
      const fn = enclosingFunctions(at.tree.rootNode, at.row)[0];
      if (!fn) continue;
      for (const [key, r] of wanted) {
        const [, dir, field] = key.split(' ');
        if (dirOf(at.path) !== dir || r.holders.includes(f)) continue;
        const pkg = (await lookup.packageOf(at.path)).map((x) => x.tree.rootNode);
        if (holdsSlotAt(fn, at.row, field!, pkg)) r.holders.push(f);
      }
    }
  }
}

/**
 * A victim whose own wait follows a context that ends is not stuck: database/sql's (*DB).conn
 * selects on ctx.Done() beside the connection request (database/sql/sql.go), so a request's context
 * returns it once its client gives up, and a context with a deadline (context.WithTimeout/
 * WithDeadline) returns it at the deadline with context.DeadlineExceeded.
 */
function endsWithItsContext(v: GroupFacts): boolean {
  const c = v.source.context;
  return c !== null && !c.implicit && (c.origin === 'request' || c.origin === 'bounded');
}

/**
 * A goroutine outside any request whose context could not be read and which has not waited a minute
 * yet: a worker's own context may carry a deadline (it then returns with DeadlineExceeded and tries
 * again), and the runtime prints a wait's minutes only from one minute on, so nothing shows that
 * this wait lasts. Request goroutines are judged with their request (client gone, history).
 */
function mayEndUnseen(v: GroupFacts): boolean {
  const known = v.source.context !== null && v.source.context.origin !== 'unknown';
  return !known && v.handler === null && (v.group.waitMinutes?.[1] ?? 0) < 1;
}

function describeHolders(holders: readonly GroupFacts[]): string {
  const n = holders.reduce((k, h) => k + h.group.count, 0);
  const first = holders[0]!;
  const who =
    first.handler !== null
      ? `handler ${shortFunctionName(first.handler)}`
      : shortFunctionName(first.group.stack.frames[first.site.blockingFrame ?? 0]?.function ?? 'a goroutine');
  const site =
    first.source.status === 'found' && first.source.path !== null
      ? `${first.source.path.slice(first.source.path.lastIndexOf('/') + 1)}:${first.source.line}`
      : siteOf(first.group, first.site.blockingFrame);
  return `${n} goroutine${n === 1 ? '' : 's'} of ${who}${site !== null ? ` (parked at ${site})` : ''}`;
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}
