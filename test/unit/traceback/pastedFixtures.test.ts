// The pasted fixtures of Go 1.19, 1.23 and 1.27 (test/fixtures/go1.*/pasted, written by
// scripts/generateParseFixtures.sh): real runtime output (a dump, a crash, `go test -race`
// reports, a `go test -timeout` dump, tracebackancestors, a dump logged under `go test -v`) and
// what browsers, chats, terminals, loggers and kubectl/journalctl make of them. Each file is
// checked against GROUND_TRUTH.json, written by test/go/pastekit's own parser: every goroutine
// (id, state, labels, every frame's function, file and line, creator and parent, ancestors),
// every race access, the test timeout, and the warnings, each on its line with its text.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GoroutineRecord } from '../../../src/core/model/goroutine';
import { Debug2Parser } from '../../../src/core/traceback/debug2Parser';
import { StackTable } from '../../../src/core/traceback/stackTable';
import { escapeControls } from '../../../src/core/text/terminalText';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
const VERSIONS = ['go1.19', 'go1.23', 'go1.27'];

interface TruthFrame {
  function: string;
  file: string;
  line: number;
}
interface TruthCreator extends TruthFrame {
  parent_id: number | null;
}
interface TruthGoroutine {
  id: number;
  state: string;
  wait_minutes: number | null;
  labels: Record<string, string>;
  frames: TruthFrame[];
  elided_frames: number;
  truncated: boolean;
  created_by: TruthCreator | null;
  ancestors: { goroutine_id: number; frames: TruthFrame[]; created_by: TruthCreator | null; elided: boolean }[];
}
interface TruthRace {
  line: number;
  accesses: {
    access: 'read' | 'write';
    previous: boolean;
    address: string;
    goroutine_id: number;
    frames: TruthFrame[];
  }[];
  created: { goroutine_id: number; status: 'running' | 'finished'; frames: TruthFrame[] }[];
}
interface TruthWarning {
  line: number;
  kind: string;
  text?: string;
  count?: number;
}
interface TruthFile {
  file: string;
  source?: string;
  goroutines: TruthGoroutine[];
  races: TruthRace[];
  test_timeout: { line: number; after: string; running: { name: string; duration: string }[] } | null;
  warnings: TruthWarning[];
}

/** What each kind of warning says (the quoted line follows as ` (at "…")`). */
const WARNING_TEXT: Record<string, RegExp> = {
  'function-line':
    /^cannot read the function line of a frame of goroutine \d+; expected "package\.Function\(arguments\)"; (kept as \S+|the frame is kept without its function)/,
  'no-line-number':
    /^cannot read the line number in the file line of ".+" \(goroutine \d+\); expected "file\.go:LINE \+0xOFFSET"; the frame is kept without its line/,
  'line-overflow':
    /^the line number of ".+" \(goroutine \d+\) does not fit in 32 bits; the frame is kept without its line/,
  junk: /^1 line\(s\) that are no part of a traceback interrupt goroutine \d+ between frames; skipped/,
  'created-by-cut':
    /^the "created by" line of goroutine \d+ is cut short; (its creator "\S+" is kept without its parent goroutine|its creator is unknown)/,
  'no-file-line':
    /^the frame ".+" of goroutine \d+ has no file line; expected "file\.go:LINE \+0xOFFSET" after it; the frame is kept without its file$/,
  cut: /^the input ends in the middle of goroutine \d+; its stack is incomplete$/,
  'control-name': /^function names hold control characters, which Go never prints; they are kept and shown escaped/,
  unprefixed: /^(\d+) line\(s\) without the prefix ".+" of the dump's lines were skipped as noise/,
};

function parse(bytes: Uint8Array, chunk: number) {
  const records: GoroutineRecord[] = [];
  const parser = new Debug2Parser(new StackTable(), { add: (g) => records.push({ ...g }) }, 'pasted');
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  return { records, summary: parser.finish() };
}

const frames = (fs: readonly { function: string; file: string; line: number }[]) =>
  fs.map((f) => `${f.function} ${f.file}:${f.line}`);

function checkGoroutine(g: GoroutineRecord, t: TruthGoroutine, where: string): void {
  assert.equal(g.id, t.id, where);
  assert.equal(g.state, t.state, `${where} state`);
  assert.equal(g.waitMinutes, t.wait_minutes, `${where} minutes`);
  assert.deepEqual({ ...g.labels }, t.labels, `${where} labels`);
  assert.deepEqual(frames(g.stack.frames), frames(t.frames), `${where} frames`);
  assert.equal(g.stack.elidedFrames, t.elided_frames, `${where} elided`);
  assert.equal(g.stack.truncated, t.truncated, `${where} truncated`);
  assert.deepEqual(
    g.createdBy === null ? null : frames([g.createdBy]),
    t.created_by === null ? null : frames([t.created_by]),
    `${where} creator`,
  );
  assert.equal(g.parentId, t.created_by?.parent_id ?? null, `${where} parent`);
  const ancestors = g.ancestors ?? [];
  assert.equal(ancestors.length, t.ancestors.length, `${where} ancestors`);
  ancestors.forEach((a, i) => {
    const ta = t.ancestors[i]!;
    assert.equal(g.ancestorIds![i], ta.goroutine_id, `${where} ancestor ${i} id`);
    assert.deepEqual(frames(a.stack.frames), frames(ta.frames), `${where} ancestor ${i} frames`);
    assert.equal(a.stack.truncated, ta.elided, `${where} ancestor ${i} elided`);
    assert.deepEqual(
      a.createdBy === null ? null : frames([a.createdBy]),
      ta.created_by === null ? null : frames([ta.created_by]),
      `${where} ancestor ${i} creator`,
    );
  });
}

