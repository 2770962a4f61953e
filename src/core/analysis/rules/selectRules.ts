// Rules for goroutines parked in a select. A select waits until one of its cases can proceed: a
// `default` case never waits, a `<-ctx.Done()` (or a stop channel) case returns when someone
// cancels, a timer case wakes it after its duration, a ticker case wakes it again and again. The
// cases are read from the source; without it, nothing says whether the select listens to a context.
import type { SelectCase } from '../../source/goSelect';
import type { LeakKind } from '../verdict';
import { healthy, leak, unknown, MINUTE_MS, type RuleResult } from '../ruleResult';
import { withSource, type RuleFacts } from './ruleFacts';
import { clientUndecided } from './clientRules';

/** `select {}` has no case that could ever proceed: the goroutine never returns. */
export function emptySelect(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'empty-select') return null;
  // The main goroutine (no creator) parks forever on purpose: the program lives in its other goroutines.
  if (f.group.createdBy === null) return healthy([...f.evidence, 'the main goroutine blocks forever by design']);
  return leak({
    kind: 'empty-select',
    confidence: 'proven',
    problem: 'in `select {}`, which never returns',
    fix: 'return instead of blocking, or wait on a channel that is closed on shutdown',
    evidence: f.evidence,
  });
}

/** A select whose statement the source did not give: whether a case cancels it is unknown. */
export function selectNotRead(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'select' || f.source.selectCases !== null) return null;
  const notes: string[] = [];
  if (f.source.status === 'found') notes.push('no select statement at the blocking line');
  if (f.requestScoped) notes.push('cannot tell from the stack whether this select listens to its context');
  return unknown(withSource(f, ...notes));
}

/** A `default` case makes the select non-blocking: the goroutine is between two polls. */
export function selectWithDefault(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || !s.cases.some((c) => c.kind === 'default')) return null;
  return healthy([...s.evidence, 'has a default case']);
}

/**
 * The only ways out are stop channels the goroutine's creator made, never closes nor sends on,
 * and kept to itself; the creator has returned, so nobody can close them any more.
 */
export function selectStopChannelNeverClosed(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  const stale = f.source.unsignalledStopChannels;
  if (s === null || s.cancel.length === 0 || stale.length === 0) return null;
  if (!f.orphaned || !servesRequest(f) || !s.cancel.every((c) => c.kind === 'cancel-channel')) return null;
  const kind: LeakKind = s.ticker ? 'ticker-not-stopped' : 'select-no-ctx';
  return leak({
    kind,
    confidence: 'likely',
    problem: `whose stop channel ${stale.map((c) => `\`${c}\``).join(', ')} its creator never closes`,
    fix: s.ticker
      ? 'close the stop channel (or cancel a context) when the request ends, and `defer ticker.Stop()`'
      : 'close the stop channel when the request ends, or select on ctx.Done()',
    evidence: s.evidence,
  });
}

/**
 * A handler whose only way out is a field like `s.quit` waits for the server's shutdown, not for
 * its client: it stays when the client leaves (unless a timer case wakes it within a minute).
 */
export function selectOnlyServerLifetime(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || s.cancel.length === 0 || f.handlerVia !== 'stack' || s.shortTimer) return null;
  if (!s.cancel.every((c) => c.kind === 'cancel-channel' && c.channel !== null && c.channel.includes('.'))) return null;
  if (f.client?.state === 'unknown') return unknown([...s.evidence, ...clientUndecided(f)]);
  return leak({
    kind: 'select-no-ctx',
    confidence: 'possible',
    problem: `whose only way out, ${s.cancel.map((c) => `\`${c.text}\``).join(', ')}, is a long-lived channel rather than the request's context`,
    fix: 'add `case <-r.Context().Done(): return`',
    evidence: s.evidence,
  });
}

/**
 * A select whose receive cases all wait on channels nobody can write to any more (their writers
 * exited, or never existed, by the source) and whose other ways out are timers of a minute or more:
 * it waits for its timers at best, however long its client waits.
 */
