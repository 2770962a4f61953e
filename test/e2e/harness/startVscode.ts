// One call for a UI test: a fresh code-server with the extension, Chromium on the workbench with
// `workspace` open, and a driver (see workbench.ts). Always `stop()` it, e.g. in `after()`.
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { payloadUrl } from './payloadUrl';
import { repoRoot } from './repoPaths';
import { ensureVsix } from './vsix';
import { Workbench } from './workbench';

export interface StartVscodeOptions {
  /** Folder opened as the workspace; it must contain at least one file. */
  workspace: string;
  /** User settings, merged over the harness's quiet defaults. */
  settings?: Record<string, unknown>;
  /**
   * How the extension gets in: `vsix` (default) installs the packaged extension like a user
   * would; `development` loads this checkout's folder (needs `npm run build`); `none` leaves it out.
   */
  extension?: 'vsix' | 'development' | 'none';
  /** Names the log file and screenshots' profile; defaults to `vscode`. */
  label?: string;
  /** Browser viewport; 1400x900 by default. */
  viewport?: { width: number; height: number };
}

export class VscodeSession extends Workbench {
  constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    page: Workbench['page'],
    /** The URL the page opened (handy to print when debugging). */
    readonly url: string,
  ) {
    super(page);
  }

  /** Closes the browser and stops code-server with every process it started. */
  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }
}

export async function startVscode(options: StartVscodeOptions): Promise<VscodeSession> {
  const mode = options.extension ?? 'vsix';
  const server = await startCodeServer({
    label: options.label ?? 'vscode',
    settings: options.settings,
    installVsix: mode === 'vsix' ? [ensureVsix()] : [],
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const url =
      mode === 'development'
        ? payloadUrl(server.url, options.workspace, { extensionDevelopmentPath: repoRoot })
        : server.folderUrl(options.workspace);
    const session = new VscodeSession(server, browser, page, url);
    await session.open(url);
    return session;
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
}
