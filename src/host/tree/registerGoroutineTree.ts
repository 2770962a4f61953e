// Registers the Goroutines view, Show Goroutines and the view's toolbar: Group By, Filter, Clear
// Filter, Show/Hide Runtime Goroutines. The view's description shows the snapshot and the filter.
import * as vscode from 'vscode';
import { GROUP_BY_LABELS, type GroupBy } from '../../core/present/treeSections';
import { COMMANDS, CONTEXT_KEYS, VIEWS, focusViewCommand } from '../commandIds';
import type { Services } from '../services';
import { GoroutineTreeProvider } from './goroutineTreeProvider';

function isGroupBy(x: unknown): x is GroupBy {
  return typeof x === 'string' && Object.hasOwn(GROUP_BY_LABELS, x);
}

export function registerGoroutineTree(context: vscode.ExtensionContext, { sessions }: Services): GoroutineTreeProvider {
  const provider = new GoroutineTreeProvider(sessions);
  const view = vscode.window.createTreeView(VIEWS.goroutines, { treeDataProvider: provider, showCollapseAll: true });
  const setContext = () => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, provider.filter !== '');
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.showRuntime, provider.showRuntime);
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
  context.subscriptions.push(
    provider,
    view,
    sessions.onDidChange(describe),
    vscode.commands.registerCommand(COMMANDS.focusView, () =>
      vscode.commands.executeCommand(focusViewCommand(VIEWS.goroutines)),
    ),
    vscode.commands.registerCommand(COMMANDS.groupBy, async (arg?: unknown) => {
      let choice: GroupBy | undefined = isGroupBy(arg) ? arg : undefined;
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
    vscode.commands.registerCommand(COMMANDS.filterGroups, async (arg?: unknown) => {
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
    vscode.commands.registerCommand(COMMANDS.clearFilter, () => {
      provider.filter = '';
      update();
    }),
    vscode.commands.registerCommand(COMMANDS.showRuntimeGoroutines, () => {
      provider.showRuntime = true;
      update();
    }),
    vscode.commands.registerCommand(COMMANDS.hideRuntimeGoroutines, () => {
      provider.showRuntime = false;
      update();
    }),
  );
  return provider;
}
