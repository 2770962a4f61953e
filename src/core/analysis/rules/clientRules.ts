// Rules on what net/http's connection goroutines say about a handler's client (requestClients.ts).
// When the client closes its connection, net/http cancels the request's context (the background
// reader's handleReadError, or closeAllStreamsOnConnClose for HTTP/2): a handler that listens to
// it returns at once. One still parked afterwards is waiting on something else, and whatever it
// waits on, nobody is left to receive its answer.
import { healthy, leak, type RuleResult } from '../ruleResult';
import { withSource, type RuleFacts } from './ruleFacts';

/**
 * The client has gone and the handler is still parked: it does not listen to its request's
 * context. This outranks what the stack and the source suggested (a `ctx.Done()` case that is
 * evidently not the request's, a timer that has not fired yet), but not a leak another rule found,
 * which says more about the cause (leakRules.ts applies it after them).
 */
export function clientGone(f: RuleFacts): RuleResult | null {
  if (f.client?.state !== 'gone' || f.source.readerNotStarted) return null;
  return leak({
    kind: 'client-gone',
    confidence: 'likely',
    problem: 'after its client closed the connection, so it does not listen to the request context',
    fix: 'pass r.Context() to what it waits on (or select on `<-r.Context().Done()`) and return when it is done',
    evidence: withSource(f, f.client.evidence),
  });
}

/**
 * A handler parked in a select or a channel receive while its client is still connected (its
 * connection's background reader is reading): a long poll or a stream doing its job. It becomes a
 * leak only if its client leaves and it does not notice (clientGone), or if nothing can ever wake it
 * (the producer rules, which come first).
 */
export function waitsWithConnectedClient(f: RuleFacts): RuleResult | null {
  if (f.client?.state !== 'connected') return null;
  if (f.site.wait !== 'select' && f.site.wait !== 'chan-receive') return null;
  return healthy(withSource(f, f.client.evidence, 'a long poll or stream while its client waits'));
}

/**
 * For a handler's own goroutine whose client's state the dump cannot tell (Go before 1.21 with
 * readers to spare): a wait without ctx.Done() is a leak only once the client has gone, and that
 * is not known. The evidence that says so.
 */
export function clientUndecided(f: RuleFacts): string[] {
  return f.client
    ? [f.client.evidence, 'whether its client still waits is not known, so neither is whether it leaks']
    : [];
}
