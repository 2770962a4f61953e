// The quick fix in a real VS Code (code-server + Chromium) on the demo service: capture it, open
// the select of /api/quote at its blocking line, and the light bulb there offers "Add `case
// <-ctx.Done(): return` to the select"; applying it changes store.go exactly so; the next leak's
// line, moved by that edit, still offers its fix; undo puts the file back. The service runs from a copy of demo/service, which is also the workspace, so the
// checkout is never edited. The screenshot with the fix menu open is the README's (copied by hand).
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { captureFrom } from './harness/captureFrom';
import { startGoService, type GoService } from './harness/goService';
import { repoRoot } from './harness/repoPaths';
import { startVscode, type VscodeSession } from './harness/startVscode';

const work = mkdtempSync(path.join(tmpdir(), 'gi-quickfix-'));
const demoDir = path.join(work, 'leakyshop');
const storeGo = path.join(demoDir, 'store.go');
let original: string;
let service: GoService;
let vscode: VscodeSession;

before(async () => {
  cpSync(path.join(repoRoot, 'demo', 'service'), demoDir, { recursive: true });
  original = readFileSync(storeGo, 'utf8');
  // The burst only, no trickle: Debian's Go (1.19) does not print which goroutine started which,
  // so while a trickled /api/export request is in flight (its 300 ms, every 25 s: about when the
  // capture happens) the orphaned senders of /api/export cannot be told from that request's own
  // and are rightly Undecided, and the second fix below would not be offered.
  service = await startGoService(demoDir, ['-load', '-trickle', '1h']);
  vscode = await startVscode({
    workspace: demoDir,
    label: 'quickfix',
    extension: process.env.GI_E2E_DEV === '1' ? 'development' : 'vsix',
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.lightbulb.enabled': 'on' },
  });
});

after(async () => {
  await vscode?.stop();
  await service?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** 1-based line of the first line of store.go matching `re` after `func (s *store) NAME(`. */
function lineIn(text: string, fn: string, re: RegExp): number {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`func (s *store) ${fn}(`));
  return lines.findIndex((l, n) => n > start && re.test(l)) + 1;
}

/**
 * Ctrl+. in the editor until the fix menu lists `title` (the fixes are computed when first asked
 * for, and again after each edit; the editor must have the keyboard). Screenshots each miss.
 */
async function openFixMenu(title: string, label: string) {
  const page = vscode.page;
  const item = page.locator('.context-view').getByText(title, { exact: false });
  for (let attempt = 1; ; attempt++) {
    await vscode.runCommand('View: Focus Active Editor Group');
    await page.keyboard.press('Control+.');
    try {
      await item.first().waitFor({ timeout: 10_000 });
      return item;
    } catch (err) {
      await vscode.screenshot(`quickfix-${label}-miss-${attempt}`);
      if (attempt === 4) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Saves the active editor and returns store.go as written to disk. */
async function saved(expect: (text: string) => boolean): Promise<string> {
  await vscode.page.keyboard.press('Control+S');
  for (let i = 0; i < 40; i++) {
    const text = readFileSync(storeGo, 'utf8');
    if (expect(text)) return text;
    await vscode.page.waitForTimeout(250);
  }
  return readFileSync(storeGo, 'utf8');
}

test(
  'the light bulb on a blocking line applies the fix, and undo restores the file',
  { timeout: 240_000 },
  async () => {
    const page = vscode.page;
    await vscode.openViewContainer('Goroutine Inspector');
    await captureFrom(vscode, service.url);
    const group = await vscode.treeItem(/\d+ × \(\*store\)\.quote/, 90_000);
    await group.locator('.monaco-tl-twistie').click();
    const select = lineIn(original, 'quote', /^\s*select \{/);
    await (await vscode.treeItem(new RegExp(`store\\.go:${select}`))).click();
    assert.equal((await vscode.activeEditor('store.go')).line, select);

    // Ctrl+. on the decorated line lists its fixes, and the light bulb is there (VS Code draws it as
    // one codicon element; `autofix` marks a preferred fix).
    const fix = await openFixMenu('Add `case <-ctx.Done(): return` to the select', 'first');
    assert.ok(await page.locator('.lightBulbWidget.codicon-lightbulb-autofix').count(), 'the light bulb is shown');
    // test/output/quick-fix.png: the README's media/screenshots/quick-fix.png is a copy of it.
    await vscode.screenshot('quick-fix');
    await fix.first().click();

    const expected = original
      .replace(
        'func (s *store) quote(w http.ResponseWriter, r *http.Request) {\n\tselect {',
        'func (s *store) quote(w http.ResponseWriter, r *http.Request) {\n\tctx := r.Context()\n\tselect {',
      )
      .replace(
        '\t\thttp.Error(w, "no price", http.StatusServiceUnavailable)\n\t}\n}',
        '\t\thttp.Error(w, "no price", http.StatusServiceUnavailable)\n\tcase <-ctx.Done():\n\t\treturn\n\t}\n}',
      );
    assert.notEqual(expected, original, 'the expected text differs from the original');
    assert.equal(await saved((t) => t !== original), expected);
    await vscode.screenshot('quickfix-applied');

    // The next leak's line moved by the three lines the fix added: its light bulb follows it.
    const send = lineIn(expected, 'exportOrders', /result <- renderCSV/);
    assert.equal(send, lineIn(original, 'exportOrders', /result <- renderCSV/) + 3);
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${send}`);
    await page.keyboard.press('Enter');
    assert.equal((await vscode.activeEditor('store.go')).line, send);
    const buffer = await openFixMenu('Buffer `result` with capacity 1', 'second');
    await buffer.first().click();
    const both = expected.replace('\tresult := make(chan []byte)\n', '\tresult := make(chan []byte, 1)\n');
    assert.notEqual(both, expected);
    assert.equal(await saved((t) => t !== expected), both);

    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    assert.equal(await saved((t) => t === original), original, 'undo restores store.go');
  },
);
