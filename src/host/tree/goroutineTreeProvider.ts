// The "Goroutines" view: suspects first (bucketed by handler, leak kind or wait state), then
// healthy groups, then the runtime's own goroutines (hidden unless asked for); filterable.
import * as vscode from 'vscode';
import type { AnalyzedGroup } from '../../core/analysis/verdict';
import type { AnalysisSession } from '../model/analysisSession';
import type { SessionStore } from '../model/sessionStore';
import { groupTitle } from '../panel/buildGroupView';
import { settings, type GroupBy } from '../settings';
import { matchesFilter } from './groupFilter';
import { BucketNode } from './treeNodes/bucketNode';
import { GroupNode } from './treeNodes/groupNode';
import { SectionNode } from './treeNodes/sectionNode';
import type { TreeNode } from './treeNodes/treeNode';

const BUCKET_ICONS: Record<GroupBy, string> = { handler: 'symbol-method', kind: 'symbol-event', state: 'debug-pause' };

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
    if (node) return node.children();
    const session = this.sessions.session;
    return session ? this.roots(session) : [];
  }

  /** How many groups pass the filter (for the view's message). */
  visibleGroups(session: AnalysisSession): AnalyzedGroup[] {
    return session.result.groups.filter(
      (g) => (this.showRuntime || !g.verdict.runtime) && matchesFilter(g, this.filter),
    );
  }

  private bucketName(g: AnalyzedGroup): string {
    switch (this.groupBy) {
      case 'kind':
        return g.verdict.kind ?? g.verdict.wait;
      case 'state':
        return g.group.state ?? g.verdict.wait;
      default:
        return g.verdict.handler ?? groupTitle(g);
    }
  }

  private roots(session: AnalysisSession): TreeNode[] {
    const fold = settings.foldStandardLibrary();
    const groups = this.visibleGroups(session);
    const suspects = groups.filter((g) => g.verdict.suspect);
    const healthy = groups.filter((g) => !g.verdict.suspect && !g.verdict.runtime);
    const runtime = groups.filter((g) => !g.verdict.suspect && g.verdict.runtime);
    const count = (gs: AnalyzedGroup[]) => gs.reduce((n, g) => n + g.group.count, 0);
    const sections: TreeNode[] = [];
    const sid = session.id;
    if (suspects.length) {
      sections.push(
        new SectionNode(
          `${sid}/suspects`,
          'Suspects',
          count(suspects),
          suspects.length,
          new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
          true,
          () => this.buckets(session, suspects, fold, 'suspects', true),
        ),
      );
    }
    if (healthy.length) {
      sections.push(
        new SectionNode(
          `${sid}/healthy`,
          'Healthy',
          count(healthy),
          healthy.length,
          new vscode.ThemeIcon('pass'),
          suspects.length === 0,
          () => this.buckets(session, healthy, fold, 'healthy', false),
        ),
      );
    }
    if (runtime.length) {
      sections.push(
        new SectionNode(
          `${sid}/runtime`,
          'Runtime',
          count(runtime),
          runtime.length,
          new vscode.ThemeIcon('gear'),
          false,
          () => runtime.map((g) => new GroupNode(session, g, fold)),
        ),
      );
    }
    return sections;
  }

  private buckets(
    session: AnalysisSession,
    groups: AnalyzedGroup[],
    fold: boolean,
    section: string,
    expanded: boolean,
  ): TreeNode[] {
    const byName = new Map<string, GroupNode[]>();
    for (const g of groups) {
      const name = this.bucketName(g);
      const list = byName.get(name) ?? [];
      list.push(new GroupNode(session, g, fold));
      byName.set(name, list);
    }
    const buckets = [...byName].map(
      ([name, nodes]) =>
        new BucketNode(
          `${session.id}/${section}/${this.groupBy}/${name}`,
          name,
          nodes,
          BUCKET_ICONS[this.groupBy],
          expanded,
        ),
    );
    return buckets.sort((a, b) => b.goroutines - a.goroutines);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
