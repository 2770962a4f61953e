// "Set Endpoint Headers…": stores headers such as `Authorization: Bearer …` for one endpoint in
// SecretStorage (an empty line clears them).
import * as vscode from 'vscode';
import { getEndpointHeaders, parseHeaderLine, setEndpointHeaders } from './endpointHeaders';
import { pickEndpoint } from './endpointPicker';
import { normalizeEndpoint } from '../../core/capture/endpointUrl';

export function setEndpointHeadersCommand(deps: { state: vscode.Memento; secrets: vscode.SecretStorage }) {
  return async (urlArg?: unknown): Promise<void> => {
    const typed = typeof urlArg === 'string' ? urlArg : await pickEndpoint(deps.state, 'Set Headers for Endpoint');
    if (!typed) return;
    let base: string;
    try {
      base = normalizeEndpoint(typed);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot set headers: ${(e as Error).message}.`);
      return;
    }
    const existing = await getEndpointHeaders(deps.secrets, base);
    const line = await vscode.window.showInputBox({
      title: `Headers for ${base}`,
      prompt: `Sent with every capture of this endpoint; stored in the secret storage. Separate headers with ";". Empty clears.${Object.keys(existing).length ? ` Currently set: ${Object.keys(existing).join(', ')}.` : ''}`,
      placeHolder: 'Authorization: Bearer …',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          parseHeaderLine(v);
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (line === undefined) return;
    const headers = parseHeaderLine(line);
    await setEndpointHeaders(deps.secrets, base, headers);
    void vscode.window.showInformationMessage(
      Object.keys(headers).length
        ? `Saved ${Object.keys(headers).join(', ')} for ${base}.`
        : `Cleared the headers of ${base}.`,
    );
  };
}
