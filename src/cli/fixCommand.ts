// `goroutine-inspector fix INPUTS... --source-root DIR [--write] [--go PATH]`: the quick fixes of
// every suspect group as a unified diff that `git apply` takes (paths relative to the source root,
// one patch per fix with the verdict's reason as a `#` line before it), or written with --write.
// gofmt (from --go, or `go`/`gofmt` on PATH) formats the result when it is found.
import { statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { analyzeSnapshot } from '../core/analysis/analyze';
import type { GoFormatter } from '../core/fix/formatFix';
import { FixSources } from '../core/fix/fixSources';
import { planFixes, textAfter } from '../core/fix/fixPlan';
import { unifiedDiff } from '../core/fix/unifiedDiff';
import { createGoParser } from '../core/source/goParser';
import { createFsSourceReader } from '../node/fsSourceReader';
import { findGofmt, gofmtFormatter } from '../node/gofmt';
import { CAPTURE_USAGE, defaultCaptureOptions, parseCaptureFlag, type CaptureOptions } from './captureOptions';
import { loadCliInputs } from './cliInputs';
import { EXIT_OK, UsageError } from './cliIo';

const USAGE = `usage: goroutine-inspector fix <input>... --source-root DIR [--write] [--go PATH] ${CAPTURE_USAGE}`;

interface FixArgs {
  inputs: string[];
  sourceRoots: string[];
  write: boolean;
  go: string | null;
  capture: CaptureOptions;
}

export function parseFixArgs(args: readonly string[]): FixArgs {
  const out: FixArgs = { inputs: [], sourceRoots: [], write: false, go: null, capture: defaultCaptureOptions() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (flag: string) => {
      const v = a === flag ? args[++i] : a.slice(flag.length + 1);
      if (!v) throw new UsageError(`${flag} needs a value; ${USAGE}`);
      return v;
    };
    const captureFlagEnd = parseCaptureFlag(args, i, out.capture);
    if (captureFlagEnd !== null) i = captureFlagEnd;
    else if (a === '--write') out.write = true;
    else if (a === '--source-root' || a.startsWith('--source-root=')) out.sourceRoots.push(value('--source-root'));
    else if (a === '--go' || a.startsWith('--go=')) out.go = value('--go');
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`fix: unknown option "${a}"; ${USAGE}`);
    else out.inputs.push(a);
  }
  if (out.inputs.length === 0) throw new UsageError(`fix needs at least one input; ${USAGE}`);
  if (out.sourceRoots.length === 0)
    throw new UsageError(`fix needs --source-root: the fixes edit that source; ${USAGE}`);
  for (const dir of out.sourceRoots) {
    let ok = false;
    try {
      ok = statSync(dir).isDirectory();
    } catch {
      /* reported below */
    }
    if (!ok) throw new UsageError(`--source-root ${dir}: no such directory`);
  }
  return out;
}

export async function runFixCommand(args: string[]): Promise<number> {
  const a = parseFixArgs(args);
  const { snapshot, warnings } = await loadCliInputs(a.inputs, a.capture);
  const reader = createFsSourceReader(a.sourceRoots);
  const result = await analyzeSnapshot(snapshot, { sourceReader: reader });
  const sources = await FixSources.create(reader, await createGoParser(await reader.treeSitterWasm()));
  const plan = await planFixes(result, sources);
  const gofmt = await findGofmt(a.go ? { go: a.go } : {});
  const format: GoFormatter | null = gofmt ? gofmtFormatter(gofmt) : null;
  const roots = a.sourceRoots.map((r) => resolve(r));
  const rel = (file: string) => {
    const root = roots.find((r) => resolve(file).startsWith(r + '/')) ?? roots[0]!;
    return relative(root, resolve(file)).split('\\').join('/');
  };

  const originals = new Map<string, string>();
  const current = new Map<string, string>();
  const clean = new Map<string, boolean>();
  let out = '';
  for (let i = 0; i < plan.planned.length; i++) {
    const { fix, added } = plan.planned[i]!;
    let patch = '';
    for (const file of added.keys()) {
      if (!originals.has(file)) {
        const text = (await sources.file(file))!.text;
        originals.set(file, text);
        current.set(file, text);
        clean.set(file, format !== null && (await format(text)) === text);
      }
      let next = textAfter(originals.get(file)!, file, plan.planned, i + 1);
      if (clean.get(file)) next = (await format!(next)) ?? next;
      patch += unifiedDiff(rel(file), current.get(file)!, next);
      current.set(file, next);
    }
    if (patch === '') continue;
    out += `# ${oneLine(fix.reason)}\n# fix: ${oneLine(fix.title)}\n${patch}`;
  }
  if (a.write) for (const [file, text] of current) writeFileSync(file, text);
  else process.stdout.write(out);
  const lines = [
    `${plan.planned.length} fix${plan.planned.length === 1 ? '' : 'es'} for ${result.suspectCount} suspect group(s)` +
      `${a.write ? `, written to ${current.size} file(s)` : ''}${format ? '' : '; gofmt not found, edits left as computed'}`,
    ...(plan.unfixed > 0 ? [`${plan.unfixed} suspect group(s) have no fix that is sound`] : []),
    ...plan.skipped.map((s) => `skipped "${s.fix.title}": ${s.why}`),
    ...warnings.map((w) => `warning: ${w}`),
  ];
  process.stderr.write(lines.map((l) => `fix: ${l}\n`).join(''));
  return EXIT_OK;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
