// The whole user path in a real VS Code (code-server + Chromium): start the leaky demo service, run
// "Capture from Endpoint…" from the palette, read the tree of suspects, expand one, click a frame
// and land on the blocking line, open the detail webview (and the creator's line from it) and the
// summary, see the decorations, and read the messages for a refused port and a 404; an endpoint
// that wants a token (the 401 message, "Set Endpoint Headers…", the next capture sending the
// header), the picker's recently used endpoints, a dump read from the clipboard, "Map path…" for a
// frame whose file is nowhere local, and a dump printed in the terminal. Captures come from our
// own Go programs: the demo service, and test/go/leakyapi built with -trimpath (its stacks name
// `example.com/leakyapi/…`, a module that is not in the workspace) behind a small proxy that
// answers 401 itself until the token is sent. Screenshots go to test/output/.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from './harness/processGroup';
import { captureFrom } from './harness/captureFrom';
import { startGoService, type GoService } from './harness/goService';
import { repoRoot } from './harness/repoPaths';
import { startVscode, type VscodeSession } from './harness/startVscode';

const demoDir = path.join(repoRoot, 'demo', 'service');
// "Map path…" saves its mapping in the workspace settings, a file of this checkout: put it back.
const demoSettings = path.join(demoDir, '.vscode', 'settings.json');
const demoSettingsText = readFileSync(demoSettings, 'utf8');
const storeGo = readFileSync(path.join(demoDir, 'store.go'), 'utf8').split('\n');
/** 1-based line of the first line matching `re` after the line starting `func (s *store) NAME(`. */
function lineIn(fn: string, re: RegExp): number {
  const start = storeGo.findIndex((l) => l.startsWith(`func (s *store) ${fn}(`));
  assert.ok(start >= 0, `store.go has no ${fn}`);
  const i = storeGo.findIndex((l, n) => n > start && re.test(l));
  return i + 1;
}

let service: GoService;
/** test/go/leakyapi built with -trimpath, with orphaned senders of two /v1/search requests. */
let leaky: GoService;
let vscode: VscodeSession;
let notFound: http.Server;
let notFoundUrl: string;
/** leakyapi's pprof endpoint behind a proxy that answers 401 without `Authorization: Bearer s3cret`. */
let authServer: http.Server;
let authUrl: string;
const authSeen: string[] = [];
const shopdFixture = path.join(repoRoot, 'test', 'fixtures', 'shopd-t2');
const leakyapiDir = path.join(repoRoot, 'test', 'go', 'leakyapi');
const handlersGo = readFileSync(path.join(leakyapiDir, 'handlers.go'), 'utf8').split('\n');

/** GET `url` and read the whole answer. */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

before(async () => {
  // The burst only (see quickFix.test.ts): no /api/export request in flight when it is captured.
  service = await startGoService('demo/service', ['-load', '-trickle', '1h']);
  leaky = await startGoService('test/go/leakyapi', [], { buildFlags: ['-trimpath'] });
  // /v1/search answers with the fastest of three shards; the two slower senders stay blocked
  // forever (test/fixtures/README.md, search-orphan-sender: 2 per request).
  for (let i = 0; i < 2; i++) assert.equal(await get(`${leaky.url}/v1/search?q=e2e${i}`), 200);
  notFound = http.createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found\n');
  });
  await new Promise<void>((r) => notFound.listen(0, '127.0.0.1', () => r()));
  notFoundUrl = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}`;
  authServer = http.createServer((req, res) => {
    authSeen.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== 'Bearer s3cret') {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('unauthorized\n');
      return;
    }
    // Authorized: what the Go service answers, status, headers and bytes.
    http
      .get(`${leaky.url}${req.url ?? '/'}`, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      })
      .on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${err.message}\n`);
      });
  });
  await new Promise<void>((r) => authServer.listen(0, '127.0.0.1', () => r()));
  authUrl = `http://127.0.0.1:${(authServer.address() as AddressInfo).port}`;
  vscode = await startVscode({
    workspace: demoDir,
    label: 'capture',
    extension: process.env.GI_E2E_DEV === '1' ? 'development' : 'vsix',
    // A pasted dump must keep its layout when typed into an editor (see the escaping test).
    // The terminal's DOM renderer, so the test can read what it printed.
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.autoIndent': 'none',
      'editor.insertSpaces': false,
      'terminal.integrated.gpuAcceleration': 'off',
    },
  });
});

