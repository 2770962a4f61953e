// Persistence by goroutine id. Go never reuses a goroutine id within a process, so the same id on
// the same stack in two captures is one goroutine that has not returned from that call: in it at
// least as long as the captures are apart (it may have woken and parked again at the same line, a
// loop, which is why this only answers the rules that ask how long a goroutine has been stuck
// where it is, and never turns a healthy verdict). That holds where the dump prints no minutes (a wait under a minute,
// Go 1.26+ after a leak check marks it `(leaked)`, the proto profile), so the single-moment rules
// that ask "parked for minutes?" get their answer from the series. The reverse holds too: when
// none of the ids parked on a stack at an earlier capture are still there, its goroutines finish
// and others take their place: busy, not stuck, however many there are.
import type { GroupFacts, RuleResult, SnapshotFacts } from '../ruleResult';
import { decide } from '../leakRules';
import { stackSignature } from '../stackSignature';
import { idsOf, spanText, type HistoryContext } from './historyContext';
import type { HistoryPoint } from './historyPoint';

export interface Persistence {
  /** The earliest capture of the segment where some of the group's ids were already on this stack. */
  readonly since: HistoryPoint;
  /** How many captures back that was. */
  readonly capturesBack: number;
  /** The group's ids that were there then. */
  readonly kept: number;
  /** Milliseconds between that capture and the moment analysed; null without times. */
  readonly spanMs: number | null;
}

export function persistenceOf(ctx: HistoryContext, f: GroupFacts): Persistence | null {
  if (f.group.ids.length === 0) return null;
  const sig = stackSignature(f.group);
  for (let i = 0; i < ctx.points.length; i++) {
    const p = ctx.points[i]!;
    if (!p.hasIds) continue;
    const then = new Set(idsOf(p, sig));
    const kept = f.group.ids.filter((id) => then.has(id)).length;
    if (kept === 0) continue;
    const spanMs = p.at !== null && ctx.now.at !== null ? Math.max(0, ctx.now.at - p.at) : null;
    return { since: p, capturesBack: ctx.points.length - i, kept, spanMs };
  }
  return null;
}

/**
 * Ids that turned over: at the latest earlier capture with ids, this stack had goroutines and
 * none of them is still there (on any stack), while the group has goroutines now.
 */
export function turnoverOf(ctx: HistoryContext, f: GroupFacts): { before: number; span: string | null } | null {
  if (f.group.ids.length === 0) return null;
  const sig = stackSignature(f.group);
  for (let i = ctx.points.length - 1; i >= 0; i--) {
    const p = ctx.points[i]!;
    if (!p.hasIds) continue;
    const then = idsOf(p, sig);
    if (then.length === 0) return null;
    if (then.some((id) => ctx.allIdsNow.has(id))) return null;
    const span = p.at !== null && ctx.now.at !== null ? spanText(ctx.now.at - p.at) : null;
    return { before: then.length, span };
  }
  return null;
}

export function persistenceText(p: Persistence, count: number): string {
  const ids =
    count === 1
      ? 'its goroutine id was'
      : p.kept === count
        ? `all ${count} goroutine ids were`
        : `${p.kept} of the ${count} goroutine ids ${p.kept === 1 ? 'was' : 'were'}`;
  const when =
    p.spanMs !== null
      ? `${spanText(p.spanMs)} earlier`
      : `${p.capturesBack} capture${p.capturesBack === 1 ? '' : 's'} earlier`;
  return `${ids} parked on this stack ${when}`;
}

/**
 * The result of `part`, a part of `parent` split off after the history was read (client
 * connections tied to their calls), with what persistence said of the whole parent restated for
 * the part's own ids: a sentence about "all 2 goroutine ids" is false for a part of one.
 */
export function restatePersistence(
  ctx: HistoryContext,
  parent: GroupFacts,
  part: GroupFacts,
  r: RuleResult,
): RuleResult {
  const before = persistenceOf(ctx, parent);
  if (before === null) return r;
  const was = persistenceText(before, parent.group.count);
  const now = persistenceOf(ctx, part);
  const is =
    now !== null
      ? persistenceText(now, part.group.count)
      : `none of its ${part.group.count} goroutine ids was parked on this stack before`;
  if (was === is) return r;
  const swap = (s: string) => s.split(was).join(is);
  return { ...r, problem: r.problem === null ? null : swap(r.problem), evidence: r.evidence.map(swap) };
}

/**
 * Applies persistence and turnover to the single-moment verdicts in `results`; returns the groups
 * whose ids turned over (growth must not flag them).
 */
export function persistenceSignal(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  ctx: HistoryContext,
  snap: SnapshotFacts,
): Set<GroupFacts> {
  const turnedOver = new Set<GroupFacts>();
  for (const f of facts) {
    const prev = results.get(f)!;
    const turn = turnoverOf(ctx, f);
    if (turn !== null) {
      turnedOver.add(f);
      const note = `its goroutine ids turn over: none of the ${turn.before} parked on this stack ${turn.span !== null ? `${turn.span} earlier` : 'at the previous capture'} is still there, so they are busy, not stuck`;
      // A pile-up or a wait judged only possible gives way; the runtime's proof and rules that read the code do not.
      if (prev.status === 'leak' && prev.confidence === 'possible')
        results.set(f, {
          status: 'healthy',
          kind: null,
          confidence: null,
          problem: null,
          fix: null,
          evidence: [...prev.evidence, note],
        });
      else results.set(f, { ...prev, evidence: [...prev.evidence, note] });
      continue;
    }
    const p = persistenceOf(ctx, f);
    if (p === null) continue;
    const text = persistenceText(p, f.group.count);
    const minutes = p.spanMs === null ? 0 : Math.floor(p.spanMs / 60_000);
    const printed = f.group.waitMinutes?.[1] ?? 0;
    if (prev.status === 'unknown' && minutes >= 1 && minutes > printed) {
      // The rules read the longest wait of the group; the series proves at least `minutes`.
      const longer: GroupFacts = {
        ...f,
        group: { ...f.group, waitMinutes: [f.group.waitMinutes?.[0] ?? 0, minutes] },
      };
      const r = decide(longer, snap);
      if (r.status === 'leak') {
        results.set(f, {
          ...r,
          problem:
            `${r.problem ?? ''} (${text}, so in this call for at least ${minutes} min though the dump prints ${printed > 0 ? `${printed}` : 'no'} minutes)`.trim(),
          evidence: [...r.evidence, `${text}: in this call for at least ${minutes} min`],
        });
        continue;
      }
    }
    results.set(f, { ...prev, evidence: [...prev.evidence, text] });
  }
  return turnedOver;
}
