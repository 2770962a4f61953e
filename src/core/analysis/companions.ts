// Goroutines that live and die with the goroutine that started them: a watcher started by a call
// to cancel it when the call's context ends (`go func() { select { case <-ctx.Done(): …; case
// <-finished: } }()`, finished closed by the stop function the caller defers). Its only ways out
// are its creator's context and the channels its creator function made, which only that creator
// goroutine's code (or the context's owner) can close. When that creator goroutine is itself stuck
// for good (judged a leak), the companion can only leave with it: it is part of the same leak, and
// the same fix ends both. Go 1.21+ names each goroutine's creator (`created by … in goroutine N`);
// before, the goroutines parked in the functions that called the creator function are its creators.
import type { GroupFacts, RuleResult } from './ruleResult';
import type { SourceLookup } from '../source/sourceLookup';
import { baseName } from '../go/filePaths';
import { enclosingDeclaration } from '../source/goSyntax';
import type { Confidence, LeakKind } from './verdict';

/** Marks the undecided companions of leaking goroutines in `results`. */
export async function companionsOfLeaks(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  lookup: SourceLookup | null,
): Promise<void> {
  const byId = new Map<number, GroupFacts>();
  for (const f of facts) for (const id of f.group.ids) byId.set(id, f);
  const creators = new Map<GroupFacts, Creators | null>();
  for (const f of facts) {
    if (results.get(f)?.status !== 'unknown' || !waitsOnlyForCreator(f)) continue;
    creators.set(f, f.group.parentIds.length > 0 ? byParentIds(f, byId) : await byCallers(f, facts, lookup));
  }
  // A companion's companion (a watcher started by a watcher) follows on the next pass.
  for (let changed = true; changed;) {
    changed = false;
    for (const [f, c] of creators) {
      if (c === null || results.get(f)?.status !== 'unknown') continue;
      const verdicts = c.groups.map((p) => results.get(p)!);
      if (verdicts.some((v) => v.status !== 'leak')) continue;
      const kinds = [...new Set(verdicts.map((v) => v.kind))];
      const kind: LeakKind = kinds.length === 1 && kinds[0] ? kinds[0] : 'context-not-request';
      results.set(f, {
        status: 'leak',
        kind,
        // As sure as its least sure creator: if that one returns after all, the companion is freed with it.
        confidence: weakest(verdicts.map((v) => v.confidence)),
        problem: `waiting only for ${cases(f)}, which only ${c.words} can end, and ${c.plural ? 'they are' : 'it is'} stuck: ${verdicts[0]!.problem ?? 'a leak'}`,
        fix: verdicts[0]!.fix ?? 'fix the creator goroutine',
        evidence: [...results.get(f)!.evidence, `${c.words} ${c.plural ? 'are' : 'is'} judged leaking`],
      });
      changed = true;
    }
  }
}

interface Creators {
  readonly groups: readonly GroupFacts[];
  /** Who they are, in words: `its creator goroutine (64)`. */
  readonly words: string;
  readonly plural: boolean;
}

/** Go 1.21+: the goroutines named by `created by … in goroutine N`, every one still in the snapshot. */
function byParentIds(f: GroupFacts, byId: Map<number, GroupFacts>): Creators | null {
  const parents = f.group.parentIds.map((id) => byId.get(id));
  if (parents.some((p) => p === undefined || p === f)) return null;
  const ids = f.group.parentIds.slice(0, 3).join(', ') + (f.group.parentIds.length > 3 ? ', …' : '');
  const plural = parents.length > 1;
  return {
    groups: [...new Set(parents as GroupFacts[])],
    words: `its creator goroutine${plural ? 's' : ''} (${ids})`,
    plural,
  };
}

/**
 * Go before 1.21 does not name the creating goroutine. The creator function has returned (its
 * goroutine went on); the goroutines that called it are the ones parked in its callers, below the
 * call, as the source says where it is called. Those are its creators when they are the only
 * goroutines there, and no fewer than the companions.
 */
async function byCallers(
  f: GroupFacts,
  facts: readonly GroupFacts[],
  lookup: SourceLookup | null,
): Promise<Creators | null> {
  const c = f.group.createdBy;
  if (lookup === null || c === null || f.orphan.status !== 'creator-returned') return null;
  const name = c.function.slice(c.function.lastIndexOf('.') + 1);
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  const sites = await callSites(name, lookup);
  if (sites.length === 0) return null;
  const groups = facts.filter((g) =>
    g.group.stack.frames.some((fr) =>
      sites.some(
        (s) =>
          fr.function.endsWith(`.${s.caller}`) &&
          baseName(fr.file) === s.file &&
          fr.line > s.line &&
          fr.line <= s.callerEnd,
      ),
    ),
  );
  if (groups.length === 0 || groups.includes(f)) return null;
  const running = groups.reduce((n, g) => n + g.group.count, 0);
  if (running < f.group.count) return null;
  const where = sites.map((s) => `${s.caller} (${s.file}:${s.line})`).join(', ');
  return { groups, words: `the goroutines that called it from ${where}`, plural: true };
}

interface CallSite {
  readonly caller: string;
  readonly file: string;
  readonly line: number;
  /** 1-based last line of the calling function. */
  readonly callerEnd: number;
}

/** The calls of the function or method `name` under the source roots, with the named function each is in. */
async function callSites(name: string, lookup: SourceLookup): Promise<CallSite[]> {
  const out: CallSite[] = [];
  for (const file of await lookup.filesMentioning(name)) {
    for (const call of file.tree.rootNode.descendantsOfType('call_expression')) {
      const fn = call.childForFieldName('function');
      const callee = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : fn?.text;
      if (callee !== name) continue;
      const caller = enclosingDeclaration(call);
      const callerName = caller?.childForFieldName('name')?.text;
      if (!caller || !callerName) continue;
      out.push({
        caller: callerName,
        file: baseName(file.path),
        line: call.startPosition.row + 1,
        callerEnd: caller.endPosition.row + 1,
      });
    }
  }
  return out;
}

/**
 * Parked in a select or a receive whose every case is a context's Done or a channel the creator
 * function made (nothing else, no timer that would wake it, no default).
 */
function waitsOnlyForCreator(f: GroupFacts): boolean {
  const s = f.source;
  const own = new Set(s.creatorChannels);
  if (s.selectCases !== null) {
    if (s.selectCases.length === 0) return false;
    return s.selectCases.every(
      (c) =>
        c.kind === 'context-done' ||
        ((c.kind === 'cancel-channel' || c.kind === 'channel') && c.channel !== null && own.has(c.channel)),
    );
  }
  return s.receive !== null && s.receive.kind !== 'context-done' && own.has(s.receive.channel);
}

const ORDER: readonly Confidence[] = ['possible', 'likely', 'proven'];

function weakest(cs: readonly (Confidence | null)[]): Confidence {
  // A companion is never proven by the runtime itself: at most likely.
  return ORDER[Math.min(1, ...cs.map((c) => (c === null ? 0 : ORDER.indexOf(c))))]!;
}

function cases(f: GroupFacts): string {
  const s = f.source;
  if (s.selectCases !== null) return s.selectCases.map((c) => `\`${c.text}\``).join(' or ');
  return `\`<-${s.receive?.channel ?? '?'}\``;
}
