// Reads of a client's connection that nothing bounds. A read returns when data comes, the peer
// closes, or the connection's read deadline passes; the request's context does not reach it. A peer
// that stalls with its connection open (an upload that stops, a device that goes silent) keeps the
// reader waiting for as long as the connection lives: flagged from the first capture, since the
// source shows that no deadline exists.
import { leak, MANY, type RuleResult } from '../ruleResult';
import { HTTP2_BODY_READ, REQUEST_BODY_READ } from '../stdlibPatterns';
import type { Frame } from '../../model/goroutine';
import { withSource, type RuleFacts } from './ruleFacts';

/**
 * A handler reading its request body on a server whose construction sets no ReadTimeout (or on
 * http.ListenAndServe's zero server). net/http/server.go's readRequest re-arms the connection's read
 * deadline at ReadTimeout after the headers, so ReadHeaderTimeout alone leaves the body unbounded
 * (Go 1.19 through 1.27). Over HTTP/2 a body is bounded only by the per-stream timer the server
 * arms when ReadTimeout is set (h2_bundle.go, Go 1.20+; Go 1.19 arms none), so no ReadTimeout
 * leaves it unbounded in every version. A handler-set deadline
 * (http.ResponseController.SetReadDeadline) counts.
 */
export function requestBodyWithoutDeadline(f: RuleFacts): RuleResult | null {
  const s = f.source.server;
  if (s === null || s.readTimeout !== 'none' || f.source.setsReadDeadline) return null;
  const frames = f.group.stack.frames;
  if (!frames.some((fr) => REQUEST_BODY_READ.test(fr.function))) return null;
  // HTTP/1 reads the connection; HTTP/2 waits on the stream's pipe for the connection's reader to
  // fill it (a sync.Cond), bounded only by the per-stream timer ReadTimeout arms (Go 1.20+).
  const http2 = frames.some((fr) => HTTP2_BODY_READ.test(fr.function));
  if (f.site.wait !== (http2 ? 'cond' : 'network-io')) return null;
  return leak({
    kind: 'blocking-io-no-deadline',
    confidence: f.minutes >= 1 || f.group.count >= MANY ? 'likely' : 'possible',
    problem: `reading the request body, which no deadline bounds: ${s.how}`,
    fix: 'set http.Server.ReadTimeout (or http.NewResponseController(w).SetReadDeadline before reading the body)',
    evidence: withSource(f, s.how),
  });
}

/**
 * Reading a hijacked connection (net/http's connReader under the program's own reads, no request
 * body in between): (*conn).hijackLocked clears the connection's deadlines
 * (`rwc.SetDeadline(time.Time{})`), so only the program's SetReadDeadline/SetDeadline bounds the
 * read, and the source shows none on the stack.
 */
export function hijackedReadWithoutDeadline(f: RuleFacts): RuleResult | null {
  if (f.site.wait !== 'network-io' || f.source.status !== 'found' || f.source.setsReadDeadline) return null;
  if (!hijackedRead(f.group.stack.frames) || !(f.requestScoped || f.orphaned)) return null;
  return leak({
    kind: 'blocking-io-no-deadline',
    confidence: 'likely',
    problem: 'reading a hijacked connection that has no read deadline (Hijack clears the server’s deadlines)',
    fix: 'call `conn.SetReadDeadline(time.Now().Add(d))` before each read, and close the connection when it passes',
    evidence: withSource(f, 'reads the hijacked client connection; no SetReadDeadline or SetDeadline on the stack'),
  });
}

/** net/http's connection reader read directly by the program: not a request body, not the next request's headers. */
function hijackedRead(frames: readonly Frame[]): boolean {
  const i = frames.findIndex((fr) => fr.function === 'net/http.(*connReader).Read');
  if (i < 0) return false;
  return !frames.some(
    (fr) =>
      REQUEST_BODY_READ.test(fr.function) ||
      fr.function === 'net/http.(*conn).readRequest' ||
      fr.function === 'net/http.(*connReader).backgroundRead',
  );
}
