// What a quick fix is, for every presenter alike: a title, the verdict's reason, and minimal text
// edits computed from the Go syntax tree. The extension turns them into a WorkspaceEdit, the CLI
// into a unified diff. Positions are 0-based lines and UTF-16 columns, like the editor's.
import type { LeakKind } from '../analysis/verdict';

export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

export interface SourceEdit {
  /** The file under the source roots, as the source reader names it. */
  readonly file: string;
  readonly start: SourcePosition;
  readonly end: SourcePosition;
  readonly newText: string;
}

/** Which change a fix makes; one file of src/core/fix per family. */
export type FixKind =
  | 'select-ctx-done'
  | 'buffer-channel'
  | 'send-select-ctx'
  | 'receive-select-ctx'
  | 'sleep-select-ctx'
  | 'request-context'
  | 'outbound-request-context'
  | 'ticker-stop'
  | 'close-stop-channel'
  | 'pipe-close'
  | 'pipe-close-with-error'
  | 'server-read-timeouts'
  | 'release-lock-while-waiting';

/** The verdict kinds fixes are computed for (a server read shares `blocking-io-no-deadline`). */
export type FixableVerdictKind = LeakKind;

/** Verdict kinds some fix family handles (the UI offers "Apply fix" only for these). */
export const FIXABLE_KINDS: ReadonlySet<string> = new Set<FixableVerdictKind>([
  'select-no-ctx',
  'chan-send-orphan',
  'chan-receive-orphan',
  'chan-receive-no-ctx',
  'timeout-handler-orphan',
  'blocking-io-no-deadline',
  'ticker-not-stopped',
  'sleep',
  'lock-wait',
  'context-not-request',
  'producer-vanished',
  'client-gone',
]);

export interface GoFix {
  readonly kind: FixKind;
  /** What the edit does, as a code action title. */
  readonly title: string;
  /** The verdict's one-sentence reason (why this group is a suspect). */
  readonly reason: string;
  /** The group the fix was computed for. */
  readonly groupKey: string;
  /** Non-overlapping edits, possibly in several files. */
  readonly edits: readonly SourceEdit[];
}

/** An edit by offsets into one file's text, before it becomes line/column positions. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}
