// One analysed snapshot as the host holds it: the core's result plus what the views need to
// navigate it (an id → group index for created-by chains). Pure data and helpers: no `vscode` here, so it is testable with node:test.
import type { AnalysisResult, AnalyzedGroup } from '../../core/analysis/verdict';
import type { Profile } from '../../core/model/profile';

export interface AnalysisSession {
  /** Unique per session; decorations and webviews check it to ignore stale requests. */
  readonly id: string;
  /** Shown in the tree's description and the webview: endpoint URL, file name or "Clipboard". */
  readonly title: string;
  readonly result: AnalysisResult;
  /** The heap profile captured at the same moment, if any. */
  readonly heap: Profile | null;
  /** Stack file → local file, by the analysis' path mapping over the workspace (see decodeWorker). */
  readonly localFiles: ReadonlyMap<string, string>;
  /** The stored snapshot this session was decoded from, when it was a capture. */
  readonly snapshotId: string | null;
}

const groupIndexes = new WeakMap<
  AnalysisSession,
  { byKey: Map<string, AnalyzedGroup>; byId: Map<number, AnalyzedGroup> }
>();

function indexes(session: AnalysisSession) {
  let idx = groupIndexes.get(session);
  if (!idx) {
    const byKey = new Map<string, AnalyzedGroup>();
    const byId = new Map<number, AnalyzedGroup>();
    for (const g of session.result.groups) {
      byKey.set(g.group.key, g);
      for (const id of g.group.ids) byId.set(id, g);
    }
    idx = { byKey, byId };
    groupIndexes.set(session, idx);
  }
  return idx;
}

export function findGroup(session: AnalysisSession, key: string): AnalyzedGroup | undefined {
  return indexes(session).byKey.get(key);
}

/** The group holding goroutine `id`, when the input had ids (debug=2). */
export function groupOfGoroutine(session: AnalysisSession, id: number): AnalyzedGroup | undefined {
  return indexes(session).byId.get(id);
}

let counter = 0;
export function newSessionId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}
