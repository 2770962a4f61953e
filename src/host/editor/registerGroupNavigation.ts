// Registers Show Group, Open Frame and Open Creator: the commands of the tree's rows, the hover's
// link and the integration tests.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { requireSession, type Services } from '../services';
import { GroupNavigation, type GroupPresenter } from './groupNavigation';

export function registerGroupNavigation(
  context: vscode.ExtensionContext,
  services: Services,
  presenter: GroupPresenter,
): GroupNavigation {
  const navigation = new GroupNavigation(services.source, presenter);
  const isIndex = (x: unknown): x is number => typeof x === 'number';
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showGroup, async (key?: unknown) => {
      const s = requireSession(services);
      return s && typeof key === 'string' ? navigation.showGroup(s, key) : false;
    }),
    vscode.commands.registerCommand(COMMANDS.openFrame, async (key?: unknown, index?: unknown) => {
      const s = requireSession(services);
      return s && typeof key === 'string' && isIndex(index) ? services.source.openFrame(s, key, index) : null;
    }),
    vscode.commands.registerCommand(COMMANDS.openCreatedBy, async (key?: unknown, index?: unknown) => {
      const s = requireSession(services);
      return s && typeof key === 'string' && isIndex(index) ? services.source.openCreatedBy(s, key, index) : null;
    }),
  );
  return navigation;
}
