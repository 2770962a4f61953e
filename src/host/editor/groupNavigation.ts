// From a group to the source: open one of its frames, its creator, or (for a click on the group)
// its blocking line in the first column with the detail webview beside it.
import { isStdlibFunction } from '../../core/go/functionNames';
import { findGroup, type AnalysisSession } from '../model/analysisSession';
import { createdByChain, groupTitle } from '../panel/buildGroupView';
import type { DetailPanel } from '../panel/detailPanel';
import type { WebviewActions } from '../panel/webviewController';
import { openLocation, type OpenedLocation } from './openFrame';

export class GroupNavigation implements WebviewActions {
  constructor(private readonly panel: () => DetailPanel) {}

  async openFrame(session: AnalysisSession, key: string, index: number): Promise<void> {
    await this.openFrameAt(session, key, index);
  }

  async openFrameAt(session: AnalysisSession, key: string, index: number): Promise<OpenedLocation | null> {
    const frame = findGroup(session, key)?.group.stack.frames[index];
    if (!frame) return null;
    return openLocation(frame.file, frame.line, session.localFiles);
  }

  async openCreatedBy(session: AnalysisSession, key: string, chainIndex: number): Promise<void> {
    const g = findGroup(session, key);
    const c = g ? createdByChain(session, g)[chainIndex] : undefined;
    if (c) await openLocation(c.file, c.line, session.localFiles);
  }

  /** The blocking frame, else the innermost user frame, else the innermost frame. */
  static focusFrame(session: AnalysisSession, key: string): number | null {
    const g = findGroup(session, key);
    if (!g) return null;
    if (g.verdict.blockingFrame !== null) return g.verdict.blockingFrame;
    const i = g.group.stack.frames.findIndex((f) => !isStdlibFunction(f.function));
    return i >= 0 ? i : g.group.stack.frames.length ? 0 : null;
  }

  async showGroup(session: AnalysisSession, key: string): Promise<boolean> {
    const g = findGroup(session, key);
    if (!g) return false;
    const index = GroupNavigation.focusFrame(session, key);
    if (index !== null) await this.openFrameAt(session, key, index);
    return this.panel().showGroup(session, key, groupTitle(g).slice(groupTitle(g).lastIndexOf('/') + 1));
  }
}
