// Drives the VS Code workbench in a page the way a user would: command palette, views and their
// trees, the active editor, webviews. Selectors are VS Code 1.139's; keep them all in this file.
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { testOutputDir } from './repoPaths';

export interface TreeItemInfo {
  /** The visible label. */
  label: string;
  /** The row's accessible name (label, description and tooltip as VS Code builds it). */
  ariaLabel: string;
  /** 1 for roots. */
  level: number;
  /** `true`/`false` for collapsible items, `undefined` for leaves. */
  expanded: boolean | undefined;
}

export interface ActiveEditor {
  /** File name of the active tab, e.g. `main.go`. */
  file: string;
  /** 1-based cursor line and column from the status bar. */
  line: number;
  column: number;
}

// Busy CI machines are slow; GI_UI_TIMEOUT_MS raises every wait at once.
const defaultTimeout = Number(process.env.GI_UI_TIMEOUT_MS ?? 30_000);
const startTimeout = Math.max(120_000, defaultTimeout);

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens `url` and waits until the workbench is connected to its server-side extension host. */
  async open(url: string): Promise<void> {
    // Generous: a first load on a busy 2-core machine has taken over 30 s.
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: startTimeout });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: startTimeout });
    // Explorer rows come from the remote file system: seeing one means the server side is up.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: startTimeout });
  }

  /**
   * Runs a command from the palette by its full title, e.g.
   * `Goroutine Inspector: Show Goroutines`.
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    // The palette can close again right after F1 when a notification or another quick input
    // takes focus at that moment (seen after a failed capture): open it again, a few times.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ timeout: attempt < 3 ? 5_000 : defaultTimeout });
        await input.fill(`>${title}`, { timeout: attempt < 3 ? 5_000 : defaultTimeout });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
    const row = this.page.locator('.quick-input-widget .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: title }),
    });
    try {
      await row.first().waitFor({ timeout: defaultTimeout });
    } catch (err) {
      throw new Error(`runCommand: no palette entry matches "${title}": ${(err as Error).message}`, { cause: err });
    }
    await row.first().click();
    // Done when the palette closed, or when the command opened a quick pick of its own (the
    // widget is reused, so its input no longer holds our `>title`).
    await this.page.waitForFunction(
      `(() => {
        const w = document.querySelector('.quick-input-widget');
        if (!w || w.offsetParent === null || getComputedStyle(w).display === 'none') return true;
        const input = w.querySelector('input');
        return !input || input.value !== ${JSON.stringify(`>${title}`)};
      })()`,
      undefined,
      { timeout: defaultTimeout },
    );
  }

  /** The activity-bar entry of a view container, by its title (e.g. `Goroutine Inspector`). */
  activityBarItem(title: string): Locator {
    return this.page.locator(`.activitybar .action-item a.action-label[aria-label="${title}"]`);
  }

  /** Opens a view container from the activity bar and returns the side bar's title text. */
  async openViewContainer(title: string): Promise<string> {
    const item = this.activityBarItem(title);
    await item.waitFor({ timeout: defaultTimeout });
    if ((await item.getAttribute('aria-expanded')) !== 'true' && !(await this.isChecked(item))) await item.click();
    const heading = this.page.locator('.sidebar .composite.title h2');
    await this.page
      .locator('.sidebar .composite.title h2', { hasText: new RegExp(escapeRegExp(title), 'i') })
      .waitFor({ timeout: defaultTimeout });
    return ((await heading.textContent()) ?? '').trim();
  }

  private async isChecked(item: Locator): Promise<boolean> {
    return (await item.locator('xpath=..').getAttribute('class'))?.split(/\s+/).includes('checked') ?? false;
  }

  /**
   * The pane that holds view `viewName` (its title, e.g. `Goroutines`), expanded. A view alone
   * in its container has no visible pane header, so that case is handled too.
   */
  async view(viewName: string): Promise<Locator> {
    const header = this.page.locator('.pane-header', {
      has: this.page.locator('h3.title', { hasText: new RegExp(`^${escapeRegExp(viewName)}$`, 'i') }),
    });
    const pane = this.page.locator('.pane', { has: header }).first();
    await header.first().waitFor({ state: 'attached', timeout: defaultTimeout });
    if ((await header.first().isVisible()) && (await header.first().getAttribute('aria-expanded')) !== 'true') {
      await header.first().click();
    }
    await pane.locator('.pane-body').waitFor({ timeout: defaultTimeout });
    return pane;
  }

  /** The rows currently rendered in a view's tree (expanded branches included), top to bottom. */
  async treeItems(viewName: string): Promise<TreeItemInfo[]> {
    const pane = await this.view(viewName);
    const rows = pane.locator('.monaco-list-row[role="treeitem"]');
    const items: TreeItemInfo[] = [];
    for (const row of await rows.all()) {
      const expanded = await row.getAttribute('aria-expanded');
      items.push({
        label: ((await row.locator('.label-name').first().textContent()) ?? '').trim(),
        ariaLabel: (await row.getAttribute('aria-label')) ?? '',
        level: Number((await row.getAttribute('aria-level')) ?? '1'),
        expanded: expanded === null ? undefined : expanded === 'true',
      });
    }
    return items;
  }

  /** Waits for a tree item whose accessible name matches `name`, in any view, and returns it. */
  async treeItem(name: string | RegExp, timeout = defaultTimeout): Promise<Locator> {
    const item = this.page.getByRole('treeitem', { name }).first();
    await item.waitFor({ timeout });
    return item;
  }

  /** Clicks the tree item whose accessible name matches `name` (a string matches a substring). */
  async clickTreeItem(name: string | RegExp): Promise<void> {
    await (await this.treeItem(name)).click();
  }

  /** The active editor's file name and cursor position; waits for `expectFile` if given. */
  async activeEditor(expectFile?: string): Promise<ActiveEditor> {
    const tab = this.page.locator('.tabs-container .tab.active');
    if (expectFile !== undefined) {
      await this.page
        .locator(`.tabs-container .tab.active[data-resource-name="${path.basename(expectFile)}"]`)
        .waitFor({ timeout: defaultTimeout });
    } else {
      await tab.waitFor({ timeout: defaultTimeout });
    }
    const file = (await tab.getAttribute('data-resource-name')) ?? '';
    const selection = this.page.locator('[id="status.editor.selection"]');
    await selection.waitFor({ timeout: defaultTimeout });
    const text = (await selection.textContent()) ?? '';
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`activeEditor: unexpected status bar selection text "${text}"`);
    return { file, line: Number(m[1]), column: Number(m[2]) };
  }

  /** Text of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    const toasts = this.page.locator('.notifications-toasts .notification-list-item-message');
    return (await toasts.allTextContents()).map((t) => t.trim());
  }

  /** The document inside the (first visible) webview: VS Code nests it in two iframes. */
  webviewFrame(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
  }

  /** Saves a full-window PNG as test/output/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(testOutputDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
