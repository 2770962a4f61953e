// Rules for goroutines in time.Sleep. Sleep ignores contexts: it returns after its duration and
// not before, so a handler sleeping minutes keeps its goroutine after the client has gone.
import { leak, unknown, MINUTE_MS, type RuleResult } from '../ruleResult';
import { withSource, type RuleFacts } from './ruleFacts';

const FIX = 'use `select { case <-time.After(d): case <-r.Context().Done(): return }`';

/** The source's duration is at least a minute: the handler outlives any client that gives up. */
export function longSleepInHandler(f: RuleFacts): RuleResult | null {
  const d = f.source.sleep;
  if (f.site.wait !== 'sleep' || !f.requestScoped || !d || d.durationMs === null || d.durationMs < MINUTE_MS)
    return null;
  return leak({
    kind: 'sleep',
    confidence: 'likely',
    problem: `in time.Sleep(${d.text}), at least ${Math.round(d.durationMs / MINUTE_MS)} minute(s), which ignores the request context`,
    fix: FIX,
    evidence: withSource(f),
  });
}

/** The source's duration is under a minute: the sleep ends soon, whatever the client does. */
export function shortSleepInHandler(f: RuleFacts): RuleResult | null {
  const d = f.source.sleep;
  if (f.site.wait !== 'sleep' || !f.requestScoped || !d || d.durationMs === null) return null;
  return unknown(withSource(f, `sleeps ${d.text}, under a minute`));
}

/** Without a known duration, a handler that has slept minutes already is a suspect. */
export function sleepForMinutesInHandler(f: RuleFacts): RuleResult | null {
  const d = f.source.sleep;
  if (f.site.wait !== 'sleep' || !f.requestScoped || f.minutes < 1) return null;
  return leak({
    kind: 'sleep',
    confidence: 'possible',
    problem: `in time.Sleep${d ? `(${d.text})` : ''}, which ignores the request context`,
    fix: FIX,
    evidence: withSource(f),
  });
}
