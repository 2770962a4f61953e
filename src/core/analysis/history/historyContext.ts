// What the history signals share, built once per analysis: the earlier points of the same process
// (the segment after the last restart), the moment analysed as a point of its own, and lookups by
// stack signature and by count key over both.
import type { GroupFacts } from '../ruleResult';
import { stackSignature } from '../stackSignature';
import { restartReason } from '../../watch/restart';
import { countKey, type HistoryGroup, type HistoryPoint } from './historyPoint';

export interface HistoryContext {
  /** Earlier points of this process, oldest first (those before a restart are left out). */
  readonly points: readonly HistoryPoint[];
  /** The moment analysed. */
  readonly now: HistoryPoint;
  /** Points left out because the process restarted after them, with the reason (for the evidence). */
  readonly restart: string | null;
  /** Goroutine ids of the moment analysed, by stack signature. */
  idsNow(signature: string): ReadonlySet<number>;
  /** Every goroutine id of the moment analysed. */
  readonly allIdsNow: ReadonlySet<number>;
}

export function historyContext(
  facts: readonly GroupFacts[],
  history: readonly HistoryPoint[],
  at: number | null,
  hasIds: boolean,
): HistoryContext {
  const groups: HistoryGroup[] = facts.map((f) => ({
    signature: stackSignature(f.group),
    countKey: countKey(f.group),
    count: f.group.count,
    ids: f.group.ids,
    handler: f.handler,
  }));
  const now: HistoryPoint = {
    at,
    goroutineCount: groups.reduce((n, g) => n + g.count, 0),
    hasIds,
    groups,
  };
  // Only the ids rule applies here (an analysis knows no failed captures between its inputs).
  let start = 0;
  let restart: string | null = null;
  const all = [...history, now];
  for (let i = all.length - 1; i > 0; i--) {
    const why = restartReason(all[i - 1]!, all[i]!, { baseline: null, gapBetween: false });
    if (why !== null) {
      start = i;
      restart = why;
      break;
    }
  }
  const points = history.slice(start);
  const bySignature = new Map<string, Set<number>>();
  const allIds = new Set<number>();
  for (const g of groups) {
    let s = bySignature.get(g.signature);
    if (!s) bySignature.set(g.signature, (s = new Set()));
    for (const id of g.ids) {
      s.add(id);
      allIds.add(id);
    }
  }
  const empty = new Set<number>();
  return {
    points,
    now,
    restart,
    idsNow: (sig) => bySignature.get(sig) ?? empty,
    allIdsNow: allIds,
  };
}

/** Each point's counts by count key, built on first use: points never change once made. */
const countsByKey = new WeakMap<HistoryPoint, Map<string, number>>();

/**
 * The sum of a point's groups with this count key (one stack can be several groups by state).
 * Indexed once per point: the timeline and the status bar ask for every suspect at every tick of
 * a series after each tick, which walking the groups each time made ticks × suspects × groups.
 */
export function countOf(p: HistoryPoint, key: string): number {
  let counts = countsByKey.get(p);
  if (counts === undefined) {
    counts = new Map();
    for (const g of p.groups) counts.set(g.countKey, (counts.get(g.countKey) ?? 0) + g.count);
    countsByKey.set(p, counts);
  }
  return counts.get(key) ?? 0;
}

/** A point's goroutine ids on this stack signature. */
export function idsOf(p: HistoryPoint, signature: string): number[] {
  const out: number[] = [];
  for (const g of p.groups) if (g.signature === signature) out.push(...g.ids);
  return out;
}

/** "2 min", "45 s", "1 h 5 min": a span between two captures. */
export function spanText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}
