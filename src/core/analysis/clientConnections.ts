// An HTTP client connection has two goroutines of its own (`persistConn.readLoop` in IO wait and
// `writeLoop` in select) whose stacks look the same whether the connection is idle in the pool
// or carries a call that never ends. They share the fate of the call: when calls are stuck
// without a deadline, that many connections are stuck with them. Same pprof labels (inherited
// from the handler) tie them exactly; otherwise the counts must fit.
import type { GroupFacts, RuleResult } from './leakRules';
import type { Confidence } from './verdict';
import { clientConnectionLoop, outboundHttpWait } from './stdlibPatterns';
import { canonicalLabelsOf } from './labels';

export function pairClientConnections(facts: readonly GroupFacts[], results: Map<GroupFacts, RuleResult>): void {
  let stuck = 0;
  let confidence: Confidence = 'possible';
  const stuckLabels = new Set<string>();
  for (const f of facts) {
    const r = results.get(f)!;
    if (r.status !== 'leak' || r.kind !== 'blocking-io-no-deadline' || !outboundHttpWait(f.group.stack.frames)) continue;
    stuck += f.group.count;
    if (r.confidence === 'likely' || r.confidence === 'proven') confidence = 'likely';
    const key = canonicalLabelsOf(f.group.labels);
    if (key !== '') stuckLabels.add(key);
  }
  const loops = { readLoop: [] as GroupFacts[], writeLoop: [] as GroupFacts[] };
  for (const f of facts) {
    const kind = clientConnectionLoop(f.group.stack.frames);
    if (kind !== null && results.get(f)!.status === 'unknown') loops[kind].push(f);
  }
  for (const [kind, groups] of Object.entries(loops)) {
    const total = groups.reduce((n, f) => n + f.group.count, 0);
    for (const f of groups) {
      const prev = results.get(f)!;
      const key = canonicalLabelsOf(f.group.labels);
      const byLabels = key !== '' && stuckLabels.has(key);
      const byCount = key === '' && stuck > 0 && total <= stuck;
      if (!byLabels && !byCount) {
        const why = stuck === 0 ? 'no outbound call is stuck' : `${total} connection goroutines for ${stuck} stuck calls`;
        results.set(f, { ...prev, status: 'healthy', evidence: [...prev.evidence, `HTTP client connection ${kind}: ${why}, so idle in the pool`] });
        continue;
      }
      const tie = byLabels ? 'with the same labels as' : `${total} of them for`;
      results.set(f, {
        status: 'leak',
        kind: 'blocking-io-no-deadline',
        confidence,
        problem: `in the HTTP client connection's ${kind}, held by ${byLabels ? 'an' : stuck} outbound call${byLabels || stuck !== 1 ? 's' : ''} that never end${byLabels || stuck !== 1 ? '' : 's'}`,
        fix: 'give the outbound requests a context (`http.NewRequestWithContext(r.Context(), …)`) and the client a Timeout',
        evidence: [...prev.evidence, `connection ${kind} ${tie} ${stuck} stuck outbound calls without a deadline`],
      });
    }
  }
}
