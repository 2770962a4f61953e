// The tree's text filter: a group matches when every word of the filter appears in its functions,
// files, state, kind, handler or labels (`route=/slow`, `route:/slow` and `/slow` all match).
import type { AnalyzedGroup } from '../analysis/verdict';

export function groupHaystack(g: AnalyzedGroup): string {
  const parts: string[] = [g.group.state ?? '', g.verdict.wait, g.verdict.kind ?? '', g.verdict.handler ?? ''];
  for (const [k, v] of Object.entries(g.group.labels)) parts.push(`${k}=${v}`, `${k}:${v}`);
  for (const f of g.group.stack.frames) parts.push(f.function, f.file);
  if (g.group.createdBy) parts.push(g.group.createdBy.function);
  if (g.verdict.suspect) parts.push('suspect');
  return parts.join('\n').toLowerCase();
}

export function matchesFilter(g: AnalyzedGroup, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = groupHaystack(g);
  return words.every((w) => hay.includes(w));
}
