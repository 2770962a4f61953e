// Leak rules for goroutines parked on channels: selects (does any case cancel it?), orphaned
// senders and receivers (has the other side returned?).
import type { Confidence, LeakKind } from './verdict';
import { leak, healthy, unknown, creatorName, MANY, MINUTE_MS, type GroupFacts, type RuleResult } from './ruleResult';

export function selectRule(
  f: GroupFacts,
  ev: string[],
  requestScoped: boolean,
  orphan: boolean,
  closure: boolean,
  minutes: number,
): RuleResult {
  const cases = f.source.selectCases;
  if (cases === null) {
    if (f.source.status === 'found') ev.push('no select statement at the blocking line');
    if (requestScoped) ev.push('cannot tell from the stack whether this select listens to its context');
    return unknown(ev);
  }
  const listed = cases.map((c) => c.text).join(', ');
  ev.push(`select cases: ${listed}`);
  const cancel = cases.filter((c) => c.kind === 'context-done' || c.kind === 'cancel-channel');
  const ticker = cases.some((c) => c.kind === 'ticker');
  const shortTimer = cases.some((c) => c.kind === 'timer' && c.durationMs !== null && c.durationMs < MINUTE_MS);
  const unknownTimer = cases.some((c) => c.kind === 'timer' && c.durationMs === null);
  const scoped = requestScoped || (orphan && closure);
  if (cases.some((c) => c.kind === 'default')) return healthy([...ev, 'has a default case']);

  if (cancel.length > 0) {
    const stale = f.source.unsignalledStopChannels;
    if (orphan && scoped && stale.length > 0 && cancel.every((c) => c.kind === 'cancel-channel')) {
      const kind: LeakKind = ticker ? 'ticker-not-stopped' : 'select-no-ctx';
      return leak(
        kind,
        'likely',
        `whose stop channel ${stale.map((c) => `\`${c}\``).join(', ')} its creator never closes`,
        ticker
          ? 'close the stop channel (or cancel a context) when the request ends, and `defer ticker.Stop()`'
          : 'close the stop channel when the request ends, or select on ctx.Done()',
        ev,
      );
    }
    // A handler whose only way out is a field like `s.quit` waits for the server's shutdown, not for
    // its client: it stays when the client leaves.
    const serverLifetime = cancel.every(
      (c) => c.kind === 'cancel-channel' && c.channel !== null && c.channel.includes('.'),
    );
    if (f.handlerVia === 'stack' && serverLifetime && !shortTimer) {
      return leak(
        'select-no-ctx',
        'possible',
        `whose only way out, ${cancel.map((c) => `\`${c.text}\``).join(', ')}, is a long-lived channel rather than the request's context`,
        'add `case <-r.Context().Done(): return`',
        ev,
      );
    }
    return healthy([...ev, `listens to ${cancel.map((c) => c.text).join(', ')}`]);
  }
  if (!scoped) return unknown([...ev, 'not started for a request: a loop owned by a live goroutine']);
  if (shortTimer) return unknown([...ev, 'a timer case wakes it within a minute']);
  if (ticker) {
    return leak(
      'ticker-not-stopped',
      'likely',
      'in a ticker loop with no way to stop it',
      'add `case <-ctx.Done(): return` and `defer ticker.Stop()`',
      ev,
    );
  }
  const conf: Confidence = unknownTimer && minutes < 1 ? 'possible' : 'likely';
  return leak('select-no-ctx', conf, 'that has no ctx.Done case', 'add `case <-r.Context().Done(): return`', ev);
}

