// Rules for goroutines waiting on the network: an outbound HTTP call or query, or a connection
// read. A read returns only when data comes, the peer closes, a deadline passes or (for calls
// that take one) the context is cancelled; a call with none of these can wait forever.
import type { Frame } from '../../model/goroutine';
import type { Confidence } from '../verdict';
import { leak, unknown, MANY, type RuleResult } from '../ruleResult';
import { outboundApi, outboundHttpWait } from '../stdlibPatterns';
import { shortFunctionName } from '../../go/functionNames';
import { withSource, type RuleFacts } from './ruleFacts';

/** Waiting for an outbound HTTP response or connection, or parked in network IO. */
function networkWait(f: RuleFacts): boolean {
  return outboundHttpWait(f.group.stack.frames) || f.site.wait === 'network-io';
}

/**
 * `http.Get` and `http.DefaultClient` have no context and no timeout; `(*Client).Get` and friends
 * take no context (only Client.Timeout ends them); `Client.Do` follows its request's context;
 * database/sql's calls without `Context` cannot be cancelled. A handler (or minutes) in such a
 * call is stuck for as long as the peer wants.
 */
export function outboundCallWithoutCancel(f: RuleFacts): RuleResult | null {
  if (!networkWait(f)) return null;
  const api = outboundApi(f.group.stack.frames, f.site.userFrame);
  if (!api || api.cancellation === 'context') return null;
  const src = f.source;
  let cancellation = api.cancellation;
  if (cancellation === 'unknown' && src.requestHasContext === false) cancellation = 'no-context';
  if (cancellation === 'unknown' && src.requestHasContext === true)
    return unknown(withSource(f, `${shortFunctionName(api.api)} with a request built with a context`));
  if (src.calls.some((c) => c.startsWith('http.DefaultClient.'))) cancellation = 'none';
  if (cancellation === 'unknown' || (!f.requestScoped && f.minutes < 1)) return null;
  const name = shortFunctionName(api.api);
  return leak({
    kind: 'blocking-io-no-deadline',
    confidence: f.minutes >= 1 || (cancellation === 'none' && f.group.count >= MANY) ? 'likely' : 'possible',
    problem:
      cancellation === 'none'
        ? `calling ${name}, which has no context and no timeout`
        : `calling ${name}, which takes no context (only a client Timeout could end it)`,
    fix: api.fix,
    evidence: withSource(f),
  });
}

/**
 * A `net.Conn` the handler dialled itself: `Read` blocks until data, EOF or the read deadline, and
 * the request's context does not reach it. Without `SetReadDeadline` nothing bounds the wait.
 */
export function rawConnReadWithoutDeadline(f: RuleFacts): RuleResult | null {
  if (!networkWait(f) || !rawConnRead(f.group.stack.frames, f.site.userFrame)) return null;
  // A request's goroutine, or a closure one started that outlived it (on older Go, where only the
  // creator function's absence tells, only a pile-up of them: a constructor's loop looks the same).
  const leftOver = f.orphaned && f.closure && (f.orphan.status === 'gone' || f.group.count >= MANY);
  if (!f.requestScoped && !leftOver) return null;
  const fix = 'call `conn.SetReadDeadline(time.Now().Add(d))` (or derive it from r.Context()) before reading';
  // Only a read deadline bounds a read: a dial timeout ends with the dial.
  if (f.source.status === 'found' && !f.source.setsReadDeadline) {
    const confidence: Confidence = f.minutes >= 1 || f.group.count >= MANY ? 'likely' : 'possible';
    return leak({
      kind: 'blocking-io-no-deadline',
      confidence,
      problem: 'reading a network connection that has no read deadline',
      fix,
      evidence: withSource(f),
    });
  }
  if (f.source.status !== 'found' && f.minutes >= 1) {
    return leak({
      kind: 'blocking-io-no-deadline',
      confidence: 'possible',
      problem: 'reading a network connection for minutes',
      fix,
      evidence: withSource(f),
    });
  }
  return null;
}

/** A handler's own network wait that has lasted minutes: no deadline it reacts to has passed. */
export function networkIoForMinutes(f: RuleFacts): RuleResult | null {
  if (!networkWait(f) || !f.requestScoped || f.minutes < 1 || f.site.userFrame === null) return null;
  return leak({
    kind: 'blocking-io-no-deadline',
    confidence: 'possible',
    problem: 'on network IO for minutes without a deadline it reacts to',
    fix: 'set a deadline (`SetReadDeadline`, a client Timeout) or pass r.Context() to the call',
    evidence: withSource(f),
  });
}

/** Any other network wait: a slow peer and a stuck call look the same, so nothing is said. */
export function networkIoUndecided(f: RuleFacts): RuleResult | null {
  return networkWait(f) ? unknown(withSource(f)) : null;
}

/**
 * Reading a connection the program dialled itself: no net/http connection of its own (client
 * transport, server connection, request body) between the user frame and the read. Parsing a
 * response from the program's own connection (`http.ReadResponse`, textproto, bufio) counts.
 */
function rawConnRead(frames: readonly Frame[], userFrame: number | null): boolean {
  if (userFrame === null) return false;
  const inner = frames.slice(0, userFrame);
  return (
    inner.some((fr) => /^net\.\(\*(conn|TCPConn|UnixConn)\)\.Read$|^net\.\(\*netFD\)\.Read$/.test(fr.function)) &&
    !inner.some((fr) => fr.function.startsWith('net/http.(*') || fr.function.startsWith('crypto/tls.'))
  );
}
