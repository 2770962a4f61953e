// Rules for goroutines that are not the service's to leak: the runtime's own, running ones, the
// standard library's long-lived loops, context watchers, and HTTP client connections (judged
// later, with the calls that use them).
import type { GoroutineGroup } from '../../model/goroutine';
import type { WaitSite } from '../waitClassification';
import { healthy, unknown, type RuleResult } from '../ruleResult';
import { clientConnectionLoop, healthyInfrastructure } from '../stdlibPatterns';
import type { RuleFacts } from './ruleFacts';

/**
 * The runtime's own goroutines (GC workers, the finalizer, timers) report wait reasons no user
 * goroutine has, or run only `runtime.` frames and were started by the runtime.
 */
export function runtimeOwned(g: GoroutineGroup, site: WaitSite): boolean {
  if (site.wait === 'runtime') return true;
  const frames = g.stack.frames;
  if (frames.length === 0) return false;
  const created = g.createdBy?.function ?? '';
  return frames.every((f) => f.function.startsWith('runtime.')) && (created === '' || created.startsWith('runtime.'));
}

/** The runtime starts and parks its own goroutines for the life of the process. */
export function runtimeGoroutine(f: RuleFacts): RuleResult | null {
  return runtimeOwned(f.group, f.site) ? healthy([...f.evidence, "the runtime's own goroutine"]) : null;
}

/** `running`, `runnable` and `preempted` goroutines are executing or about to: nothing is stuck. */
export function running(f: RuleFacts): RuleResult | null {
  return f.site.wait === 'running' ? healthy([...f.evidence, 'running, not parked']) : null;
}

/**
 * net/http's connection readers and accept loops, os/signal, database/sql's pool maintenance and
 * HTTP/2 connection loops park by design until a client, a signal or a shutdown wakes them.
 */
export function infrastructure(f: RuleFacts): RuleResult | null {
  const why = healthyInfrastructure(f.group.stack.frames, { servesRequest: f.requestScoped });
  return why === null ? null : healthy([...f.evidence, why]);
}

/** A goroutine waiting on a context's Done channel returns when the context is cancelled. */
export function contextWait(f: RuleFacts): RuleResult | null {
  return f.site.wait === 'context' ? healthy([...f.evidence, 'waits on a context']) : null;
}

/**
 * net/http's client keeps two goroutines per connection (`persistConn.readLoop`, `writeLoop`)
 * that look the same idle in the pool and under a call that never ends: clientConnections.ts
 * decides them with the stuck calls.
 */
export function clientConnection(f: RuleFacts): RuleResult | null {
  if (clientConnectionLoop(f.group.stack.frames) === null) return null;
  return unknown([...f.evidence, 'HTTP client connection goroutine: judged with the call that uses it']);
}
