// An HTTP client connection has two goroutines of its own (`persistConn.readLoop` in IO wait and
// `writeLoop` in select) whose stacks look the same whether the connection is idle in the pool
// or carries a call that never ends. They share the fate of the call: when calls are stuck
// without a deadline, that many connections are stuck with them. Same pprof labels (inherited
// from the handler) tie them exactly; otherwise the counts must fit.
import type { GroupFacts, RuleResult } from './ruleResult';
import type { Confidence } from './verdict';
import { clientConnectionLoop } from './stdlibPatterns';
import type { Frame } from '../model/goroutine';
import type { LeakKind } from './verdict';
import { canonicalLabels } from '../go/labels';
import { canSplit, groupPart } from './groupParts';

/** Verdicts that say an outbound call will not end: no deadline, a context that is not the request's, a client gone. */
const STUCK_CALL_KINDS: ReadonlySet<LeakKind> = new Set([
  'blocking-io-no-deadline',
  'growth',
  'context-not-request',
  'client-gone',
]);

/**
 * A call waiting for its response on a connection of its own (`persistConn.roundTrip`): the
 * connection's loops serve it. One still in `Transport.getConn` waits for a connection and holds none.
 */
function holdsConnection(frames: readonly Frame[]): boolean {
  return frames.some((f) => f.function === 'net/http.(*persistConn).roundTrip');
}

/**
 * Decides the client connection groups in `results`. Returns groups split in two where goroutine
 * ids tell idle connections (created before every stuck call started) from the others: the
 * caller replaces the original group's facts with the parts.
 */
