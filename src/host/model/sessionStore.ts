// Holds the analysis the views show (one at a time) and tells them when it changes.
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../commandIds';
import type { AnalysisSession } from './analysisSession';
import { markNow } from './pathMarks';

export class SessionStore implements vscode.Disposable {
  private current: AnalysisSession | null = null;
  private readonly emitter = new vscode.EventEmitter<AnalysisSession | null>();
  readonly onDidChange = this.emitter.event;

  get session(): AnalysisSession | null {
    return this.current;
  }

  set(session: AnalysisSession | null): void {
    this.current = session;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasSnapshot, session !== null);
    this.emitter.fire(session);
    // The views have been told (their listeners ran); what they draw is marked by them.
    if (session?.marks && session.marks.sessionSet === null) session.marks.sessionSet = markNow();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
