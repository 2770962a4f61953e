// Helpers of the fix tests: the real Go sources of the project's leaky programs, fix sources over
// them, groups built from a handful of frames (fixing from source alone, before a rule exists),
// gofmt from the machine's Go when there is one. Test helper, not a test.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AnalyzedGroup, LeakKind } from '../../../src/core/analysis/verdict';
import { applyOffsetEdits, toOffsetEdits } from '../../../src/core/fix/editText';
import type { GoFix } from '../../../src/core/fix/fixModel';
import { FixSources } from '../../../src/core/fix/fixSources';
import { diffLines } from '../../../src/core/fix/lineDiff';
import { createGoParser } from '../../../src/core/source/goParser';
import type { CreatedBy, Frame } from '../../../src/core/model/goroutine';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const programs = {
  leakyapi: path.join(repoRoot, 'test', 'go', 'leakyapi'),
  demo: path.join(repoRoot, 'demo', 'service'),
  fixkinds: path.join(repoRoot, 'test', 'go', 'fixkinds'),
} as const;

/** gofmt of Debian's Go 1.19 (the CI machine's), or null. */
export const gofmtPath = ['/usr/lib/go-1.19/bin/gofmt', '/usr/bin/gofmt'].find((p) => existsSync(p)) ?? null;

export async function sourcesFor(dir: string): Promise<FixSources> {
  const reader = createFsSourceReader([dir]);
  return FixSources.create(reader, await createGoParser(await reader.treeSitterWasm()));
}

/** 1-based line of the first line of `file` containing `text` after the line containing `after`. */
export function lineOf(file: string, text: string, after?: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, n) => n >= from && l.includes(text));
  if (i < 0 || from < 0) throw new Error(`${file} has no line with ${JSON.stringify(text)}`);
  return i + 1;
}

export function frame(fn: string, file: string, line: number): Frame {
  return { function: fn, file, line, inlined: false };
}

/** A suspect group with these frames (innermost first), blocking at `blocking`. */
export function suspect(
  kind: LeakKind | null,
  frames: Frame[],
  blocking: number,
  createdBy: CreatedBy | null = null,
): AnalyzedGroup {
  return {
    group: {
      key: `test-${frames[blocking]?.function}`,
      stack: { id: 0, frames, elidedFrames: 0, truncated: false },
      state: null,
      count: 3,
      ids: [],
      waitMinutes: null,
      minuteCounts: [],
      labels: {},
      createdBy,
      parentIds: [],
      leakedCount: 0,
      lockedToThreadCount: 0,
    },
    verdict: {
      wait: 'other',
      handler: null,
      suspect: kind !== null,
      healthy: false,
      kind,
      confidence: kind ? 'likely' : null,
      reason: kind ? `test: ${kind}` : null,
      fix: null,
      blockingFrame: blocking,
      runtime: false,
      evidence: [],
    },
  };
}

/** Every file a fix touches, with its text after the fix. */
export function applied(fix: GoFix): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(fix.edits.map((e) => e.file))) {
    const text = readFileSync(file, 'utf8');
    out.set(
      file,
      applyOffsetEdits(
        text,
        toOffsetEdits(
          text,
          fix.edits.filter((e) => e.file === file),
        ),
      ),
    );
  }
  return out;
}

/** The lines a fix removes and adds in one file, as `-line` / `+line` (tabs kept), hunk by hunk. */
export function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  return diffLines(a, b).flatMap((h) => [
    ...a.slice(h.oldStart, h.oldStart + h.oldCount).map((l) => `-${l}`),
    ...b.slice(h.newStart, h.newStart + h.newCount).map((l) => `+${l}`),
  ]);
}
