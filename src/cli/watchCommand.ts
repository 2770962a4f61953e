// `goroutine-inspector watch URL [--every 30s] [--for 10m] [--full-every 4] [--json]
// [--fail-on-growth] [--source-root DIR]... [capture flags]`: the extension's watch in a terminal
// or a CI job. Each tick captures what the tick plan says (proto and heap every tick, the debug=2
// dump every Kth), analyses it with the history of its segment and prints one line; a service that
// does not answer is a gap line, and the watch backs off. At the end (--for, or Ctrl-C) the
// verdicts of the last full tick, with the whole history. Exit 1 with --fail-on-growth when a
// suspect group grew.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeSnapshot } from '../core/analysis/analyze';
import { analyzeJson } from '../core/analysis/analyzeJson';
import { pointFromResult } from '../core/analysis/history/historyPoint';
import type { AnalysisResult } from '../core/analysis/verdict';
import { CaptureError } from '../core/capture/captureError';
import { normalizeEndpoint } from '../core/capture/endpointUrl';
import { captureProfiles } from '../core/capture/fetchProfiles';
import { InputError } from '../core/inputError';
import { classifyInputs } from '../core/input/classifyInputs';
import { bytesText, numberText } from '../core/present/format';
import { growingSuspects } from '../core/present/timelineView';
import { heapInUse } from '../core/watch/heapInUse';
import { tickProfiles } from '../core/watch/tickSchedule';
import { tickSuspects } from '../core/watch/tickSuspects';
import { abortableSleep } from '../core/watch/abortableSleep';
import { runWatchLoop, type TickCapture } from '../core/watch/watchLoop';
import { newSeries, type SeriesTick, type WatchSeries } from '../core/watch/watchSeries';
import { fileSinks } from '../node/captureFiles';
import { createFsSourceReader } from '../node/fsSourceReader';
import { readInput } from '../node/readInput';
import { zlibInflater } from '../node/zlibInflater';
import { formatTable } from './analyzeCommand';
import {
  CAPTURE_USAGE,
  captureHeaders,
  CLI_CAPTURE_ADVICE,
  defaultCaptureOptions,
  parseCaptureFlag,
  type CaptureOptions,
} from './captureOptions';
import { EXIT_OK, EXIT_SUSPECTS, UsageError, writeJson, writeLines } from './cliIo';
import { safeJson } from '../core/text/terminalText';

const USAGE = `usage: goroutine-inspector watch <url> [--every 30s] [--for 10m] [--full-every 4] [--json] [--fail-on-growth] [--source-root DIR]... ${CAPTURE_USAGE}`;

export interface WatchArgs {
  url: string;
  everySeconds: number;
  forSeconds: number | null;
  fullEvery: number;
  json: boolean;
  failOnGrowth: boolean;
  sourceRoots: string[];
  capture: CaptureOptions;
}

/** `30s`, `10m`, `1h`, `90` (seconds). */
export function parseDuration(flag: string, value: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value ?? '');
  if (!m) throw new UsageError(`${flag} takes a duration like 30s, 10m or 1h, not "${value ?? ''}"`);
  const n = Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  if (!(n > 0)) throw new UsageError(`${flag} must be above 0, not "${value}"`);
  return n;
}

