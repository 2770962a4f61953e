// Computes the quick fixes of a run's last capture from the analysis' own verdicts (checking first
// that it makes the verdicts the program expects) and writes them into a copy of the program's source.
import { writeFileSync } from 'node:fs';
import type { AnalysisResult, AnalyzedGroup } from '../../../src/core/analysis/verdict';
import { applyOffsetEdits, toOffsetEdits } from '../../../src/core/fix/editText';
import type { GoFix } from '../../../src/core/fix/fixModel';
import { FixSources } from '../../../src/core/fix/fixSources';
import { fixesForGroup } from '../../../src/core/fix/groupFixes';
import { createGoParser } from '../../../src/core/source/goParser';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import type { ProofProgram } from './programs';

export interface AppliedFix {
  readonly fix: GoFix;
  readonly group: AnalyzedGroup;
  /** The function whose goroutines the fix must make go away (the group's blocking frame's). */
  readonly target: string;
}

/** Applies one fix per fixable group (the program's preferred kind first) to the files under `dir`. */
export async function applyFixes(program: ProofProgram, result: AnalysisResult, dir: string): Promise<AppliedFix[]> {
  const reader = createFsSourceReader([dir]);
  const sources = await FixSources.create(reader, await createGoParser(await reader.treeSitterWasm()));
  for (const e of program.expected) {
    const mine = result.groups.filter((g) => g.group.stack.frames.some((f) => f.function === e.fn));
    if (!mine.some((g) => g.verdict.suspect && g.verdict.kind === e.kind))
      throw new Error(
        `${e.fn}: expected a ${e.kind} suspect, the analysis says ${mine.map((g) => `${g.verdict.kind ?? 'not a suspect'} (${g.verdict.evidence.join(' / ')})`).join('; ') || 'nothing'}`,
      );
  }
  const chosen: AppliedFix[] = [];
  for (const g of result.groups) {
    const fns = g.group.stack.frames.map((f) => f.function);
    const expected = program.expected.find((o) => fns.includes(o.fn));
    if (!g.verdict.suspect) continue;
    const fixes = await fixesForGroup(g, sources, result);
    const fix = fixes.find((f) => program.prefer.includes(f.kind)) ?? fixes[0];
    if (!fix) continue;
    const frame = g.group.stack.frames[g.verdict.blockingFrame ?? 0]!;
    chosen.push({ fix, group: g, target: expected?.fn ?? frame.function });
  }
  // Fixes were computed on the original text: apply them together, identical edits once.
  const byFile = new Map<string, { start: number; end: number; text: string }[]>();
  const texts = new Map<string, string>();
  for (const { fix } of chosen) {
    for (const file of new Set(fix.edits.map((e) => e.file))) {
      const text = texts.get(file) ?? (await reader.readFile(file))!;
      texts.set(file, text);
      const have = byFile.get(file) ?? [];
      for (const e of toOffsetEdits(
        text,
        fix.edits.filter((x) => x.file === file),
      ))
        if (!have.some((h) => h.start === e.start && h.end === e.end && h.text === e.text)) have.push(e);
      byFile.set(file, have);
    }
  }
  for (const [file, edits] of byFile) writeFileSync(file, applyOffsetEdits(texts.get(file)!, edits));
  return chosen;
}
