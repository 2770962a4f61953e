// The leak verdict of one group from independent signals: the runtime's own proof, the shape of
// the stack (what it waits on, whose it is, whether its creator still exists), and the source at
// the blocking line. Each rule says leak, healthy or unknown, with its evidence; nothing here
// guesses that a select listens to its context when the source was not read.
import type { GoroutineGroup } from '../model/goroutine';
import type { Confidence } from './verdict';
import type { WaitSite } from './waitClassification';
import { isOrphan, type Orphanhood } from './creatorAttribution';
import { clientConnectionLoop, healthyInfrastructure, outboundApi, outboundHttpWait } from './stdlibPatterns';
import { closureParent, isSameOrClosureOf, shortFunctionName } from '../go/functionNames';
import { baseName } from '../go/filePaths';
import {
  creatorName,
  healthy,
  leak,
  unknown,
  MANY,
  MINUTE_MS,
  PILE_UP,
  type GroupFacts,
  type RuleResult,
  type SnapshotFacts,
} from './ruleResult';
import { receiveRule, selectRule, sendRule } from './channelRules';
import { lockRule } from './lockRules';

export function runtimeOwned(g: GoroutineGroup, site: WaitSite): boolean {
  if (site.wait === 'runtime') return true;
  const frames = g.stack.frames;
  if (frames.length === 0) return false;
  const created = g.createdBy?.function ?? '';
  return frames.every((f) => f.function.startsWith('runtime.')) && (created === '' || created.startsWith('runtime.'));
}

export function decide(f: GroupFacts, snap: SnapshotFacts): RuleResult {
  const base = structural(f, snap);
  if (f.group.leakedCount === 0) return base;
  // The runtime's goroutineleak detector proved these can never wake: proof beats every heuristic.
  const proof = `the runtime's leak detector marked ${f.group.leakedCount} of ${f.group.count} as (leaked)`;
  return {
    status: 'leak',
    kind: base.status === 'leak' ? base.kind : 'runtime-leak',
    confidence: 'proven',
    problem: `${base.status === 'leak' ? base.problem : 'that nothing reachable can ever wake'}, and the runtime's leak detector marked ${f.group.leakedCount === f.group.count ? (f.group.count === 1 ? 'it' : `all ${f.group.count}`) : `${f.group.leakedCount} of them`} as leaked`,
    fix:
      base.fix ??
      'find who was meant to send, close or unlock, and make it happen on every path (or select on ctx.Done())',
    evidence: [proof, ...base.evidence],
  };
}

