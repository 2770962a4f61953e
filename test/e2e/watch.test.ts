// Watch Endpoint… in a real VS Code (code-server + Chromium) against the demo Go service leaking
// (its own impatient clients every 300 ms): the palette starts the watch, the status bar counts the
// goroutines and the growing groups, the timeline chart beside the editor shows the leak rising,
// a growth verdict with its rate appears in the Goroutines tree, clicking a point of the chart
// opens that tick in the tree, and clicking the status bar item stops the watch. Intervals are
// short by settings. The chart's screenshot is test/output/watch-chart.png (media/screenshots/
// watch-chart.png in the README is a copy of it).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startGoService, type GoService } from './harness/goService';
import { repoRoot } from './harness/repoPaths';
import { startVscode, type VscodeSession } from './harness/startVscode';

const demoDir = path.join(repoRoot, 'demo', 'service');
let service: GoService;
let vscode: VscodeSession;

before(async () => {
  service = await startGoService('demo/service', ['-load', '-trickle', '300ms']);
  vscode = await startVscode({
    workspace: demoDir,
    label: 'watch',
    extension: process.env.GI_E2E_DEV === '1' ? 'development' : 'vsix',
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'goroutineInspector.watch.intervalSeconds': 2,
      'goroutineInspector.watch.fullDumpEvery': 2,
    },
  });
});

after(async () => {
  await vscode?.stop();
  await service?.stop();
});

/** The figures of the chart's values table: column name → numbers, oldest first. */
async function chartValues(): Promise<Map<string, number[]>> {
  const table = vscode.webviewFrame().locator('article.timeline-page table.visually-hidden');
  const heads = (await table.locator('thead th').allTextContents()).map((t) => t.trim());
  const out = new Map<string, number[]>(heads.slice(1).map((h) => [h, []]));
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    heads.slice(1).forEach((h, i) => out.get(h)!.push(Number(cells[i + 1]!.replace(/,/g, '').replace(/ [KM]iB$/, ''))));
  }
  return out;
}

test(
  'a watch of the leaking demo shows the leak rising, flags its growth, and stops from the status bar',
  { timeout: 240_000 },
  async () => {
    const page = vscode.page;
    await vscode.openViewContainer('Goroutine Inspector');
    await page
      .locator('.sidebar .welcome-view-content', { hasText: 'Goroutine Inspector finds' })
      .waitFor({ timeout: 60_000 });
    await vscode.runCommand('Goroutine Inspector: Watch Endpoint…');
    const picker = page.locator('.quick-input-widget input[placeholder*="type a URL"]');
    await picker.waitFor({ timeout: 20_000 });
    await picker.fill(service.url);
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: `Watch ${service.url}` })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');

    // The status bar item: live total and growing groups.
    const status = page.locator('.statusbar-item', { hasText: /goroutines · \d+ growing/ }).first();
    await status.waitFor({ timeout: 60_000 });

    // The chart beside the editor, until it has six captures.
    const web = vscode.webviewFrame();
    await web.locator('article.timeline-page h1', { hasText: 'Watch of' }).waitFor({ timeout: 60_000 });
    const chart = web.locator('svg.timeline-chart');
    for (let i = 0; i < 60; i++) {
      const label = (await chart.getAttribute('aria-label').catch(() => null)) ?? '';
      const n = Number(/^(\d+) capture/.exec(label)?.[1] ?? 0);
      if (n >= 6) break;
      await page.waitForTimeout(1000);
    }
    const values = await chartValues();
    const total = values.get('Goroutines')!;
    assert.ok(total.length >= 6, `captures in the chart: ${total.length}`);
    assert.ok(total.at(-1)! > total[0]!, `the total rises: ${total.join(', ')}`);
    const rising = [...values].filter(
      ([name, v]) => name !== 'Goroutines' && name !== 'Heap in use' && v.at(-1)! > v[0]!,
    );
    assert.ok(
      rising.length > 0,
      `a suspect group's line rises: ${[...values].map(([k, v]) => `${k}: ${v.join(',')}`).join(' | ')}`,
    );
    assert.ok((await web.locator('polyline.series').count()) >= 3, 'total, suspects and heap are drawn');
    // Hovering reads the values of the nearest capture.
    const box = (await chart.boundingBox())!;
    await chart.hover({ position: { x: box.width * 0.1, y: box.height / 2 } });
    assert.match(await web.locator('.readout').innerText(), /Goroutines: [\d,]+/);

    // The tree: a suspect flagged with its growth rate.
    const grows = await vscode.treeItem(/grows \+[\d.]+ goroutines/, 90_000);
    assert.match((await grows.getAttribute('aria-label')) ?? '', /grows \+[\d.]+ goroutines(\/min)? (over|in) /);
    assert.match(await status.innerText(), /[1-9]\d* growing/);
    await vscode.screenshot('watch-chart');

    // Clicking the first point opens that tick in the tree (the view's description names its time).
    const description = page.locator('.pane-header', { hasText: 'Goroutines' }).locator('.description');
    const before = (await description.textContent()) ?? '';
    assert.match(before, /\(watch, /);
    await chart.click({ position: { x: 2, y: box.height / 2 } });
    for (let i = 0; i < 30 && ((await description.textContent()) ?? '') === before; i++) await page.waitForTimeout(500);
    const after = (await description.textContent()) ?? '';
    assert.notEqual(after, before, 'the first tick is shown in the tree');

    // The status bar item stops the watch.
    await status.click();
    await status.waitFor({ state: 'detached', timeout: 30_000 });
    await web.locator('article.timeline-page p', { hasText: /^Stopped\./ }).waitFor({ timeout: 30_000 });
    await vscode.screenshot('watch-stopped');
  },
);
