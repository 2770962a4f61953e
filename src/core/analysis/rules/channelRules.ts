// Rules for goroutines parked on a channel send or receive. An unbuffered send waits for a
// receiver and a receive waits for a sender or a close; when the only other side was the function
// that started the goroutine and it has returned, nobody is left to wake it.
import { creatorName, healthy, leak, unknown, MANY, MINUTE_MS, type RuleResult } from '../ruleResult';
import { withSource, type RuleFacts } from './ruleFacts';
import { clientUndecided } from './clientRules';

const SEND_FIX = 'make the channel buffered (capacity = number of senders) or select on ctx.Done() when sending';
const RECEIVE_FIX = 'have the sender close the channel on every path, or select on ctx.Done() while receiving';

/** A send or receive on a nil channel blocks forever: the Go spec says no operation can wake it. */
export function nilChannel(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'nil-channel') return null;
  return leak({
    kind: 'nil-channel',
    confidence: 'proven',
    problem: 'on a nil channel, which nothing can ever wake',
    fix: 'make the channel before using it, or remove the nil case',
    evidence: f.evidence,
  });
}

/**
 * A send on a channel the goroutine's creator made and has returned from: only the creator was
 * meant to receive. Buffered, or handed to others too, someone else may still receive: possible.
 */
export function sendOnCreatorsChannel(f: RuleFacts): RuleResult | null {
  const origin = f.source.channelOrigin;
  if (f.site.wait !== 'chan-send' || !f.orphaned || !origin || !origin.madeByCreator) return null;
  if (origin.unbuffered === false) {
    return leak({
      kind: 'chan-send-orphan',
      confidence: 'possible',
      problem: 'on a buffered channel whose creator has returned',
      fix: SEND_FIX,
      evidence: sendEvidence(f),
    });
  }
  return leak({
    kind: 'chan-send-orphan',
    confidence: origin.escapes ? 'possible' : 'likely',
    problem: `on the ${origin.unbuffered ? 'unbuffered ' : ''}channel ${f.source.sendChannel} made by ${creatorName(f)}, which has returned`,
    fix: SEND_FIX,
    evidence: sendEvidence(f),
  });
}

/**
 * The source names the channel and it is not the creator's own (a field, a parameter): someone
 * else may still receive, unless the goroutine belongs to a request that is over.
 */
export function sendAfterRequestEnded(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'chan-send' || !sendChannelRead(f) || !f.orphaned || !f.requestScoped) return null;
  return leak({
    kind: 'chan-send-orphan',
    confidence: 'possible',
    problem: `on ${f.source.sendChannel} although the request that started it has ended`,
    fix: SEND_FIX,
    evidence: sendEvidence(f),
  });
}

/**
 * Without the source, a background producer started by a constructor (whose goroutine has exited
 * since) looks the same as an orphaned sender: only a handler as owner or a pile-up of the same
 * closure tells them apart.
 */
export function sendToReturnedReceiver(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'chan-send' || sendChannelRead(f) || !f.orphaned) return null;
  if (!f.requestScoped && !(f.closure && f.group.count >= MANY)) return null;
  return leak({
    kind: 'chan-send-orphan',
    confidence: f.orphan.status === 'gone' ? 'likely' : 'possible',
    problem: `on a channel whose receiver, ${creatorName(f)}, has returned`,
    fix: SEND_FIX,
    evidence: sendEvidence(f),
  });
}

/** A request's send that nobody has received for minutes: the request's client is long gone. */
export function sendStuckForMinutes(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'chan-send' || !f.requestScoped || f.minutes < 1) return null;
  return leak({
    kind: 'chan-send-orphan',
    confidence: 'possible',
    problem: 'on a channel nobody has received from for minutes',
    fix: SEND_FIX,
    evidence: sendEvidence(f),
  });
}

/** Any other send: a receiver may still come. */
export function sendUndecided(f: RuleFacts): RuleResult | null {
  return f.site.wait === 'chan-send' ? unknown(sendEvidence(f)) : null;
}

/**
 * A receive whose every writer, by the source, has gone: sent and returned without closing, or
 * never existed. Nothing can send or close any more, so the receive never returns.
 */
export function receiveWithoutProducer(f: RuleFacts): RuleResult | null {
  const r = f.source.receive;
  if (f.site.wait !== 'chan-receive' || r === null || !servesRequest(f)) return null;
  const p = f.source.producers.find((x) => x.channel === r.channel);
  if (!p || (p.state !== 'gone' && p.state !== 'none')) return null;
  return leak({
    kind: 'producer-vanished',
    confidence: 'likely',
    problem: `on ${r.channel}, ${p.state === 'gone' ? 'whose writers have all exited without closing it' : 'which nothing sends on or closes'}${p.unclosedReturn !== null ? ` (${p.unclosedReturn})` : ''}`,
    fix: 'close the channel on every path of its writer (`defer close(ch)` first thing), or select on ctx.Done() while receiving',
    evidence: [...receiveEvidence(f), p.evidence, ...(p.unclosedReturn !== null ? [p.unclosedReturn] : [])],
  });
}

