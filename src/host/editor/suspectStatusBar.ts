// A status bar item with the current snapshot's suspect count; clicking it opens the view.
import * as vscode from 'vscode';
import { statusBarView } from '../../core/present/statusBarView';
import { COMMANDS } from '../commandIds';
import type { Services } from '../services';

export function registerSuspectStatusBar(context: vscode.ExtensionContext, { sessions }: Services): void {
  const item = vscode.window.createStatusBarItem('goroutineInspector.suspects', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Goroutine Inspector';
  item.command = COMMANDS.focusView;
  const update = () => {
    const s = sessions.session;
    if (!s) {
      item.hide();
      return;
    }
    const v = statusBarView(s.title, s.result);
    item.text = `$(${v.icon}) ${v.text}`;
    item.tooltip = v.tooltip;
    item.backgroundColor = v.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  context.subscriptions.push(item, sessions.onDidChange(update));
  update();
}
