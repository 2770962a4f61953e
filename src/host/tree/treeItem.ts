// Turns the tree's row view models into VS Code TreeItems: icons into ThemeIcons, actions into
// the commands package.json declares.
import * as vscode from 'vscode';
import type { IconView } from '../../core/present/icons';
import type { TreeAction, TreeRowView } from '../../core/present/treeRows';
import { displayText } from '../../core/text/terminalText';
import { COMMANDS } from '../commandIds';

export function themeIcon(icon: IconView): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

function treeCommand(action: TreeAction): vscode.Command {
  switch (action.command) {
    case 'showGroup':
      return { command: COMMANDS.showGroup, title: 'Show Group', arguments: [action.groupKey] };
    case 'openFrame':
      return { command: COMMANDS.openFrame, title: 'Open Frame', arguments: [action.groupKey, action.index] };
    case 'openCreatedBy':
      return { command: COMMANDS.openCreatedBy, title: 'Open Creator', arguments: [action.groupKey, action.index] };
  }
}

export function treeItem(
  row: TreeRowView,
  state: vscode.TreeItemCollapsibleState = vscode.TreeItemCollapsibleState.None,
  id?: string,
): vscode.TreeItem {
  // Names, files and labels come from the profile: control and bidi characters are shown escaped.
  const item = new vscode.TreeItem(displayText(row.label), state);
  if (id !== undefined) item.id = id;
  if (row.description !== undefined) item.description = displayText(row.description);
  if (row.tooltip !== undefined) item.tooltip = displayText(row.tooltip);
  if (row.icon) item.iconPath = themeIcon(row.icon);
  if (row.contextValue !== undefined) item.contextValue = row.contextValue;
  if (row.action) item.command = treeCommand(row.action);
  return item;
}

export function collapsible(expanded: boolean): vscode.TreeItemCollapsibleState {
  return expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
}
