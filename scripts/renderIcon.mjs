// Renders media/icon.png (the 128x128 Marketplace icon) from media/goroutine.svg with headless
// Chromium: the activity-bar glyph in white on a Go-blue rounded square. Rerun after editing the svg.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'media', 'goroutine.svg'), 'utf8')
  .replace(/width="24" height="24"/, 'width="92" height="92"')
  .replace('stroke-width="1.6"', 'stroke-width="1.9"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;display:flex;align-items:center;justify-content:center;
  background:linear-gradient(160deg,#00add8,#007d9c);color:#fff">${svg}</div></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.GI_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(html);
await page.screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
await browser.close();
