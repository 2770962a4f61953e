// Registers Capture from Endpoint… and Set Endpoint Headers….
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { Services } from '../services';
import { captureFromEndpointCommand } from './captureCommand';
import { setEndpointHeadersCommand } from './setHeadersCommand';

export function registerCapture(context: vscode.ExtensionContext, { analysis, snapshots }: Services): void {
  const stores = { state: context.globalState, secrets: context.secrets };
  context.subscriptions.push(
    vscode.commands.registerCommand(
      COMMANDS.captureFromEndpoint,
      captureFromEndpointCommand({ ...analysis, ...stores, snapshots }),
    ),
    vscode.commands.registerCommand(COMMANDS.setEndpointHeaders, setEndpointHeadersCommand(stores)),
  );
}
