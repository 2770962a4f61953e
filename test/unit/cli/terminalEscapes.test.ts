// Names, files, labels and lines full of terminal escape sequences, built from real leakyapi
// fixtures by editing their function names, file names and labels: no command prints a control
// character raw, on stdout or stderr, as a table or as JSON; the JSON still carries the names
// exactly (escaped only as JSON escapes them).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { editStrings } from '../../support/protoEdit';
import { repoRoot, runCli } from '../../support/runCli';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'go1.23', 'leakyapi');

// Set the window title, clear the screen, move up and erase a line (CSI as ESC [ and as the one
// C1 character U+009B), carriage return, backspace, hide text (SGR 8), reverse the text direction.
const INJECT = '\x1b]0;owned\x07\x1b[2J\x1b[1A\u009b2K\r\x08\x1b[8m\u202e';

// Raw controls a terminal obeys. \n ends lines, nothing else may appear.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function assertClean(text: string, what: string): void {
  const m = RAW.exec(text);
  assert.equal(m, null, `${what} holds U+${m?.[0].charCodeAt(0).toString(16)} at ${m?.index}`);
}

describe('terminal escapes in inputs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-escapes-'));
  const file = (name: string) => path.join(dir, name);
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    // The same edit in the dump and in the proto, so that the proto's labels still join its stacks.
    const inject = (s: string) =>
      s.replaceAll('main.(*api).', `main.(*api).${INJECT}`).replaceAll('/handlers.go', `/hand${INJECT}lers.go`);
    const dump = inject(readFileSync(path.join(fixtures, 't1_goroutine_debug2.txt'), 'utf8'));
    writeFileSync(file('dump.txt'), dump);
    writeFileSync(file('before.txt'), readFileSync(path.join(fixtures, 't0_goroutine_debug2.txt')));
    const proto = gunzipSync(readFileSync(path.join(fixtures, 't1_goroutine_debug0.pb.gz')));
    // Function names, file names and label values (routes) of the string table.
    const routes = new Set(['search', 'balance', 'webhooks', 'streams']);
    const edited = editStrings(proto, (s) => (routes.has(s) ? s + INJECT : inject(s)));
    writeFileSync(file('labels.pb.gz'), gzipSync(edited));
    const heap = gunzipSync(readFileSync(path.join(fixtures, 't1_heap_debug0.pb.gz')));
    writeFileSync(file('heap.pb.gz'), gzipSync(editStrings(heap, (s) => (s.startsWith('main.') ? s + INJECT : s))));
  });

  it('analyze prints the table with every control escaped, and shows what was there', async () => {
    const r = await runCli(['analyze', file('dump.txt'), file('labels.pb.gz')]);
    assert.equal(r.code, 0, r.stderr);
    assertClean(r.stdout, 'stdout');
    assertClean(r.stderr, 'stderr');
    assert.ok(r.stdout.includes('\\x1b]0;owned\\x07\\x1b[2J'), r.stdout.slice(0, 2000));
    assert.ok(r.stdout.includes('\\x9b2K'), 'U+009B is shown as \\x9b');
    assert.ok(r.stdout.includes('\\u202e'), 'the direction override is shown');
  });

  it('analyze --json escapes C1 and format controls too, and keeps the names exact', async () => {
    const r = await runCli(['analyze', file('dump.txt'), file('labels.pb.gz'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assertClean(r.stdout, 'the JSON');
    const doc = JSON.parse(r.stdout) as {
      groups: { frames: { function: string; file: string }[]; labels: Record<string, string> }[];
    };
    const frames = doc.groups.flatMap((g) => g.frames);
    assert.ok(frames.some((f) => f.function.includes(`main.(*api).${INJECT}`)));
    assert.ok(frames.some((f) => f.file.includes(`/hand${INJECT}lers.go`)));
    assert.ok(
      doc.groups.some((g) => g.labels['route'] === `search${INJECT}`),
      'a label value from the edited proto',
    );
  });

  it('top and diff print escaped names', async () => {
    const top = await runCli(['top', file('heap.pb.gz')]);
    assert.equal(top.code, 0, top.stderr);
    assertClean(top.stdout, 'top');
    assert.ok(top.stdout.includes('\\x1b]0;owned'), top.stdout);
    const json = await runCli(['top', file('heap.pb.gz'), '--json']);
    assertClean(json.stdout, 'top --json');
    assert.ok((JSON.parse(json.stdout) as { function: string }[]).some((e) => e.function.includes(INJECT)));
    const diff = await runCli(['diff', file('before.txt'), '--', file('dump.txt')]);
    assert.equal(diff.code, 0, diff.stderr);
    assertClean(diff.stdout, 'diff');
    assert.ok(diff.stdout.includes('\\x1b]0;owned'), diff.stdout);
  });

  it('error messages quote the offending line with its controls escaped', async () => {
    const cases: [string, string, RegExp][] = [
      ['debug1.txt', `goroutine profile: total ${INJECT}\n`, /parsing debug=1/],
      ['heap.txt', `heap profile: 1: 2 [3: 4] @ heap/1048576\n1: 2 [3: 4] @ ${INJECT}\n`, /parsing heap text/],
      // Text (no C0 bytes, else it reads as binary) with U+009B and a direction override.
      ['junk.txt', `hello \u009b2J\u009b1A\u202e world\nmore text\n`, /neither a goroutine dump/],
    ];
    for (const [name, text, stage] of cases) {
      writeFileSync(file(name), text);
      const r = await runCli([name.startsWith('heap') ? 'top' : 'analyze', file(name)]);
      assert.equal(r.code, 2, `${name}: ${r.stdout}`);
      assert.match(r.stderr, stage);
      assertClean(r.stderr, `${name} stderr`);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
  });
});
