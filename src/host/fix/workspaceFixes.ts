// Quick fixes for the groups of the current session, over the workspace's Go source as the editor
// has it (open documents' unsaved text included), with stack lines moved by the edits made since
// the capture, formatted by the user's gofmt (vscode-go's `go.alternateTools` and `go.goroot`).
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { AnalyzedGroup } from '../../core/analysis/verdict';
import { formatFix, type GoFormatter } from '../../core/fix/formatFix';
import type { GoFix } from '../../core/fix/fixModel';
import { FixSources } from '../../core/fix/fixSources';
import { fixesForGroup } from '../../core/fix/groupFixes';
import { findGroup } from '../../core/present/groupLookup';
import { createGoParser, type GoParser } from '../../core/source/goParser';
import type { SourceReader } from '../../core/source/sourceReader';
import { createFsSourceReader } from '../../node/fsSourceReader';
import { findGofmt, gofmtFormatter } from '../../node/gofmt';
import type { AnalysisSession } from '../model/analysisSession';
import type { LineTracker } from './lineTracker';

/** vscode-go's settings, with `~` and `${workspaceFolder}` expanded. */
function goSetting(key: string): string | undefined {
  const raw = vscode.workspace.getConfiguration('go').get<unknown>(key);
  return typeof raw === 'string' && raw !== '' ? expand(raw) : undefined;
}

function expand(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return p.replace(/^~(?=\/|$)/, os.homedir()).replace(/\$\{workspaceFolder\}/g, folder);
}

export class WorkspaceFixes {
  private parser: Promise<GoParser> | null = null;
  private formatter: Promise<GoFormatter | null> | null = null;
  private readonly cache = new Map<string, Promise<GoFix[]>>();
  private cacheKey = '';
  /** One listing and parse of the workspace per cache generation, shared by every group's fixes. */
  private sources: Promise<FixSources | null> | null = null;

  constructor(private readonly lines: LineTracker) {
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('go.alternateTools') || e.affectsConfiguration('go.goroot')) this.formatter = null;
    });
  }

  /** The fixes of one group, preferred first (cached until a document or the session changes). */
  fixes(session: AnalysisSession, groupKey: string): Promise<GoFix[]> {
    const key = `${session.id}/${this.lines.generation}`;
    if (key !== this.cacheKey) {
      this.cache.clear();
      this.sources = null;
      this.cacheKey = key;
    }
    let f = this.cache.get(groupKey);
    if (!f) {
      const g = findGroup(session.result, groupKey);
      f = g ? this.compute(session, g) : Promise.resolve([]);
      this.cache.set(groupKey, f);
    }
    return f;
  }

  private workspaceSources(): Promise<FixSources | null> {
    this.sources ??= (async () => {
      const roots = (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => f.uri.fsPath);
      if (roots.length === 0) return null;
      const reader = editorReader(createFsSourceReader(roots));
      this.parser ??= reader.treeSitterWasm().then(createGoParser);
      return FixSources.create(reader, await this.parser, { mapLine: (path, line) => this.lines.map(path, line) });
    })();
    return this.sources;
  }

  private async compute(session: AnalysisSession, g: AnalyzedGroup): Promise<GoFix[]> {
    const sources = await this.workspaceSources();
    if (!sources) return [];
    const fixes = await fixesForGroup(g, sources, session.result);
    const format = await this.gofmt();
    const textOf = async (p: string) => (await sources.file(p))?.text ?? null;
    return Promise.all(fixes.map((f) => formatFix(f, textOf, format)));
  }

  private gofmt(): Promise<GoFormatter | null> {
    this.formatter ??= (async () => {
      const tools = vscode.workspace.getConfiguration('go').get<Record<string, unknown>>('alternateTools') ?? {};
      const tool = (k: string) =>
        typeof tools[k] === 'string' && tools[k] !== '' ? expand(tools[k] as string) : undefined;
      const path = await findGofmt({ gofmt: tool('gofmt'), go: tool('go'), goroot: goSetting('goroot') });
      return path ? gofmtFormatter(path) : null;
    })();
    return this.formatter;
  }
}

/** Reads open documents from the editor (their unsaved text is what the fix must edit). */
function editorReader(fs: SourceReader): SourceReader {
  return {
    listFiles: () => fs.listFiles(),
    readFile: async (p) => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === p)?.getText() ?? fs.readFile(p),
    treeSitterWasm: () => fs.treeSitterWasm(),
  };
}

/** A fix as the edit the editor applies. */
export function workspaceEdit(fix: GoFix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits)
    edit.replace(
      vscode.Uri.file(e.file),
      new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character),
      e.newText,
    );
  return edit;
}