after(async () => {
  await vscode?.stop();
  await service?.stop();
  await leaky?.stop();
  notFound?.close();
  authServer?.close();
  writeFileSync(demoSettings, demoSettingsText);
});

/**
 * The text of the notification matching `re`: from the toasts, or from the notification center
 * (headless Chromium's window is never focused, so VS Code often files notifications there only).
 */
async function notificationMatching(re: RegExp, screenshot: string): Promise<string> {
  const page = vscode.page;
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: re }).first();
  const inCenter = page.locator('.notifications-center .notification-list-item-message', { hasText: re }).first();
  for (let i = 0; i < 15; i++) {
    if (await toast.isVisible()) break;
    await vscode.runCommand('Notifications: Show Notifications');
    if (await inCenter.isVisible()) break;
    await page.waitForTimeout(2000);
  }
  const found = (await toast.isVisible()) ? toast : inCenter;
  if (!(await found.isVisible())) {
    await vscode.screenshot(`${screenshot}-failed`);
    throw new Error(
      `no notification matches ${re}; center: ${await page
        .locator('.notifications-center')
        .innerText()
        .catch(() => '')}`,
    );
  }
  await vscode.screenshot(screenshot);
  return ((await found.textContent()) ?? '').trim();
}

/**
 * Waits until `file` is the active tab of a group and the cursor (status bar) is on `line`.
 * (Workbench.activeEditor assumes one editor group; with the webview beside there are two.)
 */
async function editorAt(file: string, line: number): Promise<number> {
  const page = vscode.page;
  const tab = page.locator(`.tabs-container .tab.active[data-resource-name="${file}"]`);
  const selection = page.locator('[id="status.editor.selection"]');
  let at = 0;
  for (let i = 0; i < 40; i++) {
    if ((await tab.count()) > 0 && (await selection.count()) > 0) {
      const m = /Ln (\d+),/.exec((await selection.first().textContent()) ?? '');
      at = m ? Number(m[1]) : 0;
      if (at === line) break;
    }
    await page.waitForTimeout(500);
  }
  return at;
}

async function clearNotifications(): Promise<void> {
  await vscode.runCommand('Notifications: Clear All Notifications');
}

test('capturing the demo service from the palette fills the tree with suspects', { timeout: 180_000 }, async () => {
  // The welcome view first: the extension's container is there once its host has started.
  await vscode.openViewContainer('Goroutine Inspector');
  await vscode.page
    .locator('.sidebar .welcome-view-content', { hasText: 'Goroutine Inspector finds' })
    .waitFor({ timeout: 60_000 });
  await vscode.screenshot('capture-welcome');
  await captureFrom(vscode, service.url);
  const suspects = await vscode.treeItem(/^Suspects/, 60_000);
  assert.equal(await suspects.getAttribute('aria-expanded'), 'true');
  // Bucketed by handler, biggest first; each group row says count × function.
  await vscode.treeItem(/\d+ × \(\*store\)\.quote/);
  const items = await vscode.treeItems('Goroutines');
  const labels = items.map((i) => i.label);
  for (const fn of ['(*store).quote', '(*store).exportOrders.func1', '(*store).stockLevel', '(*store).updateCart']) {
    assert.ok(
      labels.some((l) => new RegExp(`^\\d+ × ${fn.replace(/[()*.]/g, '\\$&')}$`).test(l)),
      `no group row for ${fn} in ${labels.join(' | ')}`,
    );
  }
  // Suspects come first; healthy and undecided groups after them, in that order.
  const suspectsAt = labels.indexOf('Suspects');
  const later = ['Healthy', 'Undecided'].map((l) => labels.indexOf(l)).filter((i) => i >= 0);
  assert.ok(suspectsAt === 0 && later.length > 0, labels.join(' | '));
  assert.deepEqual(
    [...later].sort((a, b) => a - b),
    later,
    'Healthy before Undecided',
  );
  assert.ok(
    later.every((i) => i > suspectsAt),
    'after Suspects',
  );
  const status = vscode.page.locator('.statusbar-item', { hasText: /suspect goroutine/ }).first();
  await status.waitFor({ timeout: 10_000 });
  assert.match(await status.innerText(), /\d+ suspect goroutines/);
  await vscode.screenshot('capture-tree');
});

