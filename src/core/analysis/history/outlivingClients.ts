// Outliving its clients. net/http serves each request on its own goroutine and a handler's work
// ends when it returns, so the goroutines of one handler come and go with its requests. A
// request-scoped group whose ids stay parked while other goroutines of the same handler that were
// there with them have finished since (the requests around it were served, or the load stopped)
// is no longer waiting for anything its clients do: it outlived them.
import type { GroupFacts, RuleResult } from '../ruleResult';
import { stackSignature } from '../stackSignature';
import { spanText, type HistoryContext } from './historyContext';
import { persistenceOf } from './persistence';

/** Finished siblings needed: one request that ends can be a slow client; this many are traffic. */
export const FINISHED_SIBLINGS = 3;

export interface Outliving {
  /** Goroutines of the same handler on other stacks at that capture that have finished since. */
  readonly finished: number;
  /** Of the group, how many were already parked then. */
  readonly stayed: number;
  readonly span: string | null;
}

export function outlivingOf(ctx: HistoryContext, f: GroupFacts): Outliving | null {
  if (f.handler === null) return null;
  const p = persistenceOf(ctx, f);
  if (p === null) return null;
  const sig = stackSignature(f.group);
  let finished = 0;
  for (const g of p.since.groups) {
    if (g.handler !== f.handler || g.signature === sig) continue;
    for (const id of g.ids) if (!ctx.allIdsNow.has(id)) finished++;
  }
  if (finished < FINISHED_SIBLINGS) return null;
  return { finished, stayed: p.kept, span: p.spanMs === null ? null : spanText(p.spanMs) };
}

export function outlivingSignal(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  ctx: HistoryContext,
): void {
  for (const f of facts) {
    const prev = results.get(f)!;
    if (prev.status !== 'unknown') continue;
    const o = outlivingOf(ctx, f);
    if (o === null) continue;
    const when = o.span !== null ? `${o.span} ago` : 'at an earlier capture';
    const text = `${o.stayed} of them were already parked here ${when}, while ${o.finished} other goroutines of the same handler there at the time have finished since`;
    results.set(f, {
      status: 'leak',
      kind: 'outlived-requests',
      confidence: 'possible',
      problem: `and outlive the requests around them: ${text}`,
      fix: 'find what they wait for and make it return when the request ends (select on r.Context().Done())',
      evidence: [...prev.evidence, text],
    });
  }
}
