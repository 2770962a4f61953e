// All the fixes of a snapshot applied together (the CLI's `fix`): the preferred fix of each suspect
// group, in the analysis' order, skipping edits another fix made already (two fixes in one handler
// both introduce `ctx := r.Context()`) and fixes whose edits overlap one taken before.
import type { AnalysisResult } from '../analysis/verdict';
import type { GoFix, OffsetEdit } from './fixModel';
import type { FixSources } from './fixSources';
import { fixesForGroup, type GroupFixOptions } from './groupFixes';
import { applyOffsetEdits, toOffsetEdits } from './editText';

export interface PlannedFix {
  readonly fix: GoFix;
  /** The edits this fix adds to the ones planned before it, by file (offsets in the original text). */
  readonly added: ReadonlyMap<string, readonly OffsetEdit[]>;
}

export interface FixPlan {
  readonly planned: readonly PlannedFix[];
  /** Fixes left out, with why (an overlap with an earlier fix). */
  readonly skipped: readonly { readonly fix: GoFix; readonly why: string }[];
  /**
   * Suspect groups for which no fix is sound, other than those of a handler a planned fix repairs
   * (its client connections' goroutines, parked in the standard library).
   */
  readonly unfixed: number;
}

export async function planFixes(
  result: AnalysisResult,
  sources: FixSources,
  options: GroupFixOptions = {},
): Promise<FixPlan> {
  const taken = new Map<string, OffsetEdit[]>();
  const planned: PlannedFix[] = [];
  const skipped: { fix: GoFix; why: string }[] = [];
  const without: (string | null)[] = [];
  const fixedHandlers = new Set<string>();
  for (const g of result.groups) {
    if (!g.verdict.suspect) continue;
    const fix = (await fixesForGroup(g, sources, result, options))[0];
    if (!fix) {
      without.push(g.verdict.handler);
      continue;
    }
    if (g.verdict.handler) fixedHandlers.add(g.verdict.handler);
    const added = new Map<string, OffsetEdit[]>();
    let conflict: string | null = null;
    for (const file of new Set(fix.edits.map((e) => e.file))) {
      const text = (await sources.file(file))?.text;
      if (text === undefined) {
        conflict = `${file} cannot be read`;
        break;
      }
      const have = taken.get(file) ?? [];
      const mine = toOffsetEdits(
        text,
        fix.edits.filter((e) => e.file === file),
      );
      const fresh = mine.filter((e) => !have.some((h) => h.start === e.start && h.end === e.end && h.text === e.text));
      const clash = fresh.find((e) => have.some((h) => e.start < h.end && h.start < e.end));
      if (clash) {
        conflict = `it overlaps an earlier fix in ${file}`;
        break;
      }
      if (fresh.length > 0) added.set(file, fresh);
    }
    if (conflict !== null) {
      skipped.push({ fix, why: conflict });
      continue;
    }
    if (added.size === 0) continue; // an earlier fix made exactly these edits (same line, another group)
    for (const [file, edits] of added) taken.set(file, [...(taken.get(file) ?? []), ...edits]);
    planned.push({ fix, added });
  }
  const unfixed = without.filter((h) => h === null || !fixedHandlers.has(h)).length;
  return { planned, skipped, unfixed };
}

/** The text of `file` after the first `n` planned fixes. */
export function textAfter(original: string, file: string, plan: readonly PlannedFix[], n: number): string {
  return applyOffsetEdits(
    original,
    plan.slice(0, n).flatMap((p) => p.added.get(file) ?? []),
  );
}