test('expanding a suspect shows its stack; clicking a frame opens the blocking line', { timeout: 60_000 }, async () => {
  const group = await vscode.treeItem(/\d+ × \(\*store\)\.quote/);
  await group.locator('.monaco-tl-twistie').click();
  const expected = lineIn('quote', /^\s*select \{/);
  const frame = await vscode.treeItem(new RegExp(`store\\.go:${expected}`));
  await frame.click();
  assert.equal(await editorAt('store.go', expected), expected, `cursor on the select of quote (store.go:${expected})`);
  await vscode.screenshot('capture-frame');
});

test('the blocking line carries a decoration with the count and state', { timeout: 60_000 }, async () => {
  // VS Code draws an after-text decoration as CSS generated content on a span of the line.
  // (A string: this tsconfig has no DOM types; it runs in the page.)
  const script = `[...document.querySelectorAll('.view-lines span')].map((el) => getComputedStyle(el, '::after').content).filter((c) => c.includes('goroutine'))`;
  const texts = async () => vscode.page.evaluate<string[]>(script);
  let found: string[] = [];
  for (let i = 0; i < 40 && !found.some((t) => /⏸ \d+ goroutines · select/.test(t)); i++) {
    found = await texts();
    if (!found.length) await vscode.page.waitForTimeout(500);
  }
  assert.ok(
    found.some((t) => /⏸ \d+ goroutines · select/.test(t)),
    `decorations: ${found.join(' | ')}`,
  );
  assert.ok(
    found.some((t) => /⏸ \d+ goroutines · chan send/.test(t)),
    `decorations: ${found.join(' | ')}`,
  );
});

test('clicking a group opens the detail webview beside the source', { timeout: 60_000 }, async () => {
  await vscode.clickTreeItem(/\d+ × \(\*store\)\.exportOrders\.func1/);
  const expected = lineIn('exportOrders', /result <- /);
  assert.equal(await editorAt('store.go', expected), expected, "the sender's blocking line");
  const web = vscode.webviewFrame();
  await web.locator('h1', { hasText: 'exportOrders' }).waitFor({ timeout: 30_000 });
  await web.locator('h2', { hasText: 'Created by' }).waitFor({ timeout: 10_000 });
  const text = await web.locator('article.group-page').innerText();
  assert.match(text, /chan-send-orphan/);
  assert.match(text, /Suggested fix/);
  assert.match(text, /main\.\(\*store\)\.exportOrders/);
  assert.match(text, /route/);
  assert.match(text, /Goroutine ids \(\d+\)/);
  await vscode.screenshot('capture-webview-group');
  // Keyboard: frames are buttons; Enter on the focused one opens it (the sender has one frame).
  assert.equal(await web.locator('button.frame.blocking').count(), 1);
  await web.locator('button.frame.blocking').focus();
  await vscode.page.keyboard.press('Enter');
  assert.equal(await editorAt('store.go', expected), expected);
});

test('the webview\'s "Created by" entry opens the line that started the goroutines', { timeout: 60_000 }, async () => {
  // The detail webview still shows the senders' group (the test before): from its blocking frame
  // (the send) to its creator (the `go` statement above it).
  const web = vscode.webviewFrame();
  await web.locator('h1', { hasText: 'exportOrders' }).waitFor({ timeout: 30_000 });
  const sendLine = lineIn('exportOrders', /result <- /);
  const goLine = lineIn('exportOrders', /^\s*go func\(\) \{/);
  await web.locator('button.frame.blocking').click();
  assert.equal(await editorAt('store.go', sendLine), sendLine);
  const creator = web.locator('ol.chain button.frame').first();
  const text = await creator.innerText();
  assert.match(text, /main\.\(\*store\)\.exportOrders/);
  assert.match(text, new RegExp(`store\\.go:${goLine}`));
  // The button posts `createdBy/open`; the host opens the creator's line.
  await creator.click();
  assert.equal(await editorAt('store.go', goLine), goLine, 'the go statement that started the senders');
  await vscode.screenshot('capture-webview-created-by');
});

test('the summary page shows counts by kind and the icicle', { timeout: 60_000 }, async () => {
  const web = vscode.webviewFrame();
  await web.locator('vscode-button.back').click();
  await web.locator('article.summary-page').waitFor({ timeout: 20_000 });
  const text = await web.locator('article.summary-page').innerText();
  assert.match(text, /suspect goroutines/);
  assert.match(text, /select-no-ctx/);
  assert.match(text, /By handler/);
  assert.ok((await web.locator('.icicle .cell').count()) > 5, 'icicle cells');
  await vscode.screenshot('capture-webview-summary');
});

test('a refused port gets a message with the URL and what to try', { timeout: 60_000 }, async () => {
  await vscode.page.keyboard.press('Escape');
  await clearNotifications();
  const url = `http://127.0.0.1:${await freePort()}`;
  await captureFrom(vscode, url);
  const msg = await notificationMatching(/connection refused/, 'capture-error-refused');
  assert.match(msg, new RegExp(url.replace(/[.:/]/g, '\\$&')));
  assert.match(msg, /Check that the service is running/);
});

test('a server without net/http/pprof (404) gets a specific message', { timeout: 60_000 }, async () => {
  await clearNotifications();
  await captureFrom(vscode, notFoundUrl);
  const msg = await notificationMatching(/404/, 'capture-error-404');
  assert.match(msg, new RegExp(`${notFoundUrl.replace(/[.:/]/g, '\\$&')}/debug/pprof/goroutine`));
  assert.match(msg, /net\/http\/pprof/);
});

test(
  'profile strings are shown as text: a label <img onerror> does not become markup',
  { timeout: 90_000 },
  async () => {
    const evil = '<img src=x onerror=alert(1)>';
    // A Go 1.27 dump (labels in the header) pasted into an untitled editor, then "Analyze Selection".
    const dump = [
      `goroutine 7 [chan send, 3 minutes] {route: "${evil}"}:`,
      'main.leak.func1()',
      '\t/src/evil/main.go:12 +0x25',
      'created by main.leak in goroutine 1',
      '\t/src/evil/main.go:10 +0x4a',
      '',
      'goroutine 8 [chan send, 3 minutes] {route: "' + evil + '"}:',
      'main.leak.func1()',
      '\t/src/evil/main.go:12 +0x25',
      'created by main.leak in goroutine 1',
      '\t/src/evil/main.go:10 +0x4a',
      '',
    ].join('\n');
    await vscode.runCommand('File: New Untitled Text File');
    await vscode.page
      .locator('.editor-group-container .monaco-editor textarea')
      .first()
      .waitFor({ state: 'attached', timeout: 20_000 });
    await vscode.page.keyboard.insertText(dump);
    await vscode.runCommand('Goroutine Inspector: Analyze Selection');
    // No source for /src/evil: the group may land under Healthy or Undecided; open its bucket, then click it.
    const bucket = await vscode.treeItem(/^main\.leak\.func1$/, 60_000);
    if ((await bucket.getAttribute('aria-expanded')) !== 'true') await bucket.click();
    await vscode.clickTreeItem(/^2 × leak\.func1/);
    const web = vscode.webviewFrame();
    await web.locator('h1', { hasText: 'leak.func1' }).waitFor({ timeout: 30_000 });
    const dd = web.locator('dl.labels dd').first();
    assert.equal(((await dd.textContent()) ?? '').trim(), evil);
    assert.equal(await web.locator('img').count(), 0, 'no <img> element was created from the label');
    await vscode.screenshot('capture-webview-escaped-label');
  },
);

test(
  'an endpoint that wants a token: the 401 says what to do, "Set Endpoint Headers…" stores it, the capture sends it',
  { timeout: 120_000 },
  async () => {
    const page = vscode.page;
    await page.keyboard.press('Escape');
    await clearNotifications();
    await captureFrom(vscode, authUrl);
    const msg = await notificationMatching(/401/, 'capture-error-401');
    assert.match(msg, /Set Endpoint Headers/);
    await clearNotifications();
    // The command: pick the endpoint (typed), then the header line into the password box.
    await vscode.runCommand('Goroutine Inspector: Set Endpoint Headers…');
    const picker = page.locator('.quick-input-widget input[placeholder*="type a URL"]');
    await picker.waitFor({ timeout: 20_000 });
    await picker.fill(authUrl);
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: `Capture ${authUrl}` })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    const box = page.locator('.quick-input-widget input[type="password"]');
    await box.waitFor({ timeout: 20_000 });
    await box.fill('Authorization: Bearer s3cret');
    // Accepted when the box closes (an Enter that lands while the box still validates is ignored).
    for (let i = 0; i < 5 && (await box.isVisible()); i++) {
      await page.keyboard.press('Enter');
      await page.waitForTimeout(500);
    }
    assert.equal(await box.isVisible(), false, 'the header box was accepted');
    const saved = await notificationMatching(/Saved Authorization/, 'headers-saved');
    assert.match(saved, new RegExp(authUrl.replace(/[.:/]/g, '\\$&')));
    assert.ok(!saved.includes('s3cret'), 'the secret is not shown');
    await clearNotifications();
    authSeen.length = 0;
    await captureFrom(vscode, authUrl);
    // leakyapi's orphaned search senders (a suspect without its source): the tree shows that capture.
    await vscode.treeItem(/^4 × \(\*api\)\.search\.func1\b/, 60_000);
    assert.ok(
      authSeen.length >= 3 && authSeen.every((h) => h === 'Bearer s3cret'),
      `headers seen: ${authSeen.join(', ')}`,
    );
    // The detail webview left open by the tests before now shows this capture's summary, not a group of an older one.
    await vscode.webviewFrame().locator('article.summary-page h1', { hasText: authUrl }).waitFor({ timeout: 20_000 });
    await vscode.screenshot('capture-with-headers');
  },
);

