// Goroutines from inputs, or an error: classifyInputs for the callers with no place for a heap
// profile (the CLI's analyze and diff print goroutines only; `top` reads heaps).
import type { GoroutineSnapshot } from '../model/goroutine';
import { classifyInputs, type ClassifyOptions } from './classifyInputs';
import { heapNotGoroutinesError } from './formatErrors';
import type { SnapshotInput } from './snapshotInput';

export async function loadSnapshot(
  inputs: readonly SnapshotInput[],
  options: ClassifyOptions,
): Promise<GoroutineSnapshot> {
  const outcome = await classifyInputs(inputs, options);
  if (outcome.heap !== null) throw heapNotGoroutinesError(outcome.heap.name, outcome.heap.format);
  if (outcome.kind === 'heap-only') throw new Error('unreachable: a heap-only outcome has a heap');
  return outcome.snapshot;
}
