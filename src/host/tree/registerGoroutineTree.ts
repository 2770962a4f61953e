// Registers the Goroutines view and its toolbar: Group By, Filter, Clear Filter, Show/Hide
// Runtime Goroutines. The view's description shows the snapshot and the active filter.
import * as vscode from 'vscode';
import type { SessionStore } from '../model/sessionStore';
import type { GroupBy } from '../settings';
import { GoroutineTreeProvider } from './goroutineTreeProvider';
import type { TreeNode } from './treeNodes/treeNode';

const GROUP_BY_LABELS: Record<GroupBy, string> = { handler: 'Handler', kind: 'Leak Kind', state: 'Wait State' };

export function registerGoroutineTree(sessions: SessionStore): {
  provider: GoroutineTreeProvider;
  view: vscode.TreeView<TreeNode>;
  disposables: vscode.Disposable[];
} {
  const provider = new GoroutineTreeProvider(sessions);
  const view = vscode.window.createTreeView('goroutineInspector.goroutines', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const setContext = () => {
    void vscode.commands.executeCommand('setContext', 'goroutineInspector.filtered', provider.filter !== '');
    void vscode.commands.executeCommand('setContext', 'goroutineInspector.showRuntime', provider.showRuntime);
    void vscode.commands.executeCommand('setContext', 'goroutineInspector.groupBy', provider.groupBy);
  };
  const describe = () => {
    const s = sessions.session;
    const parts: string[] = [];
    if (s) parts.push(s.title);
    if (provider.groupBy !== 'handler') parts.push(`by ${GROUP_BY_LABELS[provider.groupBy].toLowerCase()}`);
    if (provider.filter) parts.push(`filter: ${provider.filter}`);
    view.description = parts.join(' · ') || undefined;
    view.message =
      s && provider.filter && provider.visibleGroups(s).length === 0
        ? `No group matches "${provider.filter}".`
        : undefined;
    setContext();
  };
  const update = () => {
    provider.refresh();
    describe();
  };
  setContext();
  const disposables: vscode.Disposable[] = [
    provider,
    view,
    sessions.onDidChange(describe),
    vscode.commands.registerCommand('goroutineInspector.groupBy', async (arg?: unknown) => {
      let choice: GroupBy | undefined = arg === 'handler' || arg === 'kind' || arg === 'state' ? arg : undefined;
      if (!choice) {
        const pick = await vscode.window.showQuickPick(
          (Object.keys(GROUP_BY_LABELS) as GroupBy[]).map((k) => ({
            label: GROUP_BY_LABELS[k],
            picked: k === provider.groupBy,
            description: k === provider.groupBy ? 'current' : undefined,
            k,
          })),
          { title: 'Group Suspects By' },
        );
        choice = pick?.k;
      }
      if (!choice) return;
      provider.groupBy = choice;
      update();
    }),
    vscode.commands.registerCommand('goroutineInspector.filterGroups', async (arg?: unknown) => {
      const text =
        typeof arg === 'string'
          ? arg
          : await vscode.window.showInputBox({
              title: 'Filter Goroutine Groups',
              prompt:
                'Words that must all appear in a group\'s functions, files, state, kind or labels (e.g. "route=/api/quote select")',
              value: provider.filter,
            });
      if (text === undefined) return;
      provider.filter = text.trim();
      update();
    }),
    vscode.commands.registerCommand('goroutineInspector.clearFilter', () => {
      provider.filter = '';
      update();
    }),
    vscode.commands.registerCommand('goroutineInspector.showRuntimeGoroutines', () => {
      provider.showRuntime = true;
      update();
    }),
    vscode.commands.registerCommand('goroutineInspector.hideRuntimeGoroutines', () => {
      provider.showRuntime = false;
      update();
    }),
  ];
  return { provider, view, disposables };
}
