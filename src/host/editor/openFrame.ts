// Opens a stack frame's file at its line; when the file cannot be found, says so and offers
// "Map path…", which saves a prefix → folder entry in goroutineInspector.pathMappings.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { settings } from '../settings';
import { invalidateFrameLocator, locateFrameFile, mappingPrefix } from './frameLocator';

export interface OpenedLocation {
  readonly uri: vscode.Uri;
  readonly line: number;
}

export async function openLocation(
  file: string,
  line: number,
  localFiles?: ReadonlyMap<string, string>,
  column = vscode.ViewColumn.One,
  preserveFocus = false,
  offerMap = true,
): Promise<OpenedLocation | null> {
  const uri = await locateFrameFile(file, localFiles);
  if (!uri) {
    if (offerMap) void offerMapping(file, line, column);
    return null;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const l = Math.max(0, Math.min(doc.lineCount - 1, line - 1));
  const text = doc.lineAt(l);
  const range = new vscode.Range(l, text.firstNonWhitespaceCharacterIndex, l, text.firstNonWhitespaceCharacterIndex);
  await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus, preview: true });
  return { uri, line: l + 1 };
}

async function offerMapping(file: string, line: number, column: vscode.ViewColumn): Promise<void> {
  const prefix = mappingPrefix(file);
  const choice = await vscode.window.showWarningMessage(
    `Cannot find ${file} (line ${line}) in the workspace, the module cache or GOROOT. Map "${prefix}" to a local folder to open it.`,
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
  const opened = await openLocation(file, line, undefined, column, false, false);
  if (!opened) {
    void vscode.window.showWarningMessage(
      `${path.join(target.fsPath, file.slice(prefix.length))} does not exist either; edit goroutineInspector.pathMappings to fix the mapping.`,
    );
  }
}
