// "Capture from Endpoint…" from the palette with `url` typed into its picker: the extension's
// first step in most UI tests. The palette is opened again when a toast steals its focus.
import type { Workbench } from './workbench';

export async function captureFrom(vscode: Workbench, url: string): Promise<void> {
  const page = vscode.page;
  const picker = page.locator('.quick-input-widget input[placeholder*="type a URL"]');
  for (let attempt = 1; ; attempt++) {
    try {
      await vscode.runCommand('Goroutine Inspector: Capture from Endpoint…');
      await picker.waitFor({ timeout: 20_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
  await picker.fill(url);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: `Capture ${url}` })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
}
