// A status bar item with the current snapshot's suspect count; clicking it opens the view.
import * as vscode from 'vscode';
import type { SessionStore } from '../model/sessionStore';

export function registerSuspectStatusBar(sessions: SessionStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('goroutineInspector.suspects', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Goroutine Inspector';
  item.command = 'goroutineInspector.focusView';
  const update = () => {
    const s = sessions.session;
    if (!s) {
      item.hide();
      return;
    }
    const goroutines = s.result.groups.filter((g) => g.verdict.suspect).reduce((n, g) => n + g.group.count, 0);
    item.text = `$(debug-pause) ${goroutines} suspect goroutine${goroutines === 1 ? '' : 's'}`;
    item.tooltip = `${s.title}: ${s.result.suspectCount} suspect group(s), ${goroutines} of ${s.result.snapshot.goroutineCount} goroutines. Click to show them.`;
    item.backgroundColor = goroutines > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const sub = sessions.onDidChange(update);
  update();
  return vscode.Disposable.from(item, sub);
}
