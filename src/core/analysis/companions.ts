// Goroutines that live and die with the goroutine that started them: a watcher started by a call
// to cancel it when the call's context ends (`go func() { select { case <-ctx.Done(): …; case
// <-finished: } }()`, finished closed by the stop function the caller defers). Its only ways out
// are its creator's context and the channels its creator function made, which only that creator
// goroutine's code (or the context's owner) can close. When that creator goroutine is itself stuck
// for good (judged a leak), the companion can only leave with it: it is part of the same leak, and
// the same fix ends both. Go 1.21+ names each goroutine's creator (`created by … in goroutine N`).
import type { GroupFacts, RuleResult } from './ruleResult';
import type { Confidence, LeakKind } from './verdict';

/** Marks the undecided companions of leaking goroutines in `results`. */
export function companionsOfLeaks(facts: readonly GroupFacts[], results: Map<GroupFacts, RuleResult>): void {
  const byId = new Map<number, GroupFacts>();
  for (const f of facts) for (const id of f.group.ids) byId.set(id, f);
  // A companion's companion (a watcher started by a watcher) follows on the next pass.
  for (let changed = true; changed;) {
    changed = false;
    for (const f of facts) {
      if (results.get(f)?.status !== 'unknown' || !waitsOnlyForCreator(f)) continue;
      const parents = f.group.parentIds.map((id) => byId.get(id));
      if (parents.length === 0 || parents.some((p) => p === undefined || p === f)) continue;
      const verdicts = parents.map((p) => results.get(p!)!);
      if (verdicts.some((v) => v.status !== 'leak')) continue;
      const kinds = [...new Set(verdicts.map((v) => v.kind))];
      const kind: LeakKind = kinds.length === 1 && kinds[0] ? kinds[0] : 'context-not-request';
      const ids = f.group.parentIds.slice(0, 3).join(', ') + (f.group.parentIds.length > 3 ? ', …' : '');
      results.set(f, {
        status: 'leak',
        kind,
        // As sure as its least sure creator: if that one returns after all, the companion is freed with it.
        confidence: weakest(verdicts.map((v) => v.confidence)),
        problem: `waiting only for ${cases(f)}, which only its creator goroutine${parents.length > 1 ? 's' : ''} (${ids}) can end, and ${parents.length > 1 ? 'they are' : 'it is'} stuck: ${verdicts[0]!.problem ?? 'a leak'}`,
        fix: verdicts[0]!.fix ?? 'fix the creator goroutine',
        evidence: [
          ...results.get(f)!.evidence,
          `its creator goroutine${parents.length > 1 ? 's' : ''} ${ids} ${parents.length > 1 ? 'are' : 'is'} judged leaking`,
        ],
      });
      changed = true;
    }
  }
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
