// Behaves like `code --extensionDevelopmentPath=… --extensionTestsPath=… FOLDER` for runTests:
// starts code-server with a throwaway profile, opens the workbench in headless Chromium with the
// same options as a `payload`, relays everything the extension host logs (mocha's reporter
// included) to stdout/stderr, and exits with the suite's exit code.
import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from '../../e2e/harness/browser';
import { startCodeServer } from '../../e2e/harness/codeServer';
import { payloadUrl } from '../../e2e/harness/payloadUrl';
import { testOutputDir } from '../../e2e/harness/repoPaths';
import { suiteLineTag } from '../suiteOutput';

interface LaunchArgs {
  folder: string | undefined;
  extensionDevelopmentPath: string | undefined;
  extensionTestsPath: string | undefined;
  ignored: string[];
}

function parseArgs(argv: readonly string[]): LaunchArgs {
  const out: LaunchArgs = {
    folder: undefined,
    extensionDevelopmentPath: undefined,
    extensionTestsPath: undefined,
    ignored: [],
  };
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m && m[1] === 'extensionDevelopmentPath') out.extensionDevelopmentPath = m[2];
    else if (m && m[1] === 'extensionTestsPath') out.extensionTestsPath = m[2];
    else if (!arg.startsWith('-') && out.folder === undefined) out.folder = arg;
    // --user-data-dir, --extensions-dir, --disable-extensions…: code-server gets a fresh profile
    // with no other extensions anyway.
    else out.ignored.push(arg);
  }
  return out;
}

function fail(message: string): never {
  process.stderr.write(`codeServerLauncher: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionDevelopmentPath || !args.extensionTestsPath) {
    fail(`need --extensionDevelopmentPath= and --extensionTestsPath= (got ${process.argv.slice(2).join(' ')})`);
  }
  const folder = args.folder ?? args.extensionDevelopmentPath;
  const timeoutMs = Number(process.env.GI_INTEGRATION_TIMEOUT_MS ?? 300_000);
  const quiet = process.env.GI_LAUNCHER_QUIET === '1';

  const server = await startCodeServer({ label: 'integration' });
  const browser = await launchChromium().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  const stopAll = async () => {
    await browser.close().catch(() => undefined);
    await server.stop();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      void stopAll().then(() => process.exit(130));
    });
  }
  try {
    const page = await browser.newPage();
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    // The workbench calls these smoke-test driver hooks with everything it and the extension host
    // log and, when the tests end, their exit code. The suite reporter's lines (tagged by
    // runMocha) go to stdout; the rest (the workbench's chatter, failed lookups on a closed
    // network, the extension's own logging) goes to a file, and its last errors are shown if the
    // run fails (an extension that throws on activation, a suite that does not load).
    const workbenchLog = createWriteStream(path.join(testOutputDir, 'integration-workbench.log'));
    const recentErrors: string[] = [];
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (line.startsWith(suiteLineTag)) {
        if (!quiet) process.stdout.write(`${line.slice(suiteLineTag.length)}\n`);
        return;
      }
      workbenchLog.write(`[${type}] ${line}\n`);
      // Always there on a closed network, never the cause.
      if (type === 'error' && !line.includes("authentication provider 'github'"))
        recentErrors.push(line.split('\n').slice(0, 6).join('\n'));
      if (recentErrors.length > 10) recentErrors.shift();
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
    const url = payloadUrl(server.url, folder, {
      extensionDevelopmentPath: args.extensionDevelopmentPath,
      extensionTestsPath: args.extensionTestsPath,
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        process.stderr.write(
          `codeServerLauncher: no result from the extension host within ${timeoutMs} ms ` +
            `(code-server log: ${server.logFile})\n`,
        );
        resolve(3);
      }, timeoutMs);
    });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    workbenchLog.end();
    if (code !== 0) {
      if (!quiet && recentErrors.length > 0) {
        process.stderr.write(`codeServerLauncher: the workbench's last errors:\n${recentErrors.join('\n')}\n`);
      }
      process.stderr.write(
        `codeServerLauncher: exit code ${code}; workbench log: ${workbenchLog.path}, code-server log: ${server.logFile}\n`,
      );
    }
    return code;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => fail((err as Error).stack ?? String(err)),
);
