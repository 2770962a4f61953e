// One group of identical goroutines: count, state, wait range, route label and a codicon for its
// kind. Clicking opens the blocking line and the detail webview; expanding shows the stack
// (innermost first), the created-by chain and the ids.
import * as vscode from 'vscode';
import type { AnalyzedGroup } from '../../../core/analysis/verdict';
import { isStdlibFunction } from '../../../core/go/functionNames';
import type { AnalysisSession } from '../../model/analysisSession';
import { createdByChain, groupTitle } from '../../panel/buildGroupView';
import { CreatedByNode } from './createdByNode';
import { FoldedFramesNode } from './foldedFramesNode';
import { FrameNode } from './frameNode';
import { IdsNode } from './idsNode';
import { shortFunctionName } from '../../../core/go/functionNames';
import { type TreeNode } from './treeNode';

const KIND_ICONS: Record<string, string> = {
  'select-no-ctx': 'debug-pause',
  'chan-send-orphan': 'arrow-right',
  'chan-receive-orphan': 'arrow-left',
  'timeout-handler-orphan': 'watch',
  'blocking-io-no-deadline': 'plug',
  'lock-wait': 'lock',
  'waitgroup-wait': 'people',
  'cond-wait': 'bell-slash',
  'nil-channel': 'circle-slash',
  'empty-select': 'circle-slash',
  'ticker-not-stopped': 'history',
  sleep: 'clock',
  'runtime-leak': 'flame',
  growth: 'graph-line',
};

export function waitRange(range: readonly [number, number] | null): string | null {
  if (!range || range[1] === 0) return null;
  if (range[0] === range[1]) return `${range[1]} min`;
  return `${range[0]}–${range[1]} min`;
}

export function groupDescription(g: AnalyzedGroup): string {
  const parts: string[] = [g.group.state ?? g.verdict.wait];
  const w = waitRange(g.group.waitMinutes);
  if (w) parts.push(w);
  const route = g.group.labels.route ?? Object.entries(g.group.labels).map(([k, v]) => `${k}=${v}`)[0];
  if (route) parts.push(route);
  if (g.group.leakedCount > 0) parts.push(`${g.group.leakedCount} leaked (runtime)`);
  return parts.join(' · ');
}

export class GroupNode implements TreeNode {
  constructor(
    private readonly session: AnalysisSession,
    readonly analyzed: AnalyzedGroup,
    private readonly foldStdlib: boolean,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const { group, verdict } = this.analyzed;
    const item = new vscode.TreeItem(
      `${group.count} × ${shortFunctionName(groupTitle(this.analyzed), { dropMain: true })}`,
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `${this.session.id}/g/${group.key}`;
    item.description = groupDescription(this.analyzed);
    const tip = new vscode.MarkdownString();
    tip.appendText(`${group.count} goroutine${group.count === 1 ? '' : 's'} · ${groupTitle(this.analyzed)}\n`);
    if (verdict.kind)
      tip
        .appendMarkdown('\n**')
        .appendText(`${verdict.kind}${verdict.confidence ? ` (${verdict.confidence})` : ''}`)
        .appendMarkdown('**\n\n');
    if (verdict.reason) tip.appendText(verdict.reason);
    item.tooltip = tip;
    const icon = verdict.suspect ? (KIND_ICONS[verdict.kind ?? ''] ?? 'warning') : verdict.runtime ? 'gear' : 'pass';
    item.iconPath = new vscode.ThemeIcon(
      icon,
      verdict.suspect ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
    item.contextValue = verdict.suspect ? 'group.suspect' : 'group';
    item.command = { command: 'goroutineInspector.showGroup', title: 'Show Group', arguments: [group.key] };
    return item;
  }

  children(): TreeNode[] {
    const { group, verdict } = this.analyzed;
    const out: TreeNode[] = [];
    let run: FrameNode[] = [];
    let runFirst = '';
    const flush = () => {
      if (run.length >= 2 && this.foldStdlib) out.push(new FoldedFramesNode(run, runFirst));
      else out.push(...run);
      run = [];
    };
    group.stack.frames.forEach((f, i) => {
      const stdlib = isStdlibFunction(f.function);
      const node = new FrameNode(group.key, i, f, stdlib, i === verdict.blockingFrame);
      if (stdlib && i !== verdict.blockingFrame) {
        if (run.length === 0) runFirst = shortFunctionName(f.function, { dropMain: true });
        run.push(node);
      } else {
        flush();
        out.push(node);
      }
    });
    flush();
    if (group.stack.elidedFrames > 0)
      out.push(new NoteNode(`… ${group.stack.elidedFrames} frames elided by the runtime`));
    else if (group.stack.truncated) out.push(new NoteNode('… stack truncated'));
    const chain = createdByChain(this.session, this.analyzed);
    if (chain.length) out.push(new CreatedByNode(group.key, chain, 0));
    if (group.ids.length) out.push(new IdsNode(group.ids, group.parentIds));
    return out;
  }
}

class NoteNode implements TreeNode {
  constructor(private readonly text: string) {}
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    return item;
  }
  children(): TreeNode[] {
    return [];
  }
}
