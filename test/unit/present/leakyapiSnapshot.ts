// Loads one capture of the project's own leaky service (test/fixtures/go1.*/leakyapi, made by
// scripts/generateFixtures.sh) the way the extension does: the debug=2 dump with its proto for
// labels, analysed with the service's source and the runtime's groups kept, plus the heap
// captured at the same moment. Test helper, not a test.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { loadSnapshot } from '../../../src/core/input/loadSnapshot';
import type { SummarySource } from '../../../src/core/present/summaryView';
import { readProfile } from '../../../src/core/input/readProfile';
import { bytesInput } from '../../../src/core/input/snapshotInput';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { readInput } from '../../../src/node/readInput';
import { zlibInflater } from '../../../src/node/zlibInflater';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const leakyapiSource = path.join(repoRoot, 'test', 'go', 'leakyapi');
export const GO_VERSIONS = ['go1.19', 'go1.23', 'go1.27'] as const;

export function leakyapiDir(version: string): string {
  return path.join(repoRoot, 'test', 'fixtures', version, 'leakyapi');
}

export interface TruthGroup {
  readonly id: string;
  readonly goroutine_ids: readonly number[];
  readonly kind: string;
  readonly is_leak: boolean;
  readonly count: number;
  readonly route: string | null;
}

export function leakyapiTruth(
  version: string,
  moment: string,
): { total: number; leaked: number; groups: TruthGroup[] } {
  const truth = JSON.parse(readFileSync(path.join(leakyapiDir(version), 'GROUND_TRUTH.json'), 'utf8'));
  const cap = truth.captures[moment];
  return { total: cap.total_goroutines, leaked: cap.leaked_goroutines, groups: cap.groups };
}

export async function leakyapiSnapshot(version: string, moment: 't1' | 't2'): Promise<SummarySource> {
  const dir = leakyapiDir(version);
  const snapshot = await loadSnapshot(
    [`${moment}_goroutine_debug2.txt`, `${moment}_goroutine_debug0.pb.gz`].map((f) => readInput(path.join(dir, f))),
    { inflater: zlibInflater },
  );
  const result = await analyzeSnapshot(snapshot, {
    sourceReader: createFsSourceReader([leakyapiSource]),
    showRuntime: true,
  });
  const heapFile = path.join(dir, `${moment}_heap_debug0.pb.gz`);
  const heap = await readProfile(bytesInput(heapFile, readFileSync(heapFile)), { inflater: zlibInflater });
  return { title: `leakyapi ${version} ${moment}`, result, heap };
}
