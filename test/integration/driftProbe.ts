// A timer-drift probe for the extension host's event loop: a 10 ms interval timer whose late
// firings are the loop blocked. For each gap over 20 ms it also records how much CPU the host's
// main thread used during it (process.threadCpuUsage, Node 23.9+; null before) and the garbage
// collections that ran in it, which tells work of the extension (CPU close to the gap) from a
// thread that was not running at all (a shared machine's scheduler; CPU far below the gap).
// Bundled into the suites by scripts/buildIntegrationTests.mjs; not a test.
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface Gap {
  /** When it began, ms since the epoch. */
  readonly at: number;
  readonly ms: number;
  /** CPU time of the main thread during the gap (user + system), or null without threadCpuUsage. */
  readonly cpuMs: number | null;
  /** Garbage collection pauses within the gap, ms. */
  readonly gcMs: number;
}

export interface Drift {
  worstMs: number;
  /** The CPU the main thread used in the worst gap (null: not measurable). */
  worstCpuMs: number | null;
  /** The largest CPU time used within one gap: the loop blocked by work, not by the machine. */
  worstBusyMs: number | null;
  samples: number;
  over50: number;
  /** Gaps over 20 ms, to set beside the ticks' times. */
  late: Gap[];
}

type ThreadCpu = () => { user: number; system: number };

function threadCpu(): ThreadCpu | null {
  const f = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage;
  return typeof f === 'function' ? () => f.call(process) : null;
}

export function driftProbe(periodMs = 10): { stop(): Drift } {
  const cpu = threadCpu();
  const cpuMs = () => {
    const u = cpu!();
    return (u.user + u.system) / 1000;
  };
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEntry[])
      gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastCpu = cpu ? cpuMs() : 0;
  const d: Drift = { worstMs: 0, worstCpuMs: null, worstBusyMs: cpu ? 0 : null, samples: 0, over50: 0, late: [] };
  const timer = setInterval(() => {
    const now = performance.now();
    const nowCpu = cpu ? cpuMs() : 0;
    const late = now - last - periodMs;
    const used = cpu ? Math.max(0, nowCpu - lastCpu) : null;
    d.samples++;
    if (late > d.worstMs) {
      d.worstMs = late;
      d.worstCpuMs = used === null ? null : Math.round(used);
    }
    if (late > 20 && used !== null && d.worstBusyMs !== null) d.worstBusyMs = Math.max(d.worstBusyMs, Math.round(used));
    if (late > 50) d.over50++;
    if (late > 20) {
      const from = last;
      const gcMs = gcs.filter((g) => g.end > from && g.start < now).reduce((n, g) => n + g.end - g.start, 0);
      d.late.push({
        at: Math.round(Date.now() - late),
        ms: Math.round(late),
        cpuMs: used === null ? null : Math.round(used),
        gcMs: Math.round(gcMs),
      });
    }
    last = now;
    lastCpu = nowCpu;
  }, periodMs);
  return {
    stop: () => {
      clearInterval(timer);
      observer.disconnect();
      return d;
    },
  };
}
