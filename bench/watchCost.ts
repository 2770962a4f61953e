// What a watch costs the watched service. Runs the demo service (demo/service) with 10k parked
// goroutines (-park 10000, -load=false), drives its /api/ping with a steady closed-loop load
// (keep-alive clients, each sending its next request as soon as the last answered), and reports
// the service's request latency, p50 and p99, without a watch and with one at the default
// settings (a tick every 30 s; proto + heap every tick, the debug=2 dump every 4th tick and
// first), over whole cycles of the tick plan; then the pause of one debug=2 capture: how long the
// dump took to come (runtime.Stack stops the world for all of it) and the slowest ping that was in
// flight meanwhile, against the same for the proto profile. The watch here fetches exactly what
// a tick fetches (core/watch/tickSchedule.ts through captureProfiles) and drops the bytes: the
// analysis runs in the extension's worker, not in the service, and on this 2-core machine would
// only compete with the service for CPU. The watch and the single captures run in a child process
// of their own, so that receiving a dump never delays the load client's own event loop (its
// times are taken on one clock, performance.timeOrigin + now). Prints figures; asserts nothing.
//
// Run: npx tsx bench/watchCost.ts [--seconds 120] [--interval 30] [--clients 4] [--park 10000] [--go /usr/bin/go]
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { captureProfiles } from '../src/core/capture/fetchProfiles';
import { memorySinks } from '../src/core/capture/captureSink';
import { tickKind, tickProfiles } from '../src/core/watch/tickSchedule';
import { startGoService } from '../test/e2e/harness/goService';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '120' },
    interval: { type: 'string', default: '30' },
    every: { type: 'string', default: '4' },
    clients: { type: 'string', default: '4' },
    park: { type: 'string', default: '10000' },
    go: { type: 'string' },
    pauses: { type: 'string', default: '5' },
    /** Child mode: run the ticks (or one capture with --query) against this base, print JSON. */
    child: { type: 'string' },
    query: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const interval = Number(values.interval);
const fullEvery = Number(values.every);
const clients = Number(values.clients);
const park = Number(values.park);

const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 2 });

/** One clock for both processes: ms since the epoch with sub-ms precision. */
const now = () => performance.timeOrigin + performance.now();

function ping(base: string): Promise<{ start: number; end: number }> {
  return new Promise((resolve, reject) => {
    const start = now();
    http
      .get(`${base}/api/ping`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ start, end: now() }));
      })
      .on('error', reject);
  });
}

interface Sample {
  start: number;
  end: number;
}

