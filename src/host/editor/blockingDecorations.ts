// Marks the lines where suspect goroutines block: an after-text with the count, state and wait
// ("⏸ 40 goroutines · select · up to 2 min") and a hover with the verdict and a link to the group.
import * as vscode from 'vscode';
import type { AnalyzedGroup } from '../../core/analysis/verdict';
import type { AnalysisSession } from '../model/analysisSession';
import type { SessionStore } from '../model/sessionStore';
import { groupTitle } from '../panel/buildGroupView';
import { settings } from '../settings';
import { locateFrameFile } from './frameLocator';

export interface LineMark {
  readonly line: number;
  readonly text: string;
  readonly groups: readonly AnalyzedGroup[];
}

export function waitText(range: readonly [number, number] | null): string | null {
  if (!range || range[1] === 0) return null;
  return range[0] === range[1] ? `${range[1]} min` : `up to ${range[1]} min`;
}

export function lineText(groups: readonly AnalyzedGroup[]): string {
  const count = groups.reduce((n, g) => n + g.group.count, 0);
  const states = [...new Set(groups.map((g) => g.group.state ?? g.verdict.wait))].join(', ');
  const max = Math.max(0, ...groups.map((g) => g.group.waitMinutes?.[1] ?? 0));
  const wait = waitText(max ? [max, max] : null);
  return `⏸ ${count} goroutine${count === 1 ? '' : 's'} · ${states}${wait ? ` · up to ${max} min` : ''}`;
}

function hover(groups: readonly AnalyzedGroup[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['goroutineInspector.showGroup'] };
  md.appendMarkdown('**Goroutine Inspector**\n\n');
  for (const g of groups) {
    const v = g.verdict;
    md.appendText(`${g.group.count} × ${groupTitle(g)} — ${g.group.state ?? v.wait}`);
    md.appendMarkdown('\n\n');
    if (v.kind) {
      md.appendMarkdown('**');
      md.appendText(`${v.kind}${v.confidence ? ` (${v.confidence})` : ''}`);
      md.appendMarkdown('**: ');
    }
    if (v.reason) md.appendText(v.reason);
    const args = encodeURIComponent(JSON.stringify([g.group.key]));
    md.appendMarkdown(`\n\n[Show group](command:goroutineInspector.showGroup?${args})\n\n---\n\n`);
  }
  return md;
}

export class BlockingDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  private readonly subs: vscode.Disposable[] = [];
  /** fsPath → marks, for the current session. */
  private marks = new Map<string, LineMark[]>();
  private cleared = false;
  private computing: Promise<void> = Promise.resolve();

  constructor(private readonly sessions: SessionStore) {
    this.subs.push(
      sessions.onDidChange((s) => {
        this.cleared = false;
        this.computing = this.compute(s);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.apply()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          e.affectsConfiguration('goroutineInspector.decorations') ||
          e.affectsConfiguration('goroutineInspector.pathMappings')
        ) {
          this.computing = this.compute(this.sessions.session);
        }
      }),
    );
  }

  private async compute(session: AnalysisSession | null): Promise<void> {
    const marks = new Map<string, Map<number, AnalyzedGroup[]>>();
    if (session && settings.decorationsEnabled()) {
      for (const g of session.result.groups) {
        const bf = g.verdict.blockingFrame;
        if (!g.verdict.suspect || bf === null) continue;
        const frame = g.group.stack.frames[bf];
        if (!frame || frame.line <= 0) continue;
        const uri = await locateFrameFile(frame.file, session.localFiles);
        if (!uri) continue;
        const byLine = marks.get(uri.fsPath) ?? new Map<number, AnalyzedGroup[]>();
        byLine.set(frame.line, [...(byLine.get(frame.line) ?? []), g]);
        marks.set(uri.fsPath, byLine);
      }
    }
    if (session !== this.sessions.session) return; // a newer session arrived meanwhile
    this.marks = new Map(
      [...marks].map(([file, byLine]) => [
        file,
        [...byLine].map(([line, groups]) => ({ line, groups, text: lineText(groups) })),
      ]),
    );
    this.apply();
  }

  private apply(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const marks = this.cleared ? [] : (this.marks.get(editor.document.uri.fsPath) ?? []);
      editor.setDecorations(
        this.type,
        marks
          .filter((m) => m.line <= editor.document.lineCount)
          .map((m) => ({
            range: new vscode.Range(m.line - 1, 0, m.line - 1, 0),
            hoverMessage: hover(m.groups),
            renderOptions: { after: { contentText: m.text } },
          })),
      );
    }
  }

  clear(): void {
    this.cleared = true;
    this.apply();
  }

  /** The marks of one file once computed (tests, commands). */
  async marksFor(fsPath: string): Promise<readonly LineMark[]> {
    await this.computing;
    return this.cleared ? [] : (this.marks.get(fsPath) ?? []);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.type.dispose();
  }
}