/** `<-ctx.Done()` is closed when the context is cancelled. */
export function receiveFromContext(f: RuleFacts): RuleResult | null {
  const r = f.source.receive;
  if (f.site.wait !== 'chan-receive' || r?.kind !== 'context-done') return null;
  return healthy([...receiveEvidence(f), 'waits on a context']);
}

/**
 * `for range t.C` over a ticker: Stop does not close C (time.Ticker's documentation), so the loop
 * ends only if its body returns. Started for a request that is over (or run by its handler), it
 * ticks for the life of the process.
 */
export function tickerRangeInRequest(f: RuleFacts): RuleResult | null {
  const r = f.source.receive;
  if (f.site.wait !== 'chan-receive' || r?.kind !== 'ticker' || !r.rangeLoop || !servesRequest(f)) return null;
  return leak({
    kind: 'ticker-not-stopped',
    confidence: 'likely',
    problem: `ranging over ${r.channel}, which a ticker never closes`,
    fix: "loop in a select with `case <-ctx.Done(): return` (the request's context) and `defer t.Stop()`",
    evidence: receiveEvidence(f),
  });
}

/** `<-time.After(d)` or a ticker's channel delivers after d: under a minute, the wait ends soon. */
export function receiveFromShortTimer(f: RuleFacts): RuleResult | null {
  const r = f.source.receive;
  if (f.site.wait !== 'chan-receive' || !r || (r.kind !== 'timer' && r.kind !== 'ticker')) return null;
  if (r.durationMs === null || r.durationMs >= MINUTE_MS) return null;
  return healthy([...receiveEvidence(f), 'a timer wakes it']);
}

/**
 * A receive on a channel its creator made, for a request or in a closure of the creator, after
 * the creator returned: only the creator was meant to send or close (it closes on other paths, or
 * never). Handed to others too, someone else may still send: possible.
 */
export function receiveOnCreatorsChannel(f: RuleFacts): RuleResult | null {
  const origin = f.source.channelOrigin;
  if (f.site.wait !== 'chan-receive' || !f.orphaned || !(f.closure || f.requestScoped)) return null;
  if (!origin || !origin.madeByCreator) return null;
  const closes = origin.creatorSignals ? 'did not close on the path it took' : 'never closes';
  return leak({
    kind: 'chan-receive-orphan',
    confidence: origin.escapes ? 'possible' : 'likely',
    problem: `on ${f.source.receive?.channel ?? 'a channel'}, which its creator ${creatorName(f)} made, ${closes}, and has returned`,
    fix: RECEIVE_FIX,
    evidence: receiveEvidence(f),
  });
}

/** A request's goroutine receiving after the function that started it returned. */
export function receiveAfterCreatorReturned(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'chan-receive' || !f.orphaned || !f.requestScoped) return null;
  return leak({
    kind: 'chan-receive-orphan',
    confidence: 'possible',
    problem: `on a channel although ${creatorName(f)} has returned`,
    fix: RECEIVE_FIX,
    evidence: receiveEvidence(f),
  });
}

/**
 * A handler (its own stack) receiving outside a select: a plain receive cannot notice the client
 * leaving, since r.Context() is not part of it. A receive on a stop channel is a cancel itself.
 */
export function receiveWithoutCtxInHandler(f: RuleFacts): RuleResult | null {
  const r = f.source.receive;
  if (f.site.wait !== 'chan-receive' || !f.requestScoped || f.handlerVia !== 'stack') return null;
  if (r === null || r.kind === 'cancel-channel') return null;
  if (f.client?.state === 'unknown') return unknown([...receiveEvidence(f), ...clientUndecided(f)]);
  return leak({
    kind: 'chan-receive-no-ctx',
    confidence: 'likely',
    problem: `on ${r.channel} without a ctx.Done case`,
    fix: 'receive in a select with `case <-r.Context().Done(): return`',
    evidence: receiveEvidence(f),
  });
}

/** Any other receive: a sender may still come. */
export function receiveUndecided(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'chan-receive') return null;
  const blind = f.requestScoped && f.minutes >= 1 && f.source.receive === null && f.source.status !== 'found';
  return unknown(
    blind ? [...receiveEvidence(f), 'cannot tell from the stack whether anyone will send'] : receiveEvidence(f),
  );
}

/** The goroutine serves a request: a handler's, or a closure its (returned) creator started. */
function servesRequest(f: RuleFacts): boolean {
  return f.requestScoped || (f.orphaned && f.closure);
}

/** The source named the channel at the blocking line. */
function sendChannelRead(f: RuleFacts): boolean {
  return f.source.status === 'found' && f.source.sendChannel !== null;
}

function sendEvidence(f: RuleFacts): string[] {
  const o = f.source.channelOrigin;
  if (!o) return withSource(f);
  const buffering = o.unbuffered ? ', unbuffered' : o.unbuffered === false ? ', buffered' : '';
  return withSource(
    f,
    `channel ${f.source.sendChannel} made at line ${o.line}${buffering}${o.madeByCreator ? ' by the creator' : ''}${o.escapes ? ', also handed to others' : ''}`,
  );
}

function receiveEvidence(f: RuleFacts): string[] {
  const r = f.source.receive;
  return r ? withSource(f, `receives from ${r.channel}${r.rangeLoop ? ' in a range loop' : ''}`) : withSource(f);
}