export function sendRule(
  f: GroupFacts,
  ev: string[],
  requestScoped: boolean,
  orphan: boolean,
  closure: boolean,
  minutes: number,
): RuleResult {
  const origin = f.source.channelOrigin;
  const fix = 'make the channel buffered (capacity = number of senders) or select on ctx.Done() when sending';
  if (origin)
    ev.push(
      `channel ${f.source.sendChannel} made at line ${origin.line}${origin.unbuffered ? ', unbuffered' : origin.unbuffered === false ? ', buffered' : ''}${origin.madeByCreator ? ' by the creator' : ''}${origin.escapes ? ', also handed to others' : ''}`,
    );
  if (orphan && origin && origin.madeByCreator) {
    if (origin.unbuffered === false)
      return leak('chan-send-orphan', 'possible', 'on a buffered channel whose creator has returned', fix, ev);
    const conf: Confidence = origin.escapes ? 'possible' : 'likely';
    return leak(
      'chan-send-orphan',
      conf,
      `on the ${origin.unbuffered ? 'unbuffered ' : ''}channel ${f.source.sendChannel} made by ${creatorName(f)}, which has returned`,
      fix,
      ev,
    );
  }
  // The source was read and the channel is not the creator's own (a field, a parameter): someone
  // else may still receive, unless the goroutine belongs to a request that is over.
  if (f.source.status === 'found' && f.source.sendChannel !== null) {
    if (orphan && requestScoped)
      return leak(
        'chan-send-orphan',
        'possible',
        `on ${f.source.sendChannel} although the request that started it has ended`,
        fix,
        ev,
      );
    if (requestScoped && minutes >= 1)
      return leak('chan-send-orphan', 'possible', 'on a channel nobody has received from for minutes', fix, ev);
    return unknown(ev);
  }
  // Without source, a background producer started by a constructor (whose goroutine has exited
  // since) looks the same as an orphaned sender: only a handler as owner or a pile-up tells them apart.
  if (orphan && (requestScoped || (closure && f.group.count >= MANY))) {
    const conf: Confidence = f.orphan.status === 'gone' ? 'likely' : 'possible';
    return leak('chan-send-orphan', conf, `on a channel whose receiver, ${creatorName(f)}, has returned`, fix, ev);
  }
  if (requestScoped && minutes >= 1)
    return leak('chan-send-orphan', 'possible', 'on a channel nobody has received from for minutes', fix, ev);
  return unknown(ev);
}

export function receiveRule(
  f: GroupFacts,
  ev: string[],
  requestScoped: boolean,
  orphan: boolean,
  closure: boolean,
  minutes: number,
): RuleResult {
  const r = f.source.receive;
  if (r) ev.push(`receives from ${r.channel}${r.rangeLoop ? ' in a range loop' : ''}`);
  if (r && r.kind === 'context-done') return healthy([...ev, 'waits on a context']);
  if (r && (r.kind === 'timer' || r.kind === 'ticker') && r.durationMs !== null && r.durationMs < MINUTE_MS)
    return healthy([...ev, 'a timer wakes it']);
  const origin = f.source.channelOrigin;
  const fix = 'have the sender close the channel on every path, or select on ctx.Done() while receiving';
  if (orphan && (closure || requestScoped)) {
    if (origin && origin.madeByCreator) {
      const closes = origin.creatorSignals ? 'did not close on the path it took' : 'never closes';
      return leak(
        'chan-receive-orphan',
        origin.escapes ? 'possible' : 'likely',
        `on ${r?.channel ?? 'a channel'}, which its creator ${creatorName(f)} made, ${closes}, and has returned`,
        fix,
        ev,
      );
    }
    if (requestScoped)
      return leak('chan-receive-orphan', 'possible', `on a channel although ${creatorName(f)} has returned`, fix, ev);
    return unknown(ev);
  }
  if (requestScoped && f.handlerVia === 'stack' && r !== null && r.kind !== 'cancel-channel') {
    return leak(
      'chan-receive-no-ctx',
      minutes >= 1 ? 'likely' : 'likely',
      `on ${r.channel} without a ctx.Done case`,
      'receive in a select with `case <-r.Context().Done(): return`',
      ev,
    );
  }
  if (requestScoped && minutes >= 1 && r === null && f.source.status !== 'found') {
    ev.push('cannot tell from the stack whether anyone will send');
  }
  return unknown(ev);
}
