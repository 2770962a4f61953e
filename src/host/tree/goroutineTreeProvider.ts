// The "Goroutines" view: data races (one row per report, its accesses under it), suspects
// (bucketed by handler, leak kind, wait state or test), then healthy groups, then the runtime's own
// goroutines (hidden unless asked for); filterable. What each row says comes from core/present;
// this class holds the view's state and makes nodes.
import * as vscode from 'vscode';
import type { AnalyzedGroup } from '../../core/analysis/verdict';
import {
  treeBuckets,
  treeSections,
  visibleGroups,
  type GroupBy,
  type SectionView,
  type TreeOptions,
} from '../../core/present/treeSections';
import type { AnalysisSession } from '../model/analysisSession';
import type { SessionStore } from '../model/sessionStore';
import { raceReportRows } from '../../core/present/raceView';
import { markNow } from '../model/pathMarks';
import { settings } from '../settings';
import { GroupNode } from './treeNodes/groupNode';
import { RowNode, type TreeNode } from './treeNodes/treeNode';

export class GoroutineTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;
  groupBy: GroupBy = settings.groupBy();
  showRuntime = settings.showRuntime();
  filter = '';

  constructor(private readonly sessions: SessionStore) {
    this.sub = sessions.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const session = this.sessions.session;
    const out = node ? node.children() : session ? this.roots(session) : [];
    const marks = session?.marks;
    if (marks) {
      // The items VS Code asked for are with it: the roots first, then the expanded rows'.
      const now = markNow();
      if (!node) marks.treeRoots ??= now;
      marks.treeLast = now;
    }
    return out;
  }

  private get options(): TreeOptions {
    return { groupBy: this.groupBy, showRuntime: this.showRuntime, filter: this.filter };
  }

  /** The groups that pass the filter (for the view's message). */
  visibleGroups(session: AnalysisSession): AnalyzedGroup[] {
    return visibleGroups(session.result, this.options);
  }

  private roots(session: AnalysisSession): TreeNode[] {
    const fold = settings.foldStandardLibrary();
    const groupBy = this.groupBy;
    const groupNodes = (groups: readonly AnalyzedGroup[]) => groups.map((g) => new GroupNode(session, g, fold));
    const raceNodes = (s: SectionView) =>
      raceReportRows(s.groups, session.result).map(
        (r) =>
          new RowNode(r.row, () => groupNodes(r.groups), {
            id: `${session.id}/races/${r.report}`,
            expanded: true,
          }),
      );
    const sectionChildren = (s: SectionView) => () =>
      s.key === 'races'
        ? raceNodes(s)
        : s.bucketed
          ? treeBuckets(s, groupBy, session.result.tests).map(
              (b) =>
                new RowNode(b, () => groupNodes(b.groups), {
                  id: `${session.id}/${s.key}/${groupBy}/${b.name}`,
                  expanded: b.expanded,
                }),
            )
          : groupNodes(s.groups);
    return treeSections(session.result, this.options).map(
      (s) => new RowNode(s, sectionChildren(s), { id: `${session.id}/${s.key}`, expanded: s.expanded }),
    );
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
