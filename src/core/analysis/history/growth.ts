// Growth across the series as leak evidence. A goroutine that leaks never exits, so a stack whose
// goroutines leak has a count that never falls and rises with every batch of requests that hits
// the bug. A group of request-scoped goroutines (Go's net/http runs one goroutine per request and
// ends it when the handler returns) whose count only rises, at two separate captures or more, is
// piling up; the rate over the window says how fast. Counts compare on frames and labels, so the
// cheap proto-only ticks of a watch count too. Healthy verdicts stay healthy (a pool may grow to
// its size); a stack whose goroutine ids turn over is busy, not stuck, and is never flagged here.
import type { GroupFacts, RuleResult } from '../ruleResult';
import { clientConnectionLoop } from '../stdlibPatterns';
import { countOf, idsOf, spanText, type HistoryContext } from './historyContext';
import { stackSignature } from '../stackSignature';
import { countKey } from './historyPoint';

export interface Growth {
  /** Counts oldest first, the moment analysed last. */
  readonly series: readonly number[];
  /** Never falls, ends higher than it started. */
  readonly rising: boolean;
  /** Steps in which it rose. */
  readonly rises: number;
  /** "+12 goroutines/min over 10 min (5 → 125)". */
  readonly text: string;
}

export function growthOf(ctx: HistoryContext, key: string): Growth {
  const series = [...ctx.points.map((p) => countOf(p, key)), countOf(ctx.now, key)];
  let rises = 0;
  let falls = false;
  for (let i = 1; i < series.length; i++) {
    if (series[i]! > series[i - 1]!) rises++;
    else if (series[i]! < series[i - 1]!) falls = true;
  }
  const first = series[0]!;
  const last = series[series.length - 1]!;
  return { series, rising: !falls && last > first, rises, text: growthText(ctx, series) };
}

function growthText(ctx: HistoryContext, series: readonly number[]): string {
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const delta = last - first;
  const sign = delta >= 0 ? '+' : '−';
  const from = ctx.points[0]?.at ?? null;
  const to = ctx.now.at;
  const counts = seriesText(series);
  if (from === null || to === null || to <= from)
    return `${sign}${Math.abs(delta)} goroutines over ${series.length} captures (${counts})`;
  const minutes = (to - from) / 60_000;
  if (minutes < 1) return `${sign}${Math.abs(delta)} goroutines in ${spanText(to - from)} (${counts})`;
  const rate = Math.abs(delta) / minutes;
  const rateText = rate >= 10 ? rate.toFixed(0) : rate.toFixed(1).replace(/\.0$/, '');
  return `${sign}${rateText} goroutines/min over ${spanText(to - from)} (${counts})`;
}

/** `5 → 9 → 12`, or the first three and the last two of a long series. */
export function seriesText(series: readonly number[]): string {
  if (series.length <= 6) return series.join(' → ');
  return `${series.slice(0, 3).join(' → ')} → … → ${series.slice(-2).join(' → ')}`;
}

/** How growth evidence starts; views find the rate after it (growthNote). */
export const GROWTH_EVIDENCE = 'count over the captures: ';

/** The growth of a group from its verdict's evidence, `+12 goroutines/min over 10 min`, or null. */
export function growthNote(evidence: readonly string[]): string | null {
  const e = evidence.find((x) => x.startsWith(GROWTH_EVIDENCE) && x.charAt(GROWTH_EVIDENCE.length) === '+');
  return e === undefined ? null : e.slice(GROWTH_EVIDENCE.length).replace(/ \(.*\)$/, '');
}

export interface GrowthOptions {
  /** Groups whose ids turned over (persistence.ts): busy, never flagged by growth. */
  readonly turnedOver: ReadonlySet<GroupFacts>;
}

/**
 * Applies growth to `results`. Returns the groups split in two where ids tell the goroutines that
 * were already there when the window began (not part of the growth, they keep their verdict) from
 * those that came since: the caller replaces the group's facts with the parts.
 */
export function growthSignal(
  facts: readonly GroupFacts[],
  results: Map<GroupFacts, RuleResult>,
  ctx: HistoryContext,
  { turnedOver }: GrowthOptions,
): Map<GroupFacts, GroupFacts[]> {
  const splits = new Map<GroupFacts, GroupFacts[]>();
  for (const f of facts) {
    const g = growthOf(ctx, countKey(f.group));
    if (!g.rising) continue;
    const prev = results.get(f)!;
    const note = `${GROWTH_EVIDENCE}${g.text}`;
    // Client connections grow with the pool too; clientConnections.ts ties them to stuck calls.
    if (clientConnectionLoop(f.group.stack.frames) !== null || turnedOver.has(f)) {
      results.set(f, { ...prev, evidence: [...prev.evidence, note] });
      continue;
    }
    if (prev.status === 'leak') {
      const problem = prev.problem === null ? null : `${prev.problem}; their number only grows: ${g.text}`;
      results.set(f, { ...prev, problem, evidence: [...prev.evidence, note] });
      continue;
    }
    const scoped = f.handler !== null || f.orphan.status === 'gone' || f.orphan.status === 'creator-returned';
    // Two points can be noise; rises at two captures or more, with no fall, of request-scoped goroutines are a trend.
    if (prev.status === 'unknown' && scoped && g.rises >= 2 && g.series.length >= 3) {
      const grown: RuleResult = {
        status: 'leak',
        kind: 'growth',
        confidence: 'possible',
        problem: `and their number only grows: ${g.text}`,
        fix: 'find what they wait for and make it return when the request ends',
        evidence: [...prev.evidence, note],
      };
      const first = ctx.points[0]!;
      const before = first.hasIds ? new Set(idsOf(first, stackSignature(f.group))) : new Set<number>();
      const older = f.group.ids.filter((id) => before.has(id));
      const newer = f.group.ids.filter((id) => !before.has(id));
      if (older.length > 0 && newer.length > 0 && f.group.ids.length === f.group.count) {
        const kept = part(f, older, 'before-growth');
        const came = part(f, newer, 'growth');
        results.set(kept, {
          ...prev,
          evidence: [
            ...prev.evidence,
            note,
            `${older.length} of them were there before the growth began: not part of it`,
          ],
        });
        results.set(came, grown);
        splits.set(f, [came, kept]);
      } else results.set(f, grown);
    } else if (prev.status === 'healthy') {
      results.set(f, {
        ...prev,
        evidence: [
          ...prev.evidence,
          note,
          'judged healthy at this moment by the rules above; growth alone does not overturn that',
        ],
      });
    } else {
      results.set(f, { ...prev, evidence: [...prev.evidence, note] });
    }
  }
  return splits;
}

/** A part of a group: the same stack and state with a subset of its goroutines. */
function part(f: GroupFacts, ids: number[], tag: string): GroupFacts {
  const g = f.group;
  return { ...f, group: { ...g, key: `${g.key}#${tag}`, count: ids.length, ids, parentIds: [...g.parentIds] } };
}
