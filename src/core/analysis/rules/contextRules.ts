// A request's goroutine parked inside a call given a context that is not the request's. net/http
// cancels r.Context() when the client leaves (or the handler returns); a context made with
// context.Background()/TODO() is never cancelled, one made with context.WithoutCancel or whose
// Done() returns nil can never be, and one the service stored at start-up lives as long as the
// service. A call that waits under such a context (database/sql's *Context methods wait for a
// connection and for the driver under it, net/http's Client.Do under the request's, a Dialer's
// DialContext for the connect) does not return when the client gives up.
import { leak, MINUTE_MS, type RuleResult } from '../ruleResult';
import type { ContextOrigin } from '../contextProvenance';
import { contextSite } from '../contextProvenance';
import { withSource, type RuleFacts } from './ruleFacts';

const NOT_THE_REQUESTS: ReadonlySet<ContextOrigin> = new Set(['background', 'detached', 'lifetime']);

const WHY: Record<string, string> = {
  background: 'which is never cancelled',
  detached: 'which can never be cancelled',
  lifetime: 'which lives as long as the service, not the request',
};

/**
 * The handler's own goroutine waits inside a ctx-taking call whose context, followed out through
 * the stack, was not derived from the request. Waits that end by themselves (sleep, timers, a
 * select with a timer under a minute) are left to their own rules.
 */
export function contextNotRequest(f: RuleFacts): RuleResult | null {
  const c = f.source.context;
  if (c === null || c.implicit || !NOT_THE_REQUESTS.has(c.origin) || f.handlerVia !== 'stack') return null;
  const w = f.site.wait;
  if (w === 'running' || w === 'sleep' || w === 'timer' || w === 'runtime') return null;
  const shortTimer = f.source.selectCases?.some(
    (s) => s.kind === 'timer' && s.durationMs !== null && s.durationMs < MINUTE_MS,
  );
  if (shortTimer) return null;
  return leak({
    kind: 'context-not-request',
    confidence: 'likely',
    problem: `inside ${c.call}, given ${c.expression} (${contextSite(c)}), ${WHY[c.origin]}: the client leaving cannot end the wait`,
    fix: `pass the request's context (r.Context(), or a context derived from it) instead of ${c.expression}`,
    evidence: withSource(f, `the context of ${c.call} comes from ${c.expression} at ${contextSite(c)} (${c.origin})`),
  });
}
