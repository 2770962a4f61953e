// From a group of the current session to its source: one of its frames, or a link of its
// created-by chain (or a line of its creators' printed stacks), opened at its line; and a frame
// of a heap profile's flame graph.
import { creationLocation } from '../../core/present/createdByChain';
import { findGroup } from '../../core/present/groupLookup';
import type { AnalysisSession } from '../model/analysisSession';
import type { SourceLocation } from '../webview/webviewController';
import { openLocation, type OpenedLocation } from './openFrame';

export async function openGroupFrame(
  session: AnalysisSession,
  groupKey: string,
  frameIndex: number,
): Promise<OpenedLocation | null> {
  const frame = findGroup(session.result, groupKey)?.group.stack.frames[frameIndex];
  return frame ? openLocation(frame, { localFiles: session.localFiles }) : null;
}

export async function openGroupCreator(
  session: AnalysisSession,
  groupKey: string,
  chainIndex: number,
): Promise<OpenedLocation | null> {
  const g = findGroup(session.result, groupKey);
  const c = g ? creationLocation(session.result, g, chainIndex) : undefined;
  return c ? openLocation(c, { localFiles: session.localFiles }) : null;
}

/** A heap profile's frame; the session it came with (if any) knows where its files are. */
export async function openHeapFrame(
  session: AnalysisSession | null,
  location: SourceLocation,
): Promise<OpenedLocation | null> {
  return openLocation(location, { localFiles: session?.localFiles });
}
