// `goroutine-inspector analyze <input>... [--history EARLIER]... [--source-root DIR]... [--json]
// [--fail-on-suspects] [--all]`: decode the inputs (files, `-` or endpoints, any goroutine format,
// merged as one moment), run the leak analysis with the earlier moments as history (oldest first),
// print the `analyze --json` document or a readable table. A heap profile of the same moment among
// the inputs adds the memory each suspect group holds. The runtime's own goroutines are left out
// unless `--all` (both outputs say how many were). Capture flags (captureOptions.ts) apply to
// endpoint inputs.
import { statSync } from 'node:fs';
import { analyzeSnapshot } from '../core/analysis/analyze';
import { formatWarning, analyzeJson } from '../core/analysis/analyzeJson';
import { heldMemory, type HeldMemoryReport } from '../core/analysis/heldMemory';
import { heldText, stacksEstimateText } from '../core/present/format';
import type { AnalysisResult } from '../core/analysis/verdict';
import { createFsSourceReader } from '../node/fsSourceReader';
import { formatAnalysis, parseAnalyzeFormat, type AnalyzeFormat } from './analyzeFormats';
import { CAPTURE_USAGE, defaultCaptureOptions, parseCaptureFlag, type CaptureOptions } from './captureOptions';
import { loadCliInputs } from './cliInputs';
import { loadHistory } from './historyInputs';
import { cell, EXIT_OK, EXIT_SUSPECTS, UsageError, writeJson, writeLines } from './cliIo';

const USAGE = `usage: goroutine-inspector analyze <input>... [--history EARLIER]... [--source-root DIR]... [--json | --format table|json|markdown|speedscope] [--fail-on-suspects] [--all] ${CAPTURE_USAGE}`;

interface AnalyzeArgs {
  inputs: string[];
  /** Earlier moments of the same process, oldest first. */
  history: string[];
  sourceRoots: string[];
  json: boolean;
  failOnSuspects: boolean;
  /** Keep the runtime's own goroutines in the groups. */
  all: boolean;
  capture: CaptureOptions;
  format: AnalyzeFormat;
}

export function parseAnalyzeArgs(args: string[]): AnalyzeArgs {
  const out: AnalyzeArgs = {
    inputs: [],
    history: [],
    sourceRoots: [],
    json: false,
    failOnSuspects: false,
    all: false,
    capture: defaultCaptureOptions(),
    format: 'table',
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const captureFlagEnd = parseCaptureFlag(args, i, out.capture);
    if (captureFlagEnd !== null) i = captureFlagEnd;
    else if (a === '--json') out.json = true;
    else if (a === '--fail-on-suspects') out.failOnSuspects = true;
    else if (a === '--all') out.all = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      out.format = parseAnalyzeFormat(a === '--format' ? args[++i] : a.slice('--format='.length));
      out.json ||= out.format === 'json';
    } else if (a === '--history' || a.startsWith('--history=')) {
      const h = a === '--history' ? args[++i] : a.slice('--history='.length);
      if (!h) throw new UsageError(`--history needs a file or URL of an earlier moment; ${USAGE}`);
      if (h === '-') throw new UsageError('--history takes files or URLs, not standard input');
      out.history.push(h);
    } else if (a === '--source-root' || a.startsWith('--source-root=')) {
      const dir = a === '--source-root' ? args[++i] : a.slice('--source-root='.length);
      if (!dir) throw new UsageError(`--source-root needs a directory; ${USAGE}`);
      out.sourceRoots.push(dir);
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`analyze: unknown option "${a}"; ${USAGE}`);
    else out.inputs.push(a);
  }
  if (out.inputs.length === 0) throw new UsageError(`analyze needs at least one input; ${USAGE}`);
  for (const dir of out.sourceRoots) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      /* reported below */
    }
    if (!isDir) throw new UsageError(`--source-root ${dir}: no such directory`);
  }
  if (out.inputs.filter((x) => x === '-').length > 1) throw new UsageError('standard input (-) can be given only once');
  return out;
}