export function parseWatchArgs(args: string[]): WatchArgs {
  let url: string | null = null;
  const out: Omit<WatchArgs, 'url'> = {
    everySeconds: 30,
    forSeconds: null,
    fullEvery: 4,
    json: false,
    failOnGrowth: false,
    sourceRoots: [],
    capture: defaultCaptureOptions(),
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? args[++i];
    const captureEnd = parseCaptureFlag(args, i, out.capture);
    if (captureEnd !== null) i = captureEnd;
    else if (flag === '--every') out.everySeconds = parseDuration('--every', value());
    else if (flag === '--for') out.forSeconds = parseDuration('--for', value());
    else if (flag === '--full-every') {
      const v = value();
      const k = Number(v);
      if (!Number.isInteger(k) || k < 1)
        throw new UsageError(`--full-every takes a whole number of ticks ≥ 1, not "${v ?? ''}"`);
      out.fullEvery = k;
    } else if (flag === '--json') out.json = true;
    else if (flag === '--fail-on-growth') out.failOnGrowth = true;
    else if (flag === '--source-root') {
      const dir = value();
      if (!dir) throw new UsageError(`--source-root needs a directory; ${USAGE}`);
      out.sourceRoots.push(dir);
    } else if (a.startsWith('-')) throw new UsageError(`watch: unknown option "${a}"; ${USAGE}`);
    else if (url === null) url = a;
    else throw new UsageError(`watch takes one endpoint URL; ${USAGE}`);
  }
  if (url === null) throw new UsageError(`watch needs an endpoint URL; ${USAGE}`);
  if (!/^https?:\/\//i.test(url))
    throw new UsageError(`watch needs an http:// or https:// pprof endpoint, not "${url}"`);
  return { url, ...out };
}

interface CliTick extends TickCapture {
  readonly dir: string;
  readonly files: readonly { name: string; url: string }[];
}

export async function runWatchCommand(args: string[]): Promise<number> {
  const a = parseWatchArgs(args);
  let base: string;
  try {
    base = normalizeEndpoint(a.url);
  } catch (e) {
    throw new InputError((e as Error).message, { stage: 'fetching' });
  }
  const headers = captureHeaders(a.capture);
  const reader = a.sourceRoots.length > 0 ? createFsSourceReader(a.sourceRoots) : null;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = Date.now();
  let lastFull: AnalysisResult | null = null;
  const out = (line: string, json: Record<string, unknown>) =>
    a.json ? process.stdout.write(safeJson(json) + '\n') : writeLines([line]);
  try {
    const series = await runWatchLoop<CliTick>(newSeries(`cli-${started}`, base, started), {
      intervalSeconds: a.everySeconds,
      fullEvery: a.fullEvery,
      caps: { maxTicks: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER },
      signal: stop.signal,
      until: a.forSeconds === null ? null : started + a.forSeconds * 1000,
      now: () => Date.now(),
      sleep: abortableSleep,
      capture: async (kind, leakProfileMissing, signal) => {
        const dir = await mkdtemp(path.join(tmpdir(), 'goroutine-inspector-watch-'));
        try {
          const outcome = await captureProfiles({
            base,
            headers,
            timeoutSeconds: a.capture.timeoutSeconds,
            totalTimeoutSeconds: a.capture.totalTimeoutSeconds,
            maxBytes: a.capture.maxBytes,
            includeHeap: true,
            profiles: tickProfiles(kind, { leakProfileMissing, includeHeap: true }),
            signal,
            openSink: fileSinks(dir),
            advice: CLI_CAPTURE_ADVICE,
          });
          return {
            dir,
            files: outcome.files,
            snapshotId: null,
            bytes: outcome.files.reduce((n, f) => n + f.size, 0),
            leakProfileMissing: outcome.skipped.some((s) => s.startsWith('goroutineleak')),
          };
        } catch (e) {
          await rm(dir, { recursive: true, force: true });
          throw e;
        }
      },
      analyze: async (c, kind, history, at) => {
        try {
          // The one way in: goroutine inputs merged as one moment, the heap profile beside them.
          const inputs = await classifyInputs(
            c.files.map((f) => ({ ...readInput(path.join(c.dir, f.name)), name: f.url })),
            { inflater: zlibInflater },
          );
          if (inputs.kind !== 'goroutines')
            throw new InputError('the capture holds a heap profile but no goroutine profile', { stage: 'reading' });
          const heap = inputs.heap?.profile ?? null;
          const result = await analyzeSnapshot(inputs.snapshot, {
            sourceReader: kind === 'full' ? reader : null,
            history,
            capturedAt: at,
          });
          if (kind === 'full') lastFull = result;
          return {
            point: pointFromResult(result, at),
            heapInUse: heap ? heapInUse(heap) : null,
            suspects: tickSuspects(result),
          };
        } finally {
          await rm(c.dir, { recursive: true, force: true });
        }
      },
      onTick: async (s, tick) => {
        out(tickLine(s, tick, started), tickJson(s, tick));
      },
      describeFailure: (e, signal) => {
        if (signal.aborted) return null;
        if (e instanceof CaptureError) return e.message;
        if (e instanceof InputError) return `cannot decode the capture: ${e.message}`;
        throw e;
      },
    });
    return finish(a, series, lastFull);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function finish(a: WatchArgs, series: WatchSeries, last: AnalysisResult | null): number {
  const growing = growingSuspects(series);
  const grew = growing > 0 || (last?.groups.some((g) => g.verdict.kind === 'growth') ?? false);
  if (a.json)
    writeJson({ type: 'verdicts', growing, ...(last ? analyzeJson(last) : { goroutines: null, groups: [] }) });
  else {
    writeLines(['', `watched ${series.endpoint}: ${series.ticks.length} tick(s), ${growing} suspect group(s) growing`]);
    if (last) writeLines(formatTable(last));
    else writeLines(['no full capture arrived: no verdicts']);
  }
  return a.failOnGrowth && grew ? EXIT_SUSPECTS : EXIT_OK;
}

function clock(at: number, started: number): string {
  const s = Math.round((at - started) / 1000);
  return `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function tickLine(series: WatchSeries, tick: SeriesTick, started: number): string {
  const when = clock(tick.at, started);
  if (tick.point === null) return `${when}  gap     ${tick.reason ?? 'no answer'}`;
  const heap = tick.heapInUse === null ? '' : `  heap ${bytesText(tick.heapInUse)}`;
  const restart = tick.reason !== null ? `  new segment: ${tick.reason}` : '';
  return `${when}  ${tick.kind.padEnd(6)}  ${numberText(tick.point.goroutineCount)} goroutines${heap}  ${series.suspects.length} suspect group(s), ${growingSuspects(series)} growing${restart}`;
}

function tickJson(series: WatchSeries, tick: SeriesTick): Record<string, unknown> {
  return {
    type: 'tick',
    at: new Date(tick.at).toISOString(),
    kind: tick.kind,
    goroutines: tick.point?.goroutineCount ?? null,
    heapInUse: tick.heapInUse,
    segment: tick.segment,
    reason: tick.reason,
    suspectGroups: series.suspects.length,
    growing: growingSuspects(series),
  };
}
