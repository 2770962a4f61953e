// The suspect groups of a tick's analysis as the series keeps them: by count key (so every tick's
// point, proto-only ones too, gives their count), with a short name for the chart's legend.
import type { AnalysisResult } from '../analysis/verdict';
import { countKey } from '../analysis/history/historyPoint';
import { shortFunctionName } from '../go/functionNames';
import { baseName } from '../go/filePaths';
import type { SeriesSuspect } from './watchSeries';

export function tickSuspects(result: AnalysisResult): SeriesSuspect[] {
  const out = new Map<string, SeriesSuspect>();
  for (const { group, verdict } of result.groups) {
    if (!verdict.suspect) continue;
    const key = countKey(group);
    if (out.has(key)) continue;
    const f = group.stack.frames[verdict.blockingFrame ?? 0];
    const where = f ? `${baseName(f.file)}:${f.line}` : '(no frames)';
    const who = verdict.handler !== null ? shortFunctionName(verdict.handler) : f ? shortFunctionName(f.function) : '';
    out.set(key, { key, label: who ? `${who} (${where})` : where, kind: verdict.kind });
  }
  return [...out.values()];
}
