// Opens a stack frame's file at its line; when the file cannot be found, says so and offers
// "Map path…", which saves a prefix → folder entry in goroutineInspector.pathMappings.
import * as vscode from 'vscode';
import { mappedPath, mappingPrefix, type FrameFile } from '../../core/go/frameFileCandidates';
import { settings } from '../settings';
import { invalidateFrameLocator, locateFrameFile } from './frameLocator';

export interface OpenedLocation {
  readonly uri: vscode.Uri;
  readonly line: number;
}

/** A frame, or a `created by` line: where code is, and which function it is. */
export interface FrameLocation extends FrameFile {
  readonly line: number;
}

export interface OpenLocationOptions {
  /** Printed file → local file, as the analysis matched them. */
  readonly localFiles?: ReadonlyMap<string, string>;
  readonly column?: vscode.ViewColumn;
  readonly preserveFocus?: boolean;
  /** Offer "Map path…" when the file is not found (default true). */
  readonly offerMap?: boolean;
}

export async function openLocation(
  frame: FrameLocation,
  options: OpenLocationOptions = {},
): Promise<OpenedLocation | null> {
  const column = options.column ?? vscode.ViewColumn.One;
  const uri = await locateFrameFile(frame, options.localFiles);
  if (!uri) {
    if (options.offerMap ?? true) void offerMapping(frame, column);
    return null;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const l = Math.max(0, Math.min(doc.lineCount - 1, frame.line - 1));
  const text = doc.lineAt(l);
  const range = new vscode.Range(l, text.firstNonWhitespaceCharacterIndex, l, text.firstNonWhitespaceCharacterIndex);
  await vscode.window.showTextDocument(doc, {
    viewColumn: column,
    selection: range,
    preserveFocus: options.preserveFocus ?? false,
    preview: true,
  });
  return { uri, line: l + 1 };
}

async function offerMapping(frame: FrameLocation, column: vscode.ViewColumn): Promise<void> {
  const prefix = mappingPrefix(frame.file);
  const choice = await vscode.window.showWarningMessage(
    `Cannot find ${frame.file} (line ${frame.line}) in the workspace, the module cache or GOROOT. Map "${prefix}" to a local folder to open it.`,
    'Map path…',
  );
  if (choice !== 'Map path…') return;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: `Use for ${prefix}`,
    title: `Local folder for "${prefix}"`,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const target = picked?.[0];
  if (!target) return;
  const mappings = { ...settings.pathMappings(), [prefix]: target.fsPath };
  await settings.update('pathMappings', mappings);
  invalidateFrameLocator();
  const opened = await openLocation(frame, { column, offerMap: false });
  if (!opened) {
    void vscode.window.showWarningMessage(
      `${mappedPath(frame.file, prefix, target.fsPath) ?? target.fsPath} does not exist either; edit goroutineInspector.pathMappings to fix the mapping.`,
    );
  }
}
