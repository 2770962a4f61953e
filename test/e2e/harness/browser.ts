// Debian's Chromium driven by playwright-core (never `playwright install`: no downloads here).
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.GI_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: chromiumPath,
      headless: process.env.GI_HEADED !== '1',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        // Without these Chromium floods a closed network with refused connections.
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    throw new Error(
      `launching Chromium at ${chromiumPath}: ${(err as Error).message}\n` +
        `(install it with 'apt-get install -y chromium', or run scripts/setup.sh)`,
      { cause: err },
    );
  }
}