/** Closed-loop load for `ms`: every client sends its next ping when the last one answered. */
async function load(base: string, ms: number, during?: () => Promise<void>): Promise<Sample[]> {
  const samples: Sample[] = [];
  const until = now() + ms;
  const client = async () => {
    while (now() < until) samples.push(await ping(base));
  };
  await Promise.all([...Array.from({ length: clients }, client), during?.()]);
  return samples;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function stats(samples: Sample[]): { n: number; p50: number; p99: number; max: number } {
  const ms = samples.map((s) => s.end - s.start).sort((a, b) => a - b);
  return { n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms[ms.length - 1]! };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** One tick of a watch at the default plan; returns how long it took and its kind. */
async function tick(base: string, index: number): Promise<{ kind: string; ms: number; bytes: number }> {
  const kind = tickKind({ index, fullEvery, afterFailure: false });
  const sinks = memorySinks();
  const t0 = performance.now();
  const out = await captureProfiles({
    base: `${base}/debug/pprof`,
    headers: {},
    timeoutSeconds: 30,
    maxBytes: 1 << 30,
    includeHeap: true,
    profiles: tickProfiles(kind, { leakProfileMissing: false, includeHeap: true }),
    signal: new AbortController().signal,
    openSink: sinks.open,
  });
  return { kind, ms: performance.now() - t0, bytes: out.files.reduce((n, f) => n + f.size, 0) };
}

const execFileP = promisify(execFile);

/** Runs this file in child mode and parses the JSON it prints. */
async function child<T>(args: string[]): Promise<T> {
  const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', __filename, ...args], {
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout) as T;
}

/** Child mode: the ticks of a watch for `seconds`, or one capture of `query`. */
async function runChild(base: string): Promise<void> {
  if (values.query !== undefined) {
    await ping(base); // a warm connection and module: the time below is the service's
    const got = await new Promise<{ t0: number; first: number; t1: number; bytes: number }>((resolve, reject) => {
      const t0 = now();
      let first = 0;
      let bytes = 0;
      http
        .get(`${base}/debug/pprof/goroutine${values.query}`, { agent }, (res) => {
          res.on('data', (c: Buffer) => {
            if (first === 0) first = now();
            bytes += c.length;
          });
          res.on('end', () => resolve({ t0, first, t1: now(), bytes }));
        })
        .on('error', reject);
    });
    process.stdout.write(JSON.stringify(got));
    agent.destroy();
    return;
  }
  const ticks: { kind: string; ms: number; bytes: number }[] = [];
  const until = now() + seconds * 1000;
  for (let i = 0; now() < until; i++) {
    const at = now();
    ticks.push(await tick(base, i));
    const next = at + interval * 1000;
    if (next >= until) break;
    await new Promise((r) => setTimeout(r, Math.max(0, next - now())));
  }
  process.stdout.write(JSON.stringify(ticks));
}

/** One request of a profile alone (in the child), timed, with the pings in flight meanwhile. */
async function pause(
  base: string,
  query: string,
): Promise<{ request: number; firstByte: number; slowestPing: number; bytes: number }> {
  let got = { t0: 0, first: 0, t1: 0, bytes: 0 };
  const samples = await load(base, 2500, async () => {
    got = await child<typeof got>(['--child', base, '--query', query]);
  });
  const overlapping = samples.filter((s) => s.end > got.t0 && s.start < got.t1);
  return {
    request: got.t1 - got.t0,
    firstByte: got.first - got.t0,
    slowestPing: Math.max(...overlapping.map((s) => s.end - s.start)),
    bytes: got.bytes,
  };
}

async function main(): Promise<void> {
  if (values.child !== undefined) {
    await runChild(values.child);
    agent.destroy();
    return;
  }
  const service = await startGoService('demo/service', ['-load=false', '-park', String(park)], {
    ...(values.go ? { go: values.go } : {}),
  });
  try {
    const base = service.url;
    const ver = await fetch(`${base}/debug/pprof/goroutine?debug=1`).then((r) => r.text());
    const total = /goroutine profile: total (\d+)/.exec(ver)?.[1];
    console.log(
      `demo service (${values.go ?? process.env.GI_GO ?? '/usr/bin/go'}), ${total} goroutines (${park} parked); ${clients} keep-alive clients on /api/ping`,
    );
    await load(base, 3000); // warm up
    const without = stats(await load(base, seconds * 1000));
    let ticks: { kind: string; ms: number; bytes: number }[] = [];
    const withWatch = stats(
      await load(base, seconds * 1000, async () => {
        ticks = await child<typeof ticks>([
          '--child',
          base,
          '--seconds',
          String(seconds),
          '--interval',
          String(interval),
          '--every',
          String(fullEvery),
        ]);
      }),
    );
    console.log(`\nrequest latency over ${seconds} s each (closed loop, whole process of the client included):`);
    console.log(
      `  without a watch:  p50 ${fmt(without.p50)}  p99 ${fmt(without.p99)}  max ${fmt(without.max)}  (${without.n} requests)`,
    );
    console.log(
      `  with a watch:     p50 ${fmt(withWatch.p50)}  p99 ${fmt(withWatch.p99)}  max ${fmt(withWatch.max)}  (${withWatch.n} requests)`,
    );
    console.log(
      `  ratio with/without: p50 ${(withWatch.p50 / without.p50).toFixed(2)}×  p99 ${(withWatch.p99 / without.p99).toFixed(2)}×`,
    );
    console.log(
      `  ticks (every ${interval} s, debug=2 every ${fullEvery}th): ${ticks.map((t) => `${t.kind} ${t.ms.toFixed(0)} ms ${(t.bytes / 1048576).toFixed(1)} MiB`).join('; ')}`,
    );
    const runs = Number(values.pauses);
    const dump: Awaited<ReturnType<typeof pause>>[] = [];
    const proto: Awaited<ReturnType<typeof pause>>[] = [];
    for (let i = 0; i < runs; i++) {
      dump.push(await pause(base, '?debug=2'));
      proto.push(await pause(base, ''));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `\none capture of ${total} goroutines, median of ${runs} (the pings in flight meanwhile are the service's pause):`,
    );
    console.log(
      `  goroutine?debug=2: first byte after ${fmt(med(dump.map((d) => d.firstByte)))} (runtime.Stack, the world stopped), whole ${fmt(med(dump.map((d) => d.request)))} for ${(dump[0]!.bytes / 1048576).toFixed(1)} MiB; slowest ping in flight ${fmt(med(dump.map((d) => d.slowestPing)))}`,
    );
    console.log(
      `  goroutine (proto): first byte after ${fmt(med(proto.map((d) => d.firstByte)))}, whole ${fmt(med(proto.map((d) => d.request)))} for ${(proto[0]!.bytes / 1024).toFixed(0)} KiB; slowest ping in flight ${fmt(med(proto.map((d) => d.slowestPing)))}`,
    );
  } finally {
    agent.destroy();
    await service.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
