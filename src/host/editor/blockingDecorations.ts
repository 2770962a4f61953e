// Marks the lines where suspect goroutines block: an after-text with the count, state and wait
// ("⏸ 40 goroutines · select · up to 2 min") and a hover with the verdict and a link to the group.
// What a mark says comes from core/present/editorMarks; this class finds files and draws.
import * as vscode from 'vscode';
import { blockingLineMarks, type HoverEntry, type LineMarkView } from '../../core/present/editorMarks';
import { COMMANDS } from '../commandIds';
import type { AnalysisSession } from '../model/analysisSession';
import type { SessionStore } from '../model/sessionStore';
import { markNow } from '../model/pathMarks';
import type { Services } from '../services';
import { settings } from '../settings';
import { locateFrameFile } from './frameLocator';
import { displayText } from '../../core/text/terminalText';

function hover(entries: readonly HoverEntry[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [COMMANDS.showGroup, COMMANDS.applyFix] };
  md.appendMarkdown('**Goroutine Inspector**\n\n');
  for (const e of entries) {
    md.appendText(displayText(e.heading));
    md.appendMarkdown('\n\n');
    if (e.verdict) {
      md.appendMarkdown('**');
      md.appendText(displayText(e.verdict));
      md.appendMarkdown('**: ');
    }
    if (e.reason) md.appendText(displayText(e.reason));
    const args = encodeURIComponent(JSON.stringify([e.groupKey]));
    const fix = e.fixable ? ` · [Apply fix…](command:${COMMANDS.applyFix}?${args})` : '';
    md.appendMarkdown(`\n\n[Show group](command:${COMMANDS.showGroup}?${args})${fix}\n\n---\n\n`);
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
  private marks = new Map<string, LineMarkView[]>();
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
    const marks =
      session && settings.decorationsEnabled()
        ? await blockingLineMarks(
            session.result,
            async (file, fn) => (await locateFrameFile({ file, function: fn }, session.localFiles))?.fsPath ?? null,
          )
        : [];
    if (session !== this.sessions.session) return; // a newer session arrived meanwhile
    this.marks = new Map();
    for (const m of marks) this.marks.set(m.file, [...(this.marks.get(m.file) ?? []), m]);
    const lines = this.apply();
    if (session?.marks) {
      session.marks.decorated = markNow();
      session.marks.decoratedLines = lines;
    }
  }

  /** Draws the marks in the visible editors; returns how many lines got one. */
  private apply(): number {
    let lines = 0;
    for (const editor of vscode.window.visibleTextEditors) {
      const marks = (this.cleared ? [] : (this.marks.get(editor.document.uri.fsPath) ?? [])).filter(
        (m) => m.line <= editor.document.lineCount,
      );
      lines += marks.length;
      editor.setDecorations(
        this.type,
        marks.map((m) => ({
          range: new vscode.Range(m.line - 1, 0, m.line - 1, 0),
          hoverMessage: hover(m.hover),
          renderOptions: { after: { contentText: displayText(m.text) } },
        })),
      );
    }
    return lines;
  }

  clear(): void {
    this.cleared = true;
    this.apply();
  }

  /** The marks of one file once computed (tests, commands). */
  async marksFor(fsPath: string): Promise<readonly LineMarkView[]> {
    await this.computing;
    return this.cleared ? [] : (this.marks.get(fsPath) ?? []);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.type.dispose();
  }
}

/** Registers the decorations and Clear Blocking-Line Decorations. */
export function registerBlockingDecorations(
  context: vscode.ExtensionContext,
  { sessions }: Services,
): BlockingDecorations {
  const decorations = new BlockingDecorations(sessions);
  context.subscriptions.push(
    decorations,
    vscode.commands.registerCommand(COMMANDS.clearDecorations, () => decorations.clear()),
  );
  return decorations;
}
