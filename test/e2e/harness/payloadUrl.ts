// VS Code for the browser takes development-mode options from a `payload` query parameter (what
// desktop VS Code takes as CLI flags). code-server 4.139 honours it only when started with
// `--vscode-option enable-smoke-test-driver`, which startCodeServer always passes.
import * as path from 'node:path';

export interface DevelopmentPayload {
  /** Absolute path of the extension folder (its package.json). */
  extensionDevelopmentPath: string;
  /** Absolute path of the tests' entry (must lie inside the extension folder). */
  extensionTestsPath?: string;
}

/** `serverUrl/?folder=…&payload=…`; server paths become `vscode-remote://host:port/…` URIs. */
export function payloadUrl(serverUrl: string, folder: string, payload: DevelopmentPayload): string {
  const authority = new URL(serverUrl).host;
  const remote = (p: string) => `vscode-remote://${authority}${path.resolve(p)}`;
  const entries: [string, string][] = [['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]];
  if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  return (
    `${serverUrl}/?folder=${encodeURIComponent(path.resolve(folder))}` +
    `&payload=${encodeURIComponent(JSON.stringify(entries))}`
  );
}
