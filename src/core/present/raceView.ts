// A race detector report as the views show it: one row per report in the tree (its accesses as
// children), and on a race access's page both accesses side by side, each with its stack and the
// stack that created its goroutine, every frame clickable (frames are named by the access's group
// key and index, as every frame of the views is).
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { isStdlibFunction } from '../go/functionNames';
import { createdByChain, type CreatedByView } from './createdByChain';
import type { FrameView } from './groupView';
import { WARNING_COLOR } from './icons';
import type { TreeRowView } from './treeRows';

export interface RaceAccessView {
  readonly groupKey: string;
  /** `write by goroutine 8`, `previous read by main goroutine`. */
  readonly label: string;
  /** The access of the page this view is on. */
  readonly current: boolean;
  readonly previous: boolean;
  /** `running`, `finished`: the goroutine when the report was printed; null when not said (the main goroutine). */
  readonly goroutineStatus: 'running' | 'finished' | null;
  readonly frames: readonly FrameView[];
  readonly createdBy: readonly CreatedByView[];
}

export interface RaceView {
  /** The report's number in its input (0-based) and the line of its `WARNING: DATA RACE`. */
  readonly report: number;
  readonly line: number;
  readonly address: string;
  /** The test the race happened in (a go test -race binary), or null. */
  readonly test: string | null;
  /** The access that triggered the report first, then the previous one(s). */
  readonly accesses: readonly RaceAccessView[];
}

export interface RaceReportRow {
  readonly report: number;
  readonly row: TreeRowView;
  readonly groups: readonly AnalyzedGroup[];
}

function accessLabel(g: AnalyzedGroup): string {
  return (g.group.state ?? '').replace(/^race: /, '');
}

function accessesOf(groups: readonly AnalyzedGroup[], report: number): AnalyzedGroup[] {
  return groups
    .filter((g) => g.group.race?.report === report)
    .sort((a, b) => Number(a.group.race!.previous) - Number(b.group.race!.previous));
}

/** The tree's rows of the race reports among `groups`, in report order; clicking one shows its first access. */
export function raceReportRows(groups: readonly AnalyzedGroup[], result?: AnalysisResult): RaceReportRow[] {
  const reports = [...new Set(groups.filter((g) => g.group.race).map((g) => g.group.race!.report))].sort(
    (a, b) => a - b,
  );
  return reports.map((report) => {
    const members = accessesOf(groups, report);
    const first = members[0]!;
    const race = first.group.race!;
    const test = result?.tests?.byGroup.get(first.group.key)?.test ?? null;
    return {
      report,
      groups: members,
      row: {
        label: `race on ${race.address}`,
        description: members.map(accessLabel).join(' ↔ ') + (test ? ` · ${test}` : ''),
        tooltip: `WARNING: DATA RACE (line ${race.line})\n${members.map(accessLabel).join('\n')}`,
        icon: { id: 'bug', color: WARNING_COLOR },
        contextValue: 'race',
        action: { command: 'showGroup', groupKey: first.group.key },
      },
    };
  });
}

/** The report `g` belongs to, both accesses side by side; null for a group that is no race access. */
export function buildRaceView(result: AnalysisResult, g: AnalyzedGroup): RaceView | null {
  const race = g.group.race;
  if (!race) return null;
  const accesses = accessesOf(result.groups, race.report);
  return {
    report: race.report,
    line: race.line,
    address: race.address,
    test: result.tests?.byGroup.get(g.group.key)?.test ?? null,
    accesses: accesses.map((a) => ({
      groupKey: a.group.key,
      label: accessLabel(a),
      current: a === g,
      previous: a.group.race!.previous,
      goroutineStatus: a.group.race!.goroutineStatus,
      frames: a.group.stack.frames.map((f, index) => ({
        index,
        function: f.function,
        file: f.file,
        line: f.line,
        stdlib: isStdlibFunction(f.function),
        blocking: index === a.verdict.blockingFrame,
        inlined: f.inlined,
      })),
      createdBy: createdByChain(result, a),
    })),
  };
}
