// `goroutine-inspector diff <before>... -- <after>... [--source-root DIR]... [--json]`: two
// moments of one process, each given as one or more inputs of that moment; prints which groups
// grew, shrank, appeared or disappeared, with the leak verdict of the later moment (growth
// counts as evidence there).
import { statSync } from 'node:fs';
import { diffSnapshots, type SnapshotDiff } from '../core/analysis/diff';
import { analyzeSnapshot } from '../core/analysis/analyze';
import type { AnalysisResult, GroupVerdict } from '../core/analysis/verdict';
import type { GoroutineGroup } from '../core/model/goroutine';
import { createFsSourceReader } from '../node/fsSourceReader';
import { CAPTURE_USAGE, defaultCaptureOptions, parseCaptureFlag, type CaptureOptions } from './captureOptions';
import { loadCliInputs } from './cliInputs';
import { cell, EXIT_OK, UsageError, writeJson, writeLines, writeWarnings } from './cliIo';

const USAGE = `usage: goroutine-inspector diff <before>... -- <after>... [--source-root DIR]... [--json] ${CAPTURE_USAGE}`;

interface DiffArgs {
  before: string[];
  after: string[];
  sourceRoots: string[];
  json: boolean;
  capture: CaptureOptions;
}

export function parseDiffArgs(args: string[]): DiffArgs {
  const out: DiffArgs = { before: [], after: [], sourceRoots: [], json: false, capture: defaultCaptureOptions() };
  let side: 'before' | 'after' = 'before';
  let sawSeparator = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const captureFlagEnd = parseCaptureFlag(args, i, out.capture);
    if (captureFlagEnd !== null) i = captureFlagEnd;
    else if (a === '--') {
      if (sawSeparator) throw new UsageError(`diff takes one "--" between the two moments; ${USAGE}`);
      sawSeparator = true;
      side = 'after';
    } else if (a === '--json') out.json = true;
    else if (a === '--source-root' || a.startsWith('--source-root=')) {
      const dir = a === '--source-root' ? args[++i] : a.slice('--source-root='.length);
      if (!dir) throw new UsageError(`--source-root needs a directory; ${USAGE}`);
      let isDir = false;
      try {
        isDir = statSync(dir).isDirectory();
      } catch {
        /* reported below */
      }
      if (!isDir) throw new UsageError(`--source-root ${dir}: no such directory`);
      out.sourceRoots.push(dir);
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`diff: unknown option "${a}"; ${USAGE}`);
    else out[side].push(a);
  }
  if (!sawSeparator) throw new UsageError(`diff needs "--" between the inputs of the two moments; ${USAGE}`);
  if (out.before.length === 0 || out.after.length === 0)
    throw new UsageError(`diff needs at least one input on each side of "--"; ${USAGE}`);
  if ([...out.before, ...out.after].filter((x) => x === '-').length > 1)
    throw new UsageError('standard input (-) can be given only once');
  return out;
}

export async function runDiffCommand(args: string[]): Promise<number> {
  const a = parseDiffArgs(args);
  const { snapshot: before, warnings: beforeWarnings } = await loadCliInputs(a.before, a.capture);
  const { snapshot: after, warnings: afterWarnings } = await loadCliInputs(a.after, a.capture);
  // The diff has no warnings section of its own: what a capture missed goes to stderr.
  writeWarnings([...beforeWarnings, ...afterWarnings]);
  const diff = diffSnapshots(before, after);
  const analysis = await analyzeSnapshot(after, {
    sourceReader: a.sourceRoots.length > 0 ? createFsSourceReader(a.sourceRoots) : null,
    history: [before],
    showRuntime: true,
  });
  if (a.json) writeJson(diffJson(diff, analysis));
  else writeLines(diffTable(diff, analysis));
  return EXIT_OK;
}

function verdictsByGroup(analysis: AnalysisResult): Map<GoroutineGroup, GroupVerdict> {
  const m = new Map<GoroutineGroup, GroupVerdict>();
  for (const g of analysis.groups) m.set(g.group, g.verdict);
  return m;
}

function suspectOf(
  d: SnapshotDiff['groups'][number],
  verdicts: Map<GoroutineGroup, GroupVerdict>,
): GroupVerdict | null {
  for (const g of d.afterGroups) {
    const v = verdicts.get(g);
    if (v?.suspect) return v;
  }
  return null;
}

export function diffJson(diff: SnapshotDiff, analysis: AnalysisResult) {
  const verdicts = verdictsByGroup(analysis);
  return {
    before: diff.beforeTotal,
    after: diff.afterTotal,
    groups: diff.groups.map((d) => {
      const v = suspectOf(d, verdicts);
      return {
        site: d.site,
        labels: { ...d.labels },
        states: [...d.states],
        before: d.before,
        after: d.after,
        delta: d.delta,
        change: d.change,
        suspect: v !== null,
        kind: v?.kind ?? null,
        reason: v?.reason ?? null,
      };
    }),
  };
}

function diffTable(diff: SnapshotDiff, analysis: AnalysisResult): string[] {
  const verdicts = verdictsByGroup(analysis);
  const lines = [
    `goroutines: ${diff.beforeTotal} → ${diff.afterTotal} (${signed(diff.afterTotal - diff.beforeTotal)})`,
    '',
  ];
  const rows = diff.groups
    .filter((d) => d.change !== 'same')
    .map((d) => {
      const v = suspectOf(d, verdicts);
      return [String(d.before), String(d.after), signed(d.delta), d.change, v?.kind ?? '-', cell(d.site)];
    });
  const head = ['BEFORE', 'AFTER', 'DELTA', 'CHANGE', 'SUSPECT', 'WHERE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows])
    lines.push(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
  const unchanged = diff.groups.length - rows.length;
  if (unchanged > 0) lines.push('', `${unchanged} group(s) unchanged`);
  return lines;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