export function pairClientConnections(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
): Map<GroupFacts, GroupFacts[]> {
  const splits = new Map<GroupFacts, GroupFacts[]>();
  let stuck = 0;
  let firstStuckId = Infinity;
  let confidence: Confidence = 'possible';
  const stuckLabels = new Set<string>();
  const handlersByLabels = new Map<string, string>();
  const stuckHandlers = new Set<string | null>();
  // Calls on a connection that no rule decided: their connections can be neither idle nor stuck.
  let undecided = 0;
  for (const f of facts) {
    const r = results.get(f)!;
    if (r.status === 'unknown' && holdsConnection(f.group.stack.frames)) undecided += f.group.count;
    if (r.status !== 'leak' || !STUCK_CALL_KINDS.has(r.kind!) || !holdsConnection(f.group.stack.frames)) continue;
    stuck += f.group.count;
    for (const id of f.group.ids) if (id < firstStuckId) firstStuckId = id;
    if (r.confidence === 'likely' || r.confidence === 'proven') confidence = 'likely';
    const key = canonicalLabels(f.group.labels);
    if (key !== '') stuckLabels.add(key);
    if (key !== '' && f.handler !== null) handlersByLabels.set(key, f.handler);
    stuckHandlers.add(f.handler);
  }
  // The connections of stuck calls belong to the calls' handler when there is only one.
  const soleHandler = stuckHandlers.size === 1 ? [...stuckHandlers][0]! : null;
  const loops = { readLoop: [] as GroupFacts[], writeLoop: [] as GroupFacts[] };
  for (const f of facts) {
    const kind = clientConnectionLoop(f.group.stack.frames);
    if (kind !== null && results.get(f)!.status === 'unknown') loops[kind].push(f);
  }
  for (const [kind, groups] of Object.entries(loops)) {
    // Counts tie only what labels cannot: connections without labels (labelled ones go by their labels).
    const unlabelled = (f: GroupFacts) => canonicalLabels(f.group.labels) === '';
    const total = groups.filter(unlabelled).reduce((n, f) => n + f.group.count, 0);
    for (const f of groups) {
      const prev = results.get(f)!;
      const key = canonicalLabels(f.group.labels);
      const byLabels = key !== '' && stuckLabels.has(key);
      const byCount = key === '' && stuck > 0 && total <= stuck;
      if (!byLabels && !byCount && key === '' && stuck > 0 && firstStuckId !== Infinity && canSplit(f.group)) {
        // A connection's goroutines start after the call that dialled it: older ones were idle already.
        const older = f.group.ids.filter((id) => id < firstStuckId);
        const newer = f.group.ids.filter((id) => id > firstStuckId);
        if (older.length > 0 && newer.length > 0 && newer.length <= stuck) {
          const idle = part(f, older, 'idle');
          const busy = withHandler(part(f, newer, 'busy'), soleHandler);
          results.set(idle, {
            ...prev,
            status: 'healthy',
            evidence: [
              ...prev.evidence,
              `HTTP client connection ${kind} created before every stuck call (goroutine ids below ${firstStuckId}): idle in the pool`,
            ],
          });
          results.set(
            busy,
            leakResult({
              loop: kind,
              tie: `${newer.length} of them, created after the first stuck call, for`,
              stuck,
              byLabels: false,
              confidence,
              prev,
            }),
          );
          splits.set(f, [busy, idle]);
          continue;
        }
      }
      if (!byLabels && !byCount) {
        // Idle in the pool only when no call that might be using it is left undecided; more
        // connections than stuck calls leave unknown which of them serve the calls.
        if (stuck === 0 && undecided === 0) {
          results.set(f, {
            ...prev,
            status: 'healthy',
            evidence: [
              ...prev.evidence,
              `HTTP client connection ${kind}: no outbound call waits on a connection, so idle in the pool`,
            ],
          });
        } else {
          const why =
            stuck === 0
              ? `${undecided} outbound call${undecided === 1 ? '' : 's'} wait${undecided === 1 ? 's' : ''} on a connection, undecided`
              : `${total} connection goroutines for ${stuck} stuck calls: which of them serve the calls is not known`;
          results.set(f, {
            ...prev,
            status: 'unknown',
            evidence: [...prev.evidence, `HTTP client connection ${kind}: ${why}`],
          });
        }
        continue;
      }
      const owned = withHandler(f, byLabels ? (handlersByLabels.get(key) ?? null) : soleHandler);
      results.set(
        owned,
        leakResult({
          loop: kind,
          tie: byLabels ? 'with the same labels as' : `${total} of them for`,
          stuck,
          byLabels,
          confidence,
          prev,
        }),
      );
      if (owned !== f) splits.set(f, [owned]);
    }
  }
  return splits;
}

interface ConnectionLeak {
  /** `readLoop` or `writeLoop`. */
  readonly loop: string;
  /** How the connections were tied to the calls, as a phrase before "N stuck outbound calls". */
  readonly tie: string;
  /** Outbound calls stuck without a deadline. */
  readonly stuck: number;
  /** Tied by the handler's pprof labels (exact) rather than by counts. */
  readonly byLabels: boolean;
  readonly confidence: Confidence;
  readonly prev: RuleResult;
}

function leakResult({ loop, tie, stuck, byLabels, confidence, prev }: ConnectionLeak): RuleResult {
  const calls = byLabels
    ? 'outbound calls that never end'
    : `${stuck} outbound call${stuck === 1 ? '' : 's'} that never end${stuck === 1 ? 's' : ''}`;
  return {
    status: 'leak',
    kind: 'blocking-io-no-deadline',
    confidence,
    problem: `in the HTTP client connection's ${loop}, held by ${calls}`,
    fix: 'give the outbound requests a context (`http.NewRequestWithContext(r.Context(), …)`) and the client a Timeout',
    evidence: [...prev.evidence, `connection ${loop} ${tie} ${stuck} stuck outbound calls without a deadline`],
  };
}

function withHandler(f: GroupFacts, handler: string | null): GroupFacts {
  return handler === null || f.handler !== null ? f : { ...f, handler, handlerVia: 'creator' };
}

function part(f: GroupFacts, ids: number[], tag: string): GroupFacts {
  return { ...f, group: groupPart(f.group, ids, tag) };
}
