// Comparing one stack as different formats print it. debug=2 hides the runtime's unexported
// frames (`runtime.gopark`, `runtime.selectgo`), debug=1 drops the leading `runtime.` frames and
// `runtime.goexit`, the protobuf keeps them all; only debug=2 has `created by`. So stacks are
// compared by function + file:line with every `runtime.` frame removed (a stack of nothing but
// runtime frames keeps them, minus goexit, so it cannot match everything), and a debug=1/proto
// stack recorded at the runtime's depth cap matches the deeper debug=2 stacks it is a prefix of.
import type { Stack } from '../model/goroutine';

/** Depths at which the runtime cuts goroutine profile stacks (32 before Go 1.23, 128 since; 64 in between builds). */
const DEPTH_CAPS = new Set([32, 64, 128]);

export function matchKey(stack: Stack): string {
  const kept: string[] = [];
  let all: string[] | null = null;
  for (const f of stack.frames) {
    if (f.function === 'runtime.goexit') continue;
    const text = `${f.function} ${f.file}:${f.line}`;
    if (f.function.startsWith('runtime.')) {
      (all ??= []).push(text);
      continue;
    }
    kept.push(text);
  }
  if (kept.length === 0) return (all ?? []).join('\n');
  return kept.join('\n');
}

/** A debug=1/proto stack with this many PCs may have been cut by the runtime. */
export function atDepthCap(depth: number | undefined): boolean {
  return depth !== undefined && DEPTH_CAPS.has(depth);
}

/**
 * Keys of `baseKeys` that the source key designates: itself, or when the source stack may be cut
 * at the depth cap, every longer base key it is a prefix of.
 */
export function matchingBaseKeys(
  sourceKey: string,
  mayBeCut: boolean,
  baseKeys: Iterable<string>,
  exact: ReadonlySet<string>,
): string[] {
  if (sourceKey === '') return [];
  if (exact.has(sourceKey)) return [sourceKey];
  if (!mayBeCut) return [];
  const prefix = sourceKey + '\n';
  const out: string[] = [];
  for (const k of baseKeys) if (k.startsWith(prefix)) out.push(k);
  return out;
}
