// Proof, not promise: every kind of quick fix applied to the project's own leaky programs
// (test/go/leakyapi, demo/service, test/go/fixkinds), then
//   1. the patched programs build and vet with Go 1.19 and Go 1.27;
//   2. run under the same load and captured three times, the goroutines the fixes were for are
//      gone, and every other goroutine is still there in the same numbers;
//   3. the unpatched programs, run and captured the same way, still leak (so this can fail).
// The programs run side by side (two runs of about 45 s: unpatched, then patched).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { AnalysisResult } from '../../src/core/analysis/verdict';
import { repoRoot, testOutputDir } from '../e2e/harness/repoPaths';
import { applyFixes, type AppliedFix } from './fixProof/applyFixes';
import { demo, fixkinds, leakyapi, type ProofProgram } from './fixProof/programs';
import { runTimeline, type Run } from './fixProof/timeline';

const execFileP = promisify(execFile);
const GO_119 = '/usr/bin/go';
const GO_127 = '/usr/lib/go-1.27/bin/go';
const programs = [leakyapi, demo, fixkinds];
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' };
Object.assign(process.env, { GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' });

/** Goroutines whose stack holds `fn`, in one capture. */
function holding(r: AnalysisResult, fn: string): number {
  return r.groups
    .filter((g) => g.group.stack.frames.some((f) => f.function === fn))
    .reduce((n, g) => n + g.group.count, 0);
}

/**
 * Counts by the program's own frames (innermost first) of the groups blocked in its code: a fix may
 * change the standard library frames under them (http.Serve becomes (*Server).Serve).
 */
function ownStacks(r: AnalysisResult, skip: (fns: string[], handler: string | null) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of r.groups) {
    const fns = g.group.stack.frames.map((f) => f.function);
    const blocking = fns[g.verdict.blockingFrame ?? -1];
    if (!blocking?.startsWith('main.') || skip(fns, g.verdict.handler)) continue;
    const key = fns.filter((f) => f.startsWith('main.')).join(' < ');
    out.set(key, (out.get(key) ?? 0) + g.group.count);
  }
  return out;
}

const missing = [GO_119, GO_127].filter((g) => !existsSync(g));

describe(
  'quick fixes remove the leaks they are for',
  { skip: missing.length ? `no ${missing.join(', ')}` : false },
  () => {
    const work = mkdtempSync(path.join(tmpdir(), 'gi-fix-proof-'));
    const unpatched = new Map<string, Run>();
    const patched = new Map<string, Run>();
    const fixes = new Map<string, AppliedFix[]>();
    const timings: string[] = [];
    const timed = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
      const t = Date.now();
      try {
        return await f();
      } finally {
        timings.push(`${what}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
    };
    const copyOf = (p: ProofProgram, variant: string) => {
      const dir = path.join(work, `${variant}-${p.name}`);
      cpSync(path.join(repoRoot, p.dir), dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}.vscode`) });
      return dir;
    };

    before(async () => {
      const runs = await timed('unpatched run (3 programs side by side)', () =>
        Promise.all(programs.map((p) => runTimeline(p, copyOf(p, 'unpatched'), GO_119))),
      );
      for (const r of runs) unpatched.set(r.program.name, r);
      mkdirSync(testOutputDir, { recursive: true });
      for (const p of programs) {
        const dir = copyOf(p, 'patched');
        const applied = await applyFixes(p, unpatched.get(p.name)!.captures[3]!, dir);
        fixes.set(p.name, applied);
        const { stdout } = await execFileP('git', ['diff', '--no-index', '--', path.join(repoRoot, p.dir), dir]).catch(
          (e: { stdout: string }) => e,
        );
        writeFileSync(path.join(testOutputDir, `fix-proof-${p.name}.diff`), stdout);
      }
    });

    after(() => {
      process.stdout.write(`# fix proof timings\n${timings.map((t) => `#   ${t}`).join('\n')}\n`);
      rmSync(work, { recursive: true, force: true });
    });

    it('applies every kind of fix somewhere', () => {
      const kinds = new Set([...fixes.values()].flat().map((f) => f.fix.kind));
      const summary = [...fixes].map(([n, fs]) => `${n}: ${fs.map((f) => f.fix.kind).join(', ')}`).join('; ');
      for (const k of [
        'select-ctx-done',
        'buffer-channel',
        'send-select-ctx',
        'receive-select-ctx',
        'sleep-select-ctx',
        'request-context',
        'outbound-request-context',
        'ticker-stop',
        'close-stop-channel',
        'pipe-close',
        'pipe-close-with-error',
        'server-read-timeouts',
        'release-lock-while-waiting',
      ])
        assert.ok(kinds.has(k as never), `${k} was not applied (${summary})`);
      process.stdout.write(`# fixes applied: ${summary}\n`);
    });

    it('the patched programs build and vet with Go 1.19 and Go 1.27', async () => {
      await timed('build + vet, 2 toolchains', async () => {
        for (const go of [GO_119, GO_127])
          for (const p of programs) {
            const cwd = path.join(work, `patched-${p.name}`);
            for (const args of [
              ['build', './...'],
              ['vet', './...'],
            ]) {
              await execFileP(go, args, { cwd, env: goEnv }).catch((e: { stderr: string }) => {
                throw new Error(`${go} ${args.join(' ')} in patched ${p.name}: ${e.stderr}`);
              });
            }
          }
      });
    });

    it('patched, under the same load: the fixed goroutines are gone, the others unchanged', async () => {
      const runs = await timed('patched run (3 programs side by side)', () =>
        Promise.all(programs.map((p) => runTimeline(p, path.join(work, `patched-${p.name}`), GO_119))),
      );
      for (const r of runs) patched.set(r.program.name, r);
      for (const p of programs) {
        const before = unpatched.get(p.name)!;
        const now = patched.get(p.name)!;
        // The demo's own load sends a request every 5 s: one may be in flight at a capture.
        const inFlight = p === demo ? 1 : 0;
        const targets = fixes.get(p.name)!;
        assert.ok(targets.length > 0, `${p.name}: no fix applied`);
        for (const t of targets) {
          const was = before.captures.slice(1).map((c) => holding(c, t.target));
          const is = now.captures.slice(1).map((c) => holding(c, t.target));
          process.stdout.write(
            `# ${p.name} ${t.fix.kind} ${t.target}: unpatched ${was.join(' → ')}, patched ${is.join(' → ')}\n`,
          );
          // 3. unpatched: goroutines stay (and pile up under the demo's trickle), never released.
          assert.ok(was[0]! >= 1, `${p.name}: unpatched ${t.target} does not leak (${was})`);
          assert.ok(
            was[0]! <= was[1]! && was[1]! <= was[2]!,
            `${p.name}: unpatched ${t.target} released some (${was})`,
          );
          // 2. patched: none left beyond a request in flight.
          assert.ok(Math.max(...is) <= inFlight, `${p.name}: ${t.fix.title} left ${is} goroutines in ${t.target}`);
          // Nor does the analysis still flag the handler's other goroutines (its client connections).
          const handler = t.group.verdict.handler;
          if (handler)
            assert.deepEqual(
              now.captures[3]!.groups.filter((g) => g.verdict.suspect && g.verdict.handler === handler).map(
                (g) => g.verdict.reason,
              ),
              [],
            );
        }
        // Nothing else changed: every other stack blocked in the program's own code, same counts.
        const handlers = new Set(targets.map((t) => t.group.verdict.handler).filter((h) => h !== null));
        const skip = (fns: string[], h: string | null) =>
          targets.some((t) => fns.includes(t.target)) || (h !== null && handlers.has(h));
        const a = ownStacks(before.captures[3]!, skip);
        const b = ownStacks(now.captures[3]!, skip);
        assert.ok(a.size > 0, `${p.name}: no other goroutines to compare`);
        for (const key of new Set([...a.keys(), ...b.keys()])) {
          const d = Math.abs((a.get(key) ?? 0) - (b.get(key) ?? 0));
          assert.ok(d <= inFlight, `${p.name}: ${key}: unpatched ${a.get(key) ?? 0}, patched ${b.get(key) ?? 0}`);
        }
      }
    });
  },
);
