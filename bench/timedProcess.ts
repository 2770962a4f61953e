// One process timed as a whole under /usr/bin/time: wall clock, CPU (user + system) and peak RSS,
// for benchmarks that compare whole programs (ours against go tool pprof) on a shared machine.
import { spawnSync } from 'node:child_process';

export interface Run {
  /** Seconds from spawn to exit. */
  readonly wall: number;
  /** User + system seconds. */
  readonly cpu: number;
  /** Peak resident set size in KiB. */
  readonly rssKb: number;
  readonly out: string;
}

export function timed(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Run {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env,
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: last[0]! + last[1]!, rssKb: last[2]!, out: r.stdout };
}

export interface Summary {
  readonly label: string;
  readonly minWall: number;
  readonly medWall: number;
  readonly medCpu: number;
  /** Largest peak RSS over the runs, MB (10^6 bytes). */
  readonly rssMb: number;
}

export function summarize(label: string, runs: readonly Run[]): Summary {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    label,
    minWall: Math.min(...runs.map((r) => r.wall)),
    medWall: median(runs.map((r) => r.wall)),
    medCpu: median(runs.map((r) => r.cpu)),
    rssMb: (Math.max(...runs.map((r) => r.rssKb)) * 1024) / 1e6,
  };
}

export function summaryLine(s: Summary): string {
  return `${s.label.padEnd(34)} median ${s.medWall.toFixed(3)} s wall (min ${s.minWall.toFixed(3)}), ${s.medCpu.toFixed(2)} s CPU, peak RSS ${s.rssMb.toFixed(0)} MB`;
}
