// One analysed snapshot as the host holds it: the core's result plus what the views need to
// navigate it. Pure data: no `vscode` here, so it is testable with node:test. Groups are found
// by key or goroutine id through core/present/groupLookup.
import type { HeldMemoryReport } from '../../core/analysis/heldMemory';
import type { AnalysisResult } from '../../core/analysis/verdict';
import type { HeapProfileData } from '../../core/present/heapData';
import type { PathMarks } from './pathMarks';

export interface AnalysisSession {
  /** Unique per session; decorations and webviews check it to ignore stale requests. */
  readonly id: string;
  /** Shown in the tree's description and the webview: endpoint URL, file name or "Clipboard". */
  readonly title: string;
  readonly result: AnalysisResult;
  /** The heap profile captured at the same moment, as the views need it (top, flame graph), if any. */
  readonly heap: HeapProfileData | null;
  /** What each suspect group holds in that heap profile; null without one. */
  readonly held: HeldMemoryReport | null;
  /** Stack file → local file, by the analysis' path mapping over the workspace (see decodeWorker). */
  readonly localFiles: ReadonlyMap<string, string>;
  /** The stored snapshot this session was decoded from, when it was a capture. */
  readonly snapshotId: string | null;
  /** When each step from the bytes to the views happened (pathMarks.ts); absent for sessions not decoded here. */
  readonly marks?: PathMarks;
}

let counter = 0;
export function newSessionId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}