test('the endpoint picker lists the endpoints captured from, most recent first', { timeout: 60_000 }, async () => {
  const page = vscode.page;
  await vscode.runCommand('Goroutine Inspector: Capture from Endpoint…');
  await page.locator('.quick-input-widget input[placeholder*="type a URL"]').waitFor({ timeout: 20_000 });
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: 20_000 });
  const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  await vscode.screenshot('capture-picker-recent');
  await page.keyboard.press('Escape');
  // Successful captures only: the token endpoint, then the demo service; not the refused port or the 404.
  const recent = texts.filter((t) => t.includes('http://127.0.0.1:'));
  const at = (url: string) => recent.findIndex((t) => t.includes(url));
  assert.ok(at(authUrl) >= 0 && at(service.url) >= 0, `rows: ${texts.join(' | ')}`);
  assert.ok(at(authUrl) < at(service.url), `most recent first: ${recent.join(' | ')}`);
  assert.equal(at(notFoundUrl), -1, 'a failed capture is not remembered');
});

test('"Analyze Dump from Clipboard" reads a dump copied in the browser', { timeout: 90_000 }, async () => {
  const page = vscode.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(vscode.url).origin });
  const dump = readFileSync(path.join(shopdFixture, 'goroutine_debug2.txt'), 'utf8');
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(dump)})`);
  await vscode.runCommand('Goroutine Inspector: Analyze Dump from Clipboard');
  const view = await vscode.view('Goroutines');
  await view
    .locator('.monaco-list-row', { hasText: /\d+ × \(\*shop\)\.spawnSend\.func1/ })
    .first()
    .waitFor({ timeout: 60_000 });
  // The tree's description names where the dump came from.
  await page.locator('.pane-header', { hasText: 'Clipboard' }).first().waitFor({ timeout: 20_000 });
  await vscode.screenshot('capture-clipboard');
});

test(
  'a frame whose file is nowhere local offers "Map path…"; the mapped folder opens it at its line',
  { timeout: 120_000 },
  async () => {
    const page = vscode.page;
    await clearNotifications();
    // leakyapi, built with -trimpath, names its files `example.com/leakyapi/…`: a module that is
    // not in this workspace. Its orphaned search sender blocks on the send in search's closure.
    const sendLine = handlersGo.findIndex((l) => /hits <- sh\.lookup\(q\)/.test(l)) + 1;
    assert.ok(sendLine > 0, 'handlers.go has the send');
    await captureFrom(vscode, leaky.url);
    const group = await vscode.treeItem(/^4 × \(\*api\)\.search\.func1\b/, 60_000);
    if ((await group.getAttribute('aria-expanded')) !== 'true') await group.locator('.monaco-tl-twistie').click();
    await vscode.clickTreeItem(new RegExp(`handlers\\.go:${sendLine}`));
    const missing = 'Cannot find example.com/leakyapi/handlers.go';
    const warning = await notificationMatching(new RegExp(missing), 'map-path-offered');
    assert.match(warning, /Map "example\.com" to a local folder/);
    await page
      .locator('.notification-list-item', { hasText: missing })
      .first()
      .locator('.monaco-button', { hasText: 'Map path…' })
      .click();
    // code-server's folder dialog is a quick input: type the folder, then accept it. The module's
    // first path element maps to test/go, which holds leakyapi/.
    const folder = path.dirname(leakyapiDir);
    const input = page.locator('.quick-input-widget input');
    await page
      .locator('.quick-input-widget', { hasText: 'Local folder for "example.com"' })
      .waitFor({ timeout: 20_000 });
    // The dialog fills in its starting folder a moment after it shows, and may do so again once it
    // has listed that folder: type ours until it stays for two looks in a row.
    for (let i = 0, stable = 0; i < 20 && stable < 2; i++) {
      const value = await input.inputValue();
      if (value === `${folder}/`) stable++;
      else {
        stable = 0;
        if (value !== '') await input.fill(`${folder}/`);
      }
      await page.waitForTimeout(500);
    }
    assert.equal(await input.inputValue(), `${folder}/`);
    await page.waitForTimeout(1000);
    await vscode.screenshot('map-path-dialog');
    const ok = page.locator('.quick-input-widget .monaco-button', { hasText: 'Use for example.com' });
    if (await ok.isVisible()) await ok.click();
    else await page.keyboard.press('Enter');
    assert.equal(
      await editorAt('handlers.go', sendLine),
      sendLine,
      'handlers.go of the mapped folder, at the blocking send',
    );
    await vscode.screenshot('map-path-opened');
    // Saved for this workspace.
    assert.match(readFileSync(demoSettings, 'utf8'), /"example\.com": ".*test\/go"/);
  },
);

test(
  '"Analyze Terminal Selection" reads a dump printed in the terminal, though an editor was used last',
  { timeout: 120_000 },
  async () => {
    const page = vscode.page;
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(vscode.url).origin });
    const dumpFile = path.join(mkdtempSync(path.join(tmpdir(), 'gi-e2e-terminal-')), 'panic.txt');
    writeFileSync(
      dumpFile,
      [
        'panic: send on closed channel',
        '',
        'goroutine 41 [running]:',
        'main.(*relay).forward(0xc000120000)',
        '\t/src/relay/relay.go:31 +0x7d',
        'created by main.main in goroutine 1',
        '\t/src/relay/main.go:19 +0x10a',
        '',
        'goroutine 42 [chan receive, 7 minutes]:',
        'main.(*relay).drain(0xc000120000)',
        '\t/src/relay/relay.go:48 +0x3a',
        'created by main.main in goroutine 1',
        '\t/src/relay/main.go:20 +0x14c',
        '',
      ].join('\n'),
    );
    await vscode.runCommand('Terminal: Create New Terminal');
    const terminal = page.locator('.terminal-wrapper.active .xterm');
    await terminal.waitFor({ timeout: 30_000 });
    await terminal.click();
    await page.keyboard.type(`cat ${dumpFile}\n`);
    try {
      await page
        .locator('.terminal-wrapper.active .xterm-rows', { hasText: 'goroutine 42 [chan receive, 7 minutes]' })
        .waitFor({ timeout: 30_000 });
    } catch (err) {
      await vscode.screenshot('capture-terminal-failed');
      throw err;
    }
    await vscode.runCommand('Terminal: Select All');
    await vscode.runCommand('Goroutine Inspector: Analyze Terminal Selection');
    try {
      await page.locator('.pane-header', { hasText: 'Terminal selection' }).first().waitFor({ timeout: 60_000 });
    } catch (err) {
      await vscode.screenshot('capture-terminal-analyze-failed');
      throw err;
    }
    await vscode.screenshot('capture-terminal-selection');
    // Both goroutines of the panic in the tree: without their source, healthy or undecided, no suspect.
    const view = await vscode.view('Goroutines');
    const sectionRows = view.locator('.monaco-list-row', { hasText: /\d+ goroutines? · \d+ groups?/ });
    await sectionRows.first().waitFor({ timeout: 20_000 });
    const texts = await sectionRows.allInnerTexts();
    const counted = texts.reduce((n, t) => n + Number(/(\d+) goroutines? ·/.exec(t)?.[1] ?? 0), 0);
    assert.equal(counted, 2, texts.join(' | '));
    assert.ok(!texts.some((t) => t.includes('Suspects')), texts.join(' | '));
  },
);
