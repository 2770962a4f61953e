// Growth across snapshots as leak evidence: a group whose count rises at every snapshot while
// nothing explains its wait is piling up. Healthy verdicts stay healthy (a pool may grow to size).
import type { GoroutineSnapshot } from '../model/goroutine';
import type { GroupFacts, RuleResult } from './ruleResult';
import { stackSignature } from './stackSignature';
import { clientConnectionLoop } from './stdlibPatterns';

export function growthSignal(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  history: readonly GoroutineSnapshot[],
): void {
  const counts = history.map((s) => {
    const m = new Map<string, number>();
    for (const g of s.groups) {
      const k = stackSignature(g);
      m.set(k, (m.get(k) ?? 0) + g.count);
    }
    return m;
  });
  const now = new Map<string, number>();
  for (const f of facts) {
    const k = stackSignature(f.group);
    now.set(k, (now.get(k) ?? 0) + f.group.count);
  }
  for (const f of facts) {
    const k = stackSignature(f.group);
    const series = [...counts.map((m) => m.get(k) ?? 0), now.get(k)!];
    const grew = series.every((n, i) => i === 0 || n > series[i - 1]!);
    const kept =
      series[0]! > 0 &&
      series.every((n, i) => i === 0 || n >= series[i - 1]!) &&
      series[series.length - 1]! > series[0]!;
    if (!grew && !kept) continue;
    const prev = results.get(f)!;
    const note = `count over snapshots: ${series.join(' → ')}`;
    // Client connections grow with the pool too; clientConnections.ts ties them to stuck calls.
    if (clientConnectionLoop(f.group.stack.frames) !== null) {
      results.set(f, { ...prev, evidence: [...prev.evidence, note] });
      continue;
    }
    if (prev.status === 'leak') {
      results.set(f, { ...prev, evidence: [...prev.evidence, note] });
      continue;
    }
    const scoped = f.handler !== null || f.orphan.status === 'gone' || f.orphan.status === 'creator-returned';
    // Two points can be noise; three rising points of request-scoped goroutines are a trend.
    if (prev.status === 'unknown' && scoped && grew && series.length >= 3) {
      results.set(f, {
        status: 'leak',
        kind: 'growth',
        confidence: 'possible',
        problem: `and their number grows at every snapshot (${series.join(' → ')})`,
        fix: 'find what they wait for and make it return when the request ends',
        evidence: [...prev.evidence, note],
      });
    } else {
      results.set(f, { ...prev, evidence: [...prev.evidence, note] });
    }
  }
}