function checkWarnings(got: readonly { message: string; line?: number }[], want: TruthWarning[], where: string): void {
  assert.equal(
    got.length,
    want.length,
    `${where}: warnings ${JSON.stringify(got.map((w) => `${w.line}: ${w.message}`))}`,
  );
  want.forEach((w, i) => {
    const g = got[i]!;
    assert.equal(g.line, w.line, `${where} warning ${i} line (${g.message})`);
    const m = WARNING_TEXT[w.kind]!.exec(g.message);
    assert.ok(m, `${where} warning ${i} is not a ${w.kind} warning: ${g.message}`);
    if (w.kind === 'unprefixed') assert.equal(Number(m[1]), w.count, `${where} unprefixed count`);
    // A frame without its file line is named by its function, not quoted.
    if (w.text !== undefined && w.kind !== 'no-file-line') {
      // The line is quoted as read: past its prefix and indentation.
      const text = w.kind === 'unprefixed' ? w.text : w.text.trimStart();
      const shown = escapeControls(text.length > 120 ? text.slice(0, 120) + '…' : text);
      assert.ok(g.message.endsWith(` (at "${shown}")`), `${where} warning ${i} quotes its line: ${g.message}`);
    }
  });
}

for (const v of VERSIONS) {
  const dir = path.join(FIXTURES, v, 'pasted');
  const truth = (JSON.parse(readFileSync(path.join(dir, 'GROUND_TRUTH.json'), 'utf8')) as { files: TruthFile[] }).files;
  describe(`pasted fixtures ${v}`, () => {
    it('the set of files: real output and each pasted form', () => {
      assert.deepEqual(truth.map((t) => t.file).sort(), [
        'ancestors.txt',
        'crash.txt',
        'crash_expanded_tabs.txt',
        'crash_journalctl.txt',
        'crash_kubectl.txt',
        'dump.txt',
        'dump_crlf_mixed.txt',
        'dump_damaged.txt',
        'dump_indented.txt',
        'dump_quoted.txt',
        'dump_timestamped.txt',
        'hang.txt',
        'logdump.txt',
        'race.txt',
      ]);
    });
    for (const t of truth) {
      it(`${t.file}: goroutines, frames, races and warnings exactly`, () => {
        const bytes = readFileSync(path.join(dir, t.file));
        for (const chunk of [bytes.length, 97]) {
          const where = `${v}/${t.file} (chunks of ${chunk})`;
          const { records, summary } = parse(bytes, chunk);
          const goroutines = records.filter((r) => r.race == null);
          assert.equal(goroutines.length, t.goroutines.length, `${where} goroutines`);
          goroutines.forEach((g, i) =>
            checkGoroutine(g, t.goroutines[i]!, `${where} goroutine ${t.goroutines[i]!.id}`),
          );

          const races = records.filter((r) => r.race != null);
          assert.equal(summary.raceReports, t.races.length, `${where} race reports`);
          assert.equal(
            races.length,
            t.races.reduce((n, r) => n + r.accesses.length, 0),
            `${where} race accesses`,
          );
          let k = 0;
          t.races.forEach((tr, report) => {
            for (const a of tr.accesses) {
              const g = races[k++]!;
              const w = `${where} race ${report} access ${a.goroutine_id}`;
              assert.equal(g.id, a.goroutine_id, w);
              assert.deepEqual(
                { report: g.race!.report, line: g.race!.line, access: g.race!.access, previous: g.race!.previous },
                { report, line: tr.line, access: a.access, previous: a.previous },
                w,
              );
              assert.equal(g.race!.address, a.address, w);
              assert.deepEqual(frames(g.stack.frames), frames(a.frames), `${w} frames`);
              const created = tr.created.find((c) => c.goroutine_id === a.goroutine_id);
              assert.equal(g.race!.goroutineStatus, created?.status ?? null, `${w} status`);
              assert.deepEqual(
                g.createdBy === null ? null : frames([g.createdBy]),
                created ? frames(created.frames.slice(0, 1)) : null,
                `${w} creator`,
              );
              assert.deepEqual(
                (g.ancestors ?? []).map((x) => frames(x.stack.frames)),
                created ? [frames(created.frames)] : [],
                `${w} created-at stack`,
              );
              assert.ok(g.state.startsWith(`race: ${a.previous ? 'previous ' : ''}${a.access} by `), g.state);
            }
          });

          const tt = summary.testTimeout;
          if (t.test_timeout === null) assert.equal(tt, null, where);
          else {
            assert.equal(tt?.line, t.test_timeout.line, where);
            assert.equal(tt?.after, t.test_timeout.after, where);
            // Go 1.19 prints no list: unknown, not empty.
            if (v === 'go1.19') assert.equal(tt?.running, null, where);
            else assert.deepEqual(tt?.running, t.test_timeout.running, where);
          }
          checkWarnings(summary.warnings, t.warnings, where);
        }
      });
    }
  });
}
