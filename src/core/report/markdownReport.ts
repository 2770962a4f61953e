// A snapshot's analysis as Markdown to paste into an issue or a pull request: suspects first, each
// with its count, kind, reason, fix, blocking frame as file:line, labels and a collapsed stack;
// then the other groups in a table, and the warnings. Every string from the profile is escaped.
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { formatLabels } from '../go/labels';
import { countText, numberText, waitRangeText } from '../present/format';
import { groupState, groupTitle } from '../present/titles';
import { codeBlock, codeSpan, mdText } from './markdownText';

export interface MarkdownReportOptions {
  /** Heading: what was captured (endpoint, file). */
  readonly title?: string;
  /** Report only these groups (a group's context menu); all by default. */
  readonly groupKeys?: readonly string[];
  /** Rows of the table of other groups; the rest are counted. */
  readonly maxOtherGroups?: number;
}

export function markdownReport(result: AnalysisResult, options: MarkdownReportOptions = {}): string {
  const only = options.groupKeys ? new Set(options.groupKeys) : null;
  const groups = result.groups.filter((g) => !only || only.has(g.group.key));
  const suspects = groups.filter((g) => g.verdict.suspect);
  const others = groups.filter((g) => !g.verdict.suspect);
  const s = result.snapshot;
  const lines: string[] = [];
  lines.push(`## Goroutine Inspector: ${mdText(options.title ?? s.inputs.join(', '))}`, '');
  const suspectCount = suspects.reduce((n, g) => n + g.group.count, 0);
  lines.push(
    only
      ? `${countText(groups.length, 'group')} of a snapshot of ${numberText(s.goroutineCount)} goroutines (${s.source}).`
      : `${numberText(s.goroutineCount)} goroutines in ${countText(result.groups.length, 'group')} (${s.source}${s.hasLeakProfile ? ', with the runtime leak profile' : ''}); ` +
          `**${countText(suspectCount, 'suspect goroutine')}** in ${countText(suspects.length, 'group')}.`,
    '',
  );
  if (suspects.length > 0) {
    lines.push('### Suspects', '');
    suspects.forEach((g, i) => lines.push(...suspectSection(g, i + 1), ''));
  }
  if (others.length > 0) {
    const max = options.maxOtherGroups ?? 30;
    lines.push(`### Other groups`, '', '| Count | State | Where | Verdict |', '|---:|---|---|---|');
    for (const g of others.slice(0, max))
      lines.push(
        `| ${numberText(g.group.count)} | ${mdText(groupState(g))} | ${codeSpan(groupTitle(g))} | ${g.verdict.runtime ? 'runtime' : 'not a suspect'} |`,
      );
    if (others.length > max) lines.push('', `… and ${countText(others.length - max, 'more group')}.`);
    lines.push('');
  }
  const warnings = [...new Set([...s.warnings.map((w) => `${w.input}: ${w.message}`), ...result.warnings])];
  if (warnings.length > 0 && !only) {
    lines.push('### Warnings', '', ...warnings.map((w) => `- ${mdText(w)}`), '');
  }
  return lines.join('\n');
}

function suspectSection(g: AnalyzedGroup, n: number): string[] {
  const v = g.verdict;
  const frames = g.group.stack.frames;
  const blocking = v.blockingFrame !== null ? frames[v.blockingFrame] : undefined;
  const wait = waitRangeText(g.group.waitMinutes);
  const out = [
    `#### ${n}. ${numberText(g.group.count)} × ${codeSpan(v.kind ?? 'suspect')}${v.confidence ? ` (${v.confidence})` : ''}: ${codeSpan(groupTitle(g))}`,
    '',
  ];
  if (v.reason) out.push(`- **Reason:** ${mdText(v.reason)}`);
  if (v.fix) out.push(`- **Fix:** ${mdText(v.fix)}`);
  if (blocking)
    out.push(
      `- **Blocking frame:** ${codeSpan(`${blocking.file}:${blocking.line}`)} in ${codeSpan(blocking.function)}`,
    );
  if (v.handler) out.push(`- **Handler:** ${codeSpan(v.handler)}`);
  out.push(`- **Wait:** ${mdText(groupState(g))}${wait ? `, ${mdText(wait)}` : ''}`);
  if (Object.keys(g.group.labels).length > 0) out.push(`- **Labels:** ${codeSpan(formatLabels(g.group.labels))}`);
  const stack = frames.map((f) => `${f.function}(${f.inlined ? '...' : ''})\n\t${f.file}:${f.line}`);
  if (g.group.stack.elidedFrames > 0) stack.push(`...${g.group.stack.elidedFrames} frames elided...`);
  if (g.group.createdBy)
    stack.push(`created by ${g.group.createdBy.function}\n\t${g.group.createdBy.file}:${g.group.createdBy.line}`);
  out.push(
    '',
    '<details>',
    `<summary>Stack (${countText(frames.length, 'frame')})</summary>`,
    '',
    codeBlock(stack.join('\n')),
    '',
    '</details>',
  );
  return out;
}
