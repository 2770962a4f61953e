// Builds the snapshot summary page: counts by leak kind, handler and wait state, an icicle of where
// goroutines park (outermost frame at the top), and the top of the heap captured with them.
import type { AnalyzedGroup } from '../../core/analysis/verdict';
import type { Profile } from '../../core/model/profile';
import { packageOf } from '../../core/go/functionNames';
import type { CountRow, HeapRow, IcicleNode, SummaryView } from '../../shared/viewModel';
import type { AnalysisSession } from '../model/analysisSession';

const MAX_DEPTH = 48;
/** Cells below this share of all goroutines are merged: the message stays small at 100k goroutines. */
const MIN_SHARE = 0.002;

function countBy(groups: readonly AnalyzedGroup[], keyOf: (g: AnalyzedGroup) => string): CountRow[] {
  const rows = new Map<string, { goroutines: number; groups: number; suspect: boolean }>();
  for (const g of groups) {
    const k = keyOf(g);
    const r = rows.get(k) ?? { goroutines: 0, groups: 0, suspect: false };
    r.goroutines += g.group.count;
    r.groups += 1;
    r.suspect ||= g.verdict.suspect;
    rows.set(k, r);
  }
  return [...rows]
    .map(([name, r]) => ({ name, ...r }))
    .sort((a, b) => Number(b.suspect) - Number(a.suspect) || b.goroutines - a.goroutines);
}

interface MutableNode {
  name: string;
  value: number;
  suspect: number;
  children: Map<string, MutableNode>;
  terminal: AnalyzedGroup | null;
}

function parkedPath(g: AnalyzedGroup): string[] {
  const frames = g.group.stack.frames;
  // The runtime's own parking frames (gopark, selectgo, chanrecv) are the same everywhere: start
  // at the first frame that says what the goroutine is waiting in.
  let inner = 0;
  while (inner < frames.length - 1) {
    const pkg = packageOf(frames[inner].function);
    if (pkg !== 'runtime' && !pkg.startsWith('internal/')) break;
    inner++;
  }
  return frames
    .slice(inner)
    .map((f) => f.function)
    .reverse();
}

function freeze(n: MutableNode, total: number, depth: number): IcicleNode {
  const kids = [...n.children.values()].sort((a, b) => b.value - a.value);
  const kept: IcicleNode[] = [];
  let otherValue = 0,
    otherSuspect = 0;
  for (const c of kids) {
    if (depth < MAX_DEPTH && c.value >= total * MIN_SHARE) kept.push(freeze(c, total, depth + 1));
    else {
      otherValue += c.value;
      otherSuspect += c.suspect;
    }
  }
  if (otherValue > 0)
    kept.push({ name: '(smaller stacks)', value: otherValue, suspect: otherSuspect, children: [], groupKey: null });
  return { name: n.name, value: n.value, suspect: n.suspect, children: kept, groupKey: n.terminal?.group.key ?? null };
}

export function buildIcicle(groups: readonly AnalyzedGroup[]): IcicleNode {
  const root: MutableNode = { name: 'all goroutines', value: 0, suspect: 0, children: new Map(), terminal: null };
  for (const g of groups) {
    const n = g.group.count,
      s = g.verdict.suspect ? n : 0;
    root.value += n;
    root.suspect += s;
    let cur = root;
    for (const fn of parkedPath(g).slice(0, MAX_DEPTH)) {
      let next = cur.children.get(fn);
      if (!next) {
        next = { name: fn, value: 0, suspect: 0, children: new Map(), terminal: null };
        cur.children.set(fn, next);
      }
      next.value += n;
      next.suspect += s;
      cur = next;
    }
    if (!cur.terminal || cur.terminal.group.count < n) cur.terminal = g;
  }
  return freeze(root, Math.max(root.value, 1), 0);
}

/** In-use bytes by the innermost function of each sample (flat), largest first. */
export function heapTop(heap: Profile | null, limit = 10): HeapRow[] {
  if (!heap) return [];
  const idx = heap.sampleTypes.findIndex((t) => t.type === 'inuse_space');
  if (idx < 0) return [];
  const byFn = new Map<string, number>();
  for (const s of heap.samples) {
    const fn = s.locations[0]?.lines[0]?.function.name ?? '(unknown)';
    byFn.set(fn, (byFn.get(fn) ?? 0) + (s.values[idx] ?? 0));
  }
  return [...byFn]
    .map(([fn, bytes]) => ({ function: fn, bytes }))
    .filter((r) => r.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
}

export function buildSummaryView(session: AnalysisSession): SummaryView {
  const { result } = session;
  const visible = result.groups.filter((g) => !g.verdict.runtime);
  const suspects = result.groups.filter((g) => g.verdict.suspect);
  return {
    title: session.title,
    source: result.snapshot.source,
    inputs: result.snapshot.inputs,
    goroutineCount: result.snapshot.goroutineCount,
    groupCount: result.groups.length,
    suspectGroups: suspects.length,
    suspectGoroutines: suspects.reduce((n, g) => n + g.group.count, 0),
    runtimeLeakProfile: result.snapshot.hasLeakProfile,
    byKind: countBy(result.groups, (g) => g.verdict.kind ?? (g.verdict.runtime ? 'runtime' : 'healthy')),
    byHandler: countBy(visible, (g) => g.verdict.handler ?? '(no handler)'),
    byState: countBy(result.groups, (g) => g.group.state ?? g.verdict.wait),
    icicle: buildIcicle(visible),
    warnings: [...result.warnings],
    heapTop: heapTop(session.heap),
  };
}
