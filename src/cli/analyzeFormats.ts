// `analyze --format markdown|speedscope`: the report to paste in an issue or a pull request, or the
// stacks for speedscope and the Firefox Profiler (`--json` and the table stay in analyzeCommand).
import type { AnalysisResult } from '../core/analysis/verdict';
import { markdownReport } from '../core/report/markdownReport';
import { speedscopeProfile } from '../core/report/speedscopeProfile';
import { UsageError } from './cliIo';

export const ANALYZE_FORMATS = ['table', 'json', 'markdown', 'speedscope'] as const;
export type AnalyzeFormat = (typeof ANALYZE_FORMATS)[number];

export function parseAnalyzeFormat(value: string | undefined): AnalyzeFormat {
  const f = ANALYZE_FORMATS.find((x) => x === value);
  if (!f) throw new UsageError(`--format needs one of ${ANALYZE_FORMATS.join(', ')}`);
  return f;
}

/** The document of a format this file owns, or null for the formats analyzeCommand prints itself. */
export function formatAnalysis(result: AnalysisResult, format: AnalyzeFormat): string | null {
  const name = result.snapshot.inputs.join(', ');
  if (format === 'markdown') return markdownReport(result, { title: name });
  if (format === 'speedscope')
    return JSON.stringify(speedscopeProfile(result.snapshot, name, 'goroutine-inspector')) + '\n';
  return null;
}
