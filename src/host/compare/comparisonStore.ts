// The comparison the Comparison view shows (one at a time): its view model and the later moment's
// session, which its groups belong to. It ends when another snapshot becomes the current one.
import * as vscode from 'vscode';
import type { CompareView } from '../../core/present/compareView';
import { CONTEXT_KEYS } from '../commandIds';
import type { AnalysisSession } from '../model/analysisSession';
import type { SessionStore } from '../model/sessionStore';

export interface Comparison {
  readonly view: CompareView;
  readonly before: AnalysisSession;
  readonly after: AnalysisSession;
}

export class ComparisonStore implements vscode.Disposable {
  private value: Comparison | null = null;
  private readonly emitter = new vscode.EventEmitter<Comparison | null>();
  readonly onDidChange = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(sessions: SessionStore) {
    this.sub = sessions.onDidChange((s) => {
      if (this.value && s?.id !== this.value.after.id) this.set(null);
    });
  }

  get current(): Comparison | null {
    return this.value;
  }

  set(value: Comparison | null): void {
    this.value = value;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasComparison, value !== null);
    this.emitter.fire(value);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
