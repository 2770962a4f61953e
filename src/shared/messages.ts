// The typed messages between the host and the detail webview, each with a runtime guard: the
// webview only posts what `isWebviewMessage` accepts, and the host ignores anything else. The
// pages they carry are core/present's view models.
import type { CompareView } from '../core/present/compareView';
import type { GroupView } from '../core/present/groupView';
import type { HeapPageView } from '../core/present/heapPageView';
import type { SummaryView } from '../core/present/summaryView';
import type { TimelineView } from '../core/present/timelineView';

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'render/group'; readonly group: GroupView }
  | { readonly type: 'render/summary'; readonly summary: SummaryView }
  | { readonly type: 'render/timeline'; readonly timeline: TimelineView }
  | { readonly type: 'render/heap'; readonly heap: HeapPageView }
  | { readonly type: 'render/compare'; readonly compare: CompareView }
  | { readonly type: 'render/notice'; readonly text: string };

/** Webview → host. Frames are named by group key and index, never by a path the webview chose. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'frame/open'; readonly groupKey: string; readonly frameIndex: number }
  | { readonly type: 'createdBy/open'; readonly groupKey: string; readonly chainIndex: number }
  | { readonly type: 'group/show'; readonly groupKey: string }
  | { readonly type: 'fix/apply'; readonly groupKey: string }
  | { readonly type: 'summary/show' }
  /** A point of the timeline: open that tick's snapshot in the tree. */
  | { readonly type: 'timeline/open'; readonly snapshotId: string }
  /** The heap page of the snapshot shown (from its summary). */
  | { readonly type: 'heap/show' }
  /** A flame graph frame of the page shown, by node index: open its source line. */
  | { readonly type: 'heap/openFrame'; readonly node: number };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 1_000_000;
}

function isKey(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length < 10_000;
}

export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'ready':
    case 'summary/show':
    case 'heap/show':
      return true;
    case 'heap/openFrame':
      return typeof x.node === 'number' && Number.isInteger(x.node) && x.node >= 0 && x.node < 1e8;
    case 'frame/open':
      return isKey(x.groupKey) && isIndex(x.frameIndex);
    case 'createdBy/open':
      return isKey(x.groupKey) && isIndex(x.chainIndex);
    case 'group/show':
    case 'fix/apply':
      return isKey(x.groupKey);
    case 'timeline/open':
      return typeof x.snapshotId === 'string' && /^[\w.-]{1,200}$/.test(x.snapshotId);
    default:
      return false;
  }
}

export function isHostMessage(x: unknown): x is HostMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'render/group':
      return isRecord(x.group) && isKey(x.group.key) && Array.isArray(x.group.frames);
    case 'render/summary':
      return isRecord(x.summary) && isRecord(x.summary.icicle) && Array.isArray(x.summary.byKind);
    case 'render/timeline':
      return isRecord(x.timeline) && Array.isArray(x.timeline.points) && Array.isArray(x.timeline.lines);
    case 'render/heap':
      return isRecord(x.heap) && Array.isArray(x.heap.tops) && isRecord(x.heap.flame);
    case 'render/compare':
      return isRecord(x.compare) && Array.isArray(x.compare.groups);
    case 'render/notice':
      return typeof x.text === 'string';
    default:
      return false;
  }
}
