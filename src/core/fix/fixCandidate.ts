// What one fix family proposes before it is checked: edits by offset, grouped by file.
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import type { FixKind, OffsetEdit } from './fixModel';
import type { FixSources, FrameSource } from './fixSources';

export interface FileEdits {
  readonly path: string;
  readonly edits: readonly OffsetEdit[];
}

export interface FixCandidate {
  readonly kind: FixKind;
  readonly title: string;
  readonly files: readonly FileEdits[];
}

/** Everything a fix family may read: the group, its blocking line's source, the other groups. */
export interface FixInput {
  readonly group: AnalyzedGroup;
  /** The blocking frame's file and row. */
  readonly site: FrameSource;
  readonly sources: FixSources;
  /** The whole analysis (a lock's holder is another group); null when fixing from source alone. */
  readonly result: AnalysisResult | null;
  readonly options: FixOptions;
}

export interface FixOptions {
  /** `http.Server.ReadHeaderTimeout` a server fix sets, in seconds. */
  readonly readHeaderTimeoutSeconds: number;
  /** `http.Server.ReadTimeout` a server fix sets, in seconds (bounds reading a request body). */
  readonly readTimeoutSeconds: number;
}

/**
 * Stated defaults: 10 s is ample for any client to send its headers (and short enough to shed
 * Slowloris-style clients); 30 s bounds a stalled upload while leaving room for slow networks.
 */
export const DEFAULT_FIX_OPTIONS: FixOptions = { readHeaderTimeoutSeconds: 10, readTimeoutSeconds: 30 };

/** One file's edits as a candidate. */
export function candidate(kind: FixKind, title: string, path: string, edits: readonly OffsetEdit[]): FixCandidate {
  return { kind, title, files: [{ path, edits }] };
}