function structural(f: GroupFacts, snap: SnapshotFacts): RuleResult {
  const { group: g, site } = f;
  const frames = g.stack.frames;
  const ev: string[] = [];
  const minutes = g.waitMinutes?.[1] ?? 0;
  if (minutes > 0) ev.push(`parked for ${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (f.handler) ev.push(`belongs to handler ${f.handler} (via ${f.handlerVia})`);
  ev.push(...orphanEvidence(f.orphan));

  if (runtimeOwned(g, site)) return healthy([...ev, "the runtime's own goroutine"]);
  if (site.wait === 'running') return healthy([...ev, 'running, not parked']);

  if (site.wait === 'nil-channel') {
    return leak(
      'nil-channel',
      'proven',
      'on a nil channel, which nothing can ever wake',
      'make the channel before using it, or remove the nil case',
      ev,
    );
  }
  if (site.wait === 'empty-select') {
    // The main goroutine (no creator) parks forever on purpose: the program lives in its other goroutines.
    if (g.createdBy === null) return healthy([...ev, 'the main goroutine blocks forever by design']);
    return leak(
      'empty-select',
      'proven',
      'in `select {}`, which never returns',
      'return instead of blocking, or wait on a channel that is closed on shutdown',
      ev,
    );
  }

  // http.TimeoutHandler answered 503 and moved on; its goroutine keeps running the inner handler.
  if (frames.some((fr) => fr.function.startsWith('net/http.(*timeoutHandler).ServeHTTP.func'))) {
    const fix = 'make the inner handler return on `<-r.Context().Done()` (TimeoutHandler cancels it)';
    if (f.orphan.status === 'gone') {
      return leak(
        'timeout-handler-orphan',
        'likely',
        "inside http.TimeoutHandler's goroutine although the request it served has already ended",
        fix,
        ev,
      );
    }
    if (f.orphan.status === 'partial') {
      return leak(
        'timeout-handler-orphan',
        'possible',
        `inside http.TimeoutHandler's goroutine; ${f.orphan.goneParents} of ${f.orphan.parents} requests have already ended`,
        fix,
        ev,
      );
    }
    if (f.orphan.status !== 'alive' && snap.timeoutInner > snap.timeoutOuter) {
      const extra = snap.timeoutInner - snap.timeoutOuter;
      return leak(
        'timeout-handler-orphan',
        'likely',
        `inside http.TimeoutHandler's goroutine: ${snap.timeoutInner} such goroutines but only ${snap.timeoutOuter} requests waiting for them, so ${extra} outlived their request`,
        fix,
        ev,
      );
    }
  }

  const infra = healthyInfrastructure(frames, f.handler !== null);
  if (infra !== null) return healthy([...ev, infra]);
  if (site.wait === 'context') return healthy([...ev, 'waits on a context']);
  if (clientConnectionLoop(frames) !== null)
    return unknown([...ev, 'HTTP client connection goroutine: judged with the call that uses it']);

  const requestScoped = f.handler !== null;
  const closure =
    g.createdBy !== null &&
    site.userFrame !== null &&
    closureParent(frames[frames.length - 1]!.function) !== null &&
    isSameOrClosureOf(frames[frames.length - 1]!.function, g.createdBy.function);
  const orphan = isOrphan(f.orphan);
  const src = f.source;
  if (src.status === 'found') ev.push(`source read at ${baseName(src.path ?? '')}:${src.line}`);
  else if (f.sourceGiven) ev.push(`source not found for the blocking frame (${src.status})`);
  else ev.push('no source given');

  // Outbound calls: the API the user frame called says whether anything can cancel it.
  if (outboundHttpWait(frames) || site.wait === 'network-io') {
    const api = outboundApi(frames, site.userFrame);
    if (api && api.cancellation !== 'context') {
      let cancellation = api.cancellation;
      if (cancellation === 'unknown' && src.requestHasContext === false) cancellation = 'no-context';
      if (cancellation === 'unknown' && src.requestHasContext === true)
        return unknown([...ev, `${shortFunctionName(api.api)} with a request built with a context`]);
      if (src.calls.some((c) => c.startsWith('http.DefaultClient.'))) cancellation = 'none';
      if (cancellation !== 'unknown' && (requestScoped || minutes >= 1)) {
        const what =
          cancellation === 'none'
            ? `calling ${shortFunctionName(api.api)}, which has no context and no timeout`
            : `calling ${shortFunctionName(api.api)}, which takes no context (only a client Timeout could end it)`;
        const conf: Confidence = minutes >= 1 || (cancellation === 'none' && g.count >= MANY) ? 'likely' : 'possible';
        return leak('blocking-io-no-deadline', conf, what, api.fix, ev);
      }
    }
    if (requestScoped && rawConnRead(frames, site.userFrame)) {
      const fix = 'call `conn.SetReadDeadline(time.Now().Add(d))` (or derive it from r.Context()) before reading';
      if (src.status === 'found' && !src.setsDeadline) {
        const conf: Confidence = minutes >= 1 || g.count >= MANY ? 'likely' : 'possible';
        return leak('blocking-io-no-deadline', conf, 'reading a network connection that has no read deadline', fix, ev);
      }
      if (src.status !== 'found' && minutes >= 1) {
        return leak('blocking-io-no-deadline', 'possible', 'reading a network connection for minutes', fix, ev);
      }
    }
    if (requestScoped && minutes >= 1 && site.userFrame !== null) {
      return leak(
        'blocking-io-no-deadline',
        'possible',
        'on network IO for minutes without a deadline it reacts to',
        'set a deadline (`SetReadDeadline`, a client Timeout) or pass r.Context() to the call',
        ev,
      );
    }
    return unknown(ev);
  }

  // io.Pipe: a reader waits for a writer that must Close; a writer waits for a reader.
  const pipe = frames.some((fr) => fr.function === 'io.(*pipe).read')
    ? 'read'
    : frames.some((fr) => fr.function === 'io.(*pipe).write')
      ? 'write'
      : null;
  if (pipe !== null && orphan && (requestScoped || closure)) {
    return pipe === 'read'
      ? leak(
          'chan-receive-orphan',
          f.orphan.status === 'gone' || src.status === 'found' ? 'likely' : 'possible',
          `reading an io.Pipe whose writer, ${creatorName(f)}, has returned without closing it`,
          'close the PipeWriter on every path (`defer pw.Close()` or CloseWithError)',
          ev,
        )
      : leak(
          'chan-send-orphan',
          'possible',
          `writing an io.Pipe whose reader, ${creatorName(f)}, has returned`,
          'close the PipeReader on every path',
          ev,
        );
  }

  switch (site.wait) {
    case 'select':
      return selectRule(f, ev, requestScoped, orphan, closure, minutes);
    case 'chan-send':
      return sendRule(f, ev, requestScoped, orphan, closure, minutes);
    case 'chan-receive':
      return receiveRule(f, ev, requestScoped, orphan, closure, minutes);
    case 'mutex':
    case 'rwmutex':
      return lockRule(f, ev, requestScoped, minutes);
    case 'waitgroup': {
      const wg = src.waitGroup;
      const fix = 'call `defer wg.Done()` first thing in every goroutine the group waits for';
      if (wg && wg.skipsDone && (requestScoped || orphan)) {
        return leak(
          'waitgroup-wait',
          'likely',
          `where a goroutine counted in ${wg.name} can return before calling ${wg.name}.Done()`,
          fix,
          ev,
        );
      }
      // A handler in Wait cannot notice its client leaving: nothing cancels a WaitGroup. Without
      // evidence of a skipped Done, only a pile-up or minutes make it a suspect.
      if (requestScoped && (minutes >= 1 || (!wg && f.group.count >= PILE_UP)))
        return leak('waitgroup-wait', 'possible', 'which nothing cancels when the client leaves', fix, ev);
      return unknown(ev);
    }
    case 'cond': {
      const c = src.cond;
      const fix =
        'signal or broadcast on every path that changes the condition, or wait on a channel with a ctx.Done case';
      if (c && !c.signalledInFile && requestScoped)
        return leak(
          'cond-wait',
          'likely',
          `on ${c.name}, which nothing in its file ever signals or broadcasts`,
          fix,
          ev,
        );
      if (requestScoped && (minutes >= 1 || (!c && f.group.count >= PILE_UP)))
        return leak('cond-wait', 'possible', 'which nothing cancels when the client leaves', fix, ev);
      return unknown(ev);
    }
    case 'sleep': {
      const fix = 'use `select { case <-time.After(d): case <-r.Context().Done(): return }`';
      const d = src.sleep;
      if (requestScoped && d && d.durationMs !== null && d.durationMs >= MINUTE_MS)
        return leak(
          'sleep',
          'likely',
          `in time.Sleep(${d.text}), at least ${Math.round(d.durationMs / MINUTE_MS)} minute(s), which ignores the request context`,
          fix,
          ev,
        );
      if (requestScoped && d && d.durationMs !== null) return unknown([...ev, `sleeps ${d.text}, under a minute`]);
      if (requestScoped && minutes >= 1)
        return leak(
          'sleep',
          'possible',
          `in time.Sleep${d ? `(${d.text})` : ''}, which ignores the request context`,
          fix,
          ev,
        );
      return unknown(ev);
    }
    default:
      return unknown(ev);
  }
}

/** A handler reading a connection it dialled itself (no net/http between the user frame and the read). */
function rawConnRead(frames: readonly { function: string }[], userFrame: number | null): boolean {
  if (userFrame === null) return false;
  const inner = frames.slice(0, userFrame);
  return (
    inner.some((fr) => /^net\.\(\*(conn|TCPConn|UnixConn)\)\.Read$|^net\.\(\*netFD\)\.Read$/.test(fr.function)) &&
    !inner.some((fr) => fr.function.startsWith('net/http.') || fr.function.startsWith('crypto/tls.'))
  );
}

function orphanEvidence(o: Orphanhood): string[] {
  switch (o.status) {
    case 'gone':
      return [`its creator goroutine${o.parents > 1 ? 's have' : ' has'} exited`];
    case 'partial':
      return [`${o.goneParents} of ${o.parents} creator goroutines have exited`];
    case 'creator-returned':
      return ['no goroutine is running its creator function any more'];
    default:
      return [];
  }
}