export function selectWithoutProducer(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || !servesRequest(f) || s.shortTimer || s.ticker) return null;
  if (s.cases.some((c) => c.kind !== 'channel' && c.kind !== 'cancel-channel' && c.kind !== 'timer')) return null;
  const received = s.cases.filter((c) => c.kind === 'channel' || c.kind === 'cancel-channel');
  const producers = received.map((c) => f.source.producers.find((p) => p.channel === c.channel));
  if (received.length === 0 || producers.some((p) => !p || (p.state !== 'none' && p.state !== 'gone'))) return null;
  const gone = producers.some((p) => p!.state === 'gone');
  const timers = s.cases.filter((c) => c.kind === 'timer');
  const channels = received.map((c) => `\`${c.channel}\``).join(', ');
  const only =
    timers.length > 0 ? `: only ${timers.map((c) => `\`${c.text}\``).join(', ')} can end it` : ': nothing can end it';
  return leak({
    kind: gone ? 'producer-vanished' : 'select-no-ctx',
    confidence: 'likely',
    problem: `that has no ctx.Done case, and ${gone ? `the writers of ${channels} have exited` : `nothing sends on ${channels}`}${only}`,
    fix: gone
      ? 'close the channel on every path of its writer, and add `case <-r.Context().Done(): return`'
      : 'add `case <-r.Context().Done(): return`',
    evidence: [...s.evidence, ...producers.map((p) => p!.evidence)],
  });
}

/**
 * Every way out is a stop channel whose only closers nobody can call any more: a stop function
 * that is never called, or only returned by a constructor whose callers drop the result. A
 * function value nobody holds is never called, so the channel is never closed and the select
 * never returns (a ticker case only wakes it to loop again). Per request when the goroutine
 * serves one or the dropping call sits in a handler; a single background loop whose stop is
 * dropped by main may well be meant to run for the life of the program, and is not flagged.
 */
export function selectStopLost(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || s.cancel.length === 0 || s.shortTimer) return null;
  if (!s.cancel.every((c) => c.kind === 'cancel-channel')) return null;
  const lost = s.cancel.map((c) => f.source.producers.find((p) => p.channel === c.channel));
  if (lost.some((p) => p?.state !== 'lost' || p.lost === undefined)) return null;
  const perRequest = servesRequest(f) || lost.some((p) => p!.lost!.dropsInHandler);
  if (!perRequest) return null;
  const first = lost[0]!.lost!;
  const keep =
    first.returnedBy.length > 0
      ? `keep the stop function ${first.returnedBy.join(', ')} returns and call it when the request ends (\`defer stop()\`)`
      : `call ${first.closer} when the request ends`;
  return leak({
    kind: s.ticker ? 'ticker-not-stopped' : 'select-no-ctx',
    confidence: 'likely',
    problem: `whose only way out, ${s.cancel.map((c) => `\`${c.text}\``).join(', ')}, nobody can close: ${lost.map((p) => p!.evidence).join('; ')}`,
    fix: s.ticker ? `${keep}, and stop the ticker on the way out` : keep,
    evidence: [...s.evidence, ...lost.map((p) => p!.evidence)],
  });
}

/**
 * A `<-ctx.Done()` or stop-channel case returns the select when its owner cancels; that makes it
 * healthy only when something shows the cancel will come: the request's context (net/http cancels
 * it when the client goes or the handler returns), a context with a deadline (it ends then), the
 * service's own context for a goroutine that serves no request (it stops with the service), or a
 * stop channel whose closer still runs. Otherwise a request's goroutine is undecided, not healthy:
 * a Done of context.Background() or a `done` channel nobody will close never fires.
 */
export function selectListensToCancel(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || s.cancel.length === 0) return null;
  const listens = `listens to ${s.cancel.map((c) => c.text).join(', ')}`;
  const ends = s.cancel.map((c) => cancelComes(f, c)).find((why) => why !== null);
  if (ends !== undefined) return healthy([...s.evidence, listens, ends]);
  if (!servesRequest(f)) return null;
  return unknown([...s.evidence, `${listens}, but nothing shows that anyone will cancel it`]);
}

/** Why the cancel of case `c` will come, or null when nothing shows it. */
function cancelComes(f: RuleFacts, c: SelectCase): string | null {
  if (c.kind === 'context-done') {
    const origin = f.source.context?.origin;
    if (origin === 'request') return "the context is the request's: net/http cancels it when the client goes";
    if (origin === 'bounded') return 'the context has a deadline';
    if (origin === 'lifetime' && !servesRequest(f)) return "the context is the service's: it stops with the service";
    return null;
  }
  const p = f.source.producers.find((x) => x.channel === c.channel);
  return p?.state === 'running' ? `${p.evidence}: it can still close ${c.channel}` : null;
}

/**
 * Neither a request's goroutine nor an orphaned closure: a loop owned by a goroutine that is still
 * alive (a worker, a background refresher), which may stop it another way.
 */
export function selectOutsideRequest(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || servesRequest(f)) return null;
  return unknown([...s.evidence, 'not started for a request: a loop owned by a live goroutine']);
}

/** A timer case shorter than a minute wakes the select soon: a wait, not a leak. */
export function selectShortTimer(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || !s.shortTimer) return null;
  return unknown([...s.evidence, 'a timer case wakes it within a minute']);
}

/** A ticker fires forever: a loop over it with no way out never ends, and the ticker is never stopped. */
export function tickerLoopWithoutStop(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null || !s.ticker) return null;
  return leak({
    kind: 'ticker-not-stopped',
    confidence: 'likely',
    problem: 'in a ticker loop with no way to stop it',
    fix: 'add `case <-ctx.Done(): return` and `defer ticker.Stop()`',
    evidence: s.evidence,
  });
}

/**
 * A request's select with no cancel case waits for its other cases only; when the client leaves
 * nothing wakes it. A timer of unknown length may still end it, so that is only possible.
 */
export function selectWithoutCancel(f: RuleFacts): RuleResult | null {
  const s = selectOf(f);
  if (s === null) return null;
  if (f.client?.state === 'unknown') return unknown([...s.evidence, ...clientUndecided(f)]);
  const unknownTimer = s.cases.some((c) => c.kind === 'timer' && c.durationMs === null);
  return leak({
    kind: 'select-no-ctx',
    confidence: unknownTimer && f.minutes < 1 ? 'possible' : 'likely',
    problem: 'that has no ctx.Done case',
    fix: 'add `case <-r.Context().Done(): return`',
    evidence: s.evidence,
  });
}

interface ReadSelect {
  readonly cases: readonly SelectCase[];
  /** Cases that end the wait when someone cancels: `<-ctx.Done()`, `<-done`, `<-s.quit`. */
  readonly cancel: readonly SelectCase[];
  readonly ticker: boolean;
  /** A timer case of a known duration under a minute. */
  readonly shortTimer: boolean;
  readonly evidence: readonly string[];
}

/** The select the group is parked in, as read from the source; null for other waits or no source. */
function selectOf(f: RuleFacts): ReadSelect | null {
  const cases = f.source.selectCases;
  if (f.site.wait !== 'select' || cases === null) return null;
  return {
    cases,
    cancel: cases.filter((c) => c.kind === 'context-done' || c.kind === 'cancel-channel'),
    ticker: cases.some((c) => c.kind === 'ticker'),
    shortTimer: cases.some((c) => c.kind === 'timer' && c.durationMs !== null && c.durationMs < MINUTE_MS),
    evidence: withSource(f, `select cases: ${cases.map((c) => c.text).join(', ')}`),
  };
}

/** The select serves a request: a handler's own, or a closure its creator (now returned) started. */
function servesRequest(f: RuleFacts): boolean {
  return f.requestScoped || (f.orphaned && f.closure);
}