export async function runAnalyzeCommand(args: string[]): Promise<number> {
  const a = parseAnalyzeArgs(args);
  const history = a.history.length > 0 ? await loadHistory(a.history, a.inputs, a.capture) : null;
  const { snapshot, heap, warnings } = await loadCliInputs(a.inputs, a.capture, { heap: true });
  const analyzed = await analyzeSnapshot(snapshot, {
    sourceReader: a.sourceRoots.length > 0 ? createFsSourceReader(a.sourceRoots) : null,
    showRuntime: a.all,
    ...(history ? { history: history.points, capturedAt: history.nowAt } : {}),
  });
  const inputWarnings = [...(history?.warnings ?? []), ...warnings];
  const result =
    inputWarnings.length === 0 ? analyzed : { ...analyzed, warnings: [...inputWarnings, ...analyzed.warnings] };
  const held = heap === null ? null : heldMemory(result, heap);
  const other = formatAnalysis(result, a.format);
  if (other !== null) process.stdout.write(other);
  else if (a.json) writeJson(analyzeJson(result, { held }));
  else writeLines(formatTable(result, held));
  return a.failOnSuspects && result.suspectCount > 0 ? EXIT_SUSPECTS : EXIT_OK;
}

export function formatTable(r: AnalysisResult, held: HeldMemoryReport | null = null): string[] {
  const s = r.snapshot;
  const lines: string[] = [];
  const suspects = r.groups.filter((x) => x.verdict.suspect);
  lines.push(
    `${s.goroutineCount} goroutines in ${r.groups.length} groups from ${cell(s.inputs.join(', '))} (${s.source}` +
      `${s.hasLeakProfile ? ', with the runtime leak profile' : ''}); ` +
      `${suspects.reduce((n, x) => n + x.group.count, 0)} suspect goroutines in ${suspects.length} group(s)` +
      hiddenText(r),
  );
  lines.push('');
  const rows = r.groups.map(({ group: g, verdict: v }) => [
    String(g.count),
    v.suspect ? (v.kind ?? 'suspect') : v.runtime ? 'runtime' : v.healthy ? 'healthy' : 'undecided',
    cell(g.state ?? '-'),
    g.waitMinutes === null
      ? '-'
      : g.waitMinutes[0] === g.waitMinutes[1]
        ? `${g.waitMinutes[0]}m`
        : `${g.waitMinutes[0]}-${g.waitMinutes[1]}m`,
    g.leakedCount > 0 ? String(g.leakedCount) : '-',
    cell(v.handler ?? '-'),
    cell(topFrame(g.stack.frames, v.blockingFrame)),
  ]);
  const head = ['COUNT', 'VERDICT', 'STATE', 'WAIT', 'LEAKED', 'HANDLER', 'WHERE'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const fmt = (row: string[]) =>
    row
      .map((c, i) =>
        i === row.length - 1 ? c : c.length > widths[i]! ? c.slice(0, widths[i]! - 1) + '…' : c.padEnd(widths[i]!),
      )
      .join('  ');
  lines.push(fmt(head));
  for (const row of rows) lines.push(fmt(row));
  const reasons = r.groups.filter((x) => x.verdict.suspect && x.verdict.reason !== null);
  if (reasons.length > 0) {
    lines.push('');
    for (const { group: g, verdict: v } of reasons) {
      const h = held?.byGroup.get(g.key);
      lines.push(
        `${g.count} × ${v.kind}: ${cell(v.reason ?? '')}${h ? ` It ${heldText(h)}, plus ${stacksEstimateText(h.stackEstimate)}.` : ''}`,
      );
    }
  }
  const warnings = [...s.warnings.map(formatWarning), ...r.warnings];
  if (warnings.length > 0) {
    lines.push('');
    for (const w of new Set(warnings)) lines.push(`warning: ${cell(w)}`);
  }
  return lines;
}

/** `; 4 runtime goroutines in 4 groups not shown (--all shows them)`, or nothing. */
function hiddenText(r: AnalysisResult): string {
  const groups = r.hiddenRuntimeGroups ?? 0;
  if (groups === 0) return '';
  const n = r.hiddenRuntimeGoroutines ?? 0;
  return `; ${n} runtime goroutine${n === 1 ? '' : 's'} in ${groups} group${groups === 1 ? '' : 's'} not shown (--all shows them)`;
}

function topFrame(frames: readonly { function: string; file: string; line: number }[], index: number | null): string {
  const f = index !== null ? frames[index] : (frames.find((x) => !x.function.startsWith('runtime.')) ?? frames[0]);
  if (f === undefined) return '(no frames)';
  const file = f.file.slice(f.file.lastIndexOf('/') + 1);
  return `${f.function} (${file}:${f.line})`;
}
