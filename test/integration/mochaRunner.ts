// Runs compiled mocha test files inside the extension host and rejects if any test fails. The
// spec reporter's lines reach the runner through the host's console (see the launcher).
import type * as MochaTypes from 'mocha';
import { format } from 'node:util';
import { suiteLineTag } from './suiteOutput';

type MochaCtor = (new (options: MochaTypes.MochaOptions) => MochaTypes) & {
  reporters: { Base: { consoleLog: (...args: unknown[]) => void; useColors?: boolean } };
};

export async function runMocha(files: readonly string[]): Promise<void> {
  if (files.length === 0) throw new Error(`runMocha: no *.test.js files to run`);
  // mocha 12 is an ES module; Node 20.19+ and Electron both require() it, in one of these shapes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: import() would not work in Electron's CommonJS host
  const m = require('mocha') as { Mocha?: MochaCtor; default?: MochaCtor } & MochaCtor;
  const Mocha: MochaCtor = m.Mocha ?? m.default ?? m;
  const base = Mocha.reporters.Base;
  const consoleLog = base.consoleLog;
  // Colour codes would reach the runner's log as text: mocha turns them on under CI=true, and
  // its check marks come pre-coloured whatever `color` says.
  const ansi = /\u001b\[[0-9;]*m/g;
  base.consoleLog = (...args: unknown[]) => consoleLog(suiteLineTag + format(...args).replace(ansi, ''));
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.GI_MOCHA_TIMEOUT_MS ?? 30_000),
    grep: process.env.GI_MOCHA_GREP,
  });
  base.useColors = false;
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  try {
    await new Promise<void>((resolve, reject) => {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    });
  } finally {
    base.consoleLog = consoleLog;
  }
}
