// A click on a group (tree, hover, icicle): its blocking line in the first column, and the group's
// page in whatever presents groups (the detail panel) beside it. Depends on that presenter through
// an interface, so the panel is built first and knows nothing of navigation.
import { findGroup } from '../../core/present/groupLookup';
import { focusFrameIndex } from '../../core/present/focusFrame';
import { groupShortTitle } from '../../core/present/titles';
import type { AnalysisSession } from '../model/analysisSession';
import type { GroupSource } from '../services';

export interface GroupPresenter {
  /** Shows the group's page; false when the session has no such group. */
  showGroup(session: AnalysisSession, key: string, title: string): boolean;
}

export class GroupNavigation {
  constructor(
    private readonly source: GroupSource,
    private readonly presenter: GroupPresenter,
  ) {}

  async showGroup(session: AnalysisSession, key: string): Promise<boolean> {
    const g = findGroup(session.result, key);
    if (!g) return false;
    const index = focusFrameIndex(g);
    if (index !== null) await this.source.openFrame(session, key, index);
    return this.presenter.showGroup(session, key, groupShortTitle(g));
  }
}
