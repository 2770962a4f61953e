// `goroutine-inspector top` end to end through src/cli.ts: JSON equals computeTop (and so pprof),
// the table is readable, standard input works, and bad input or usage exits 2 with one line on
// stderr and no stack trace.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../profile/goPprof';

const golden = path.join(repoRoot, 'test', 'golden', 'top');
const malformed = path.join(repoRoot, 'test', 'fixtures', 'malformed', 'proto');

function cli(args: string[], stdin?: Uint8Array) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), 'top', ...args], {
    cwd: repoRoot,
    input: stdin,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function failsWithOneLine(r: ReturnType<typeof cli>, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

describe('goroutine-inspector top', () => {
  const heap = path.join(golden, 'go1.19_t1_heap.pb.gz');
  const expected = JSON.parse(readFileSync(path.join(golden, 'go1.19_t1_heap.top.json'), 'utf8'));

  it('prints the pprof numbers as JSON for the default and a chosen sample type', () => {
    const r = cli([heap, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected['inuse_space']);
    const objects = cli([heap, '--sample', 'alloc_objects', '--json']);
    assert.deepEqual(JSON.parse(objects.stdout), expected['alloc_objects']);
  });

  it('reads standard input with -', () => {
    const r = cli(['-', '--json'], readFileSync(heap));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected['inuse_space']);
  });

  it("prints pprof's table: its unit for the whole table, flat%, sum% and cum%", () => {
    const r = cli([heap]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Type: inuse_space');
    // `go tool pprof -top` on this profile: the smallest value is a few hundred bytes, so all are in B.
    assert.equal(lines[1], 'Total: 17427488B');
    assert.match(lines[2]!, /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/);
    const first = expected['inuse_space'][0];
    assert.match(
      lines[3]!,
      new RegExp(
        `^\\s*${first.flat}B\\s+\\S+%\\s+\\S+%\\s+${first.cum}B\\s+\\S+%\\s+${first.function.replace(/[()*.]/g, '\\$&')}$`,
      ),
    );
  });

  it('exits 2 with one line for bad input and bad usage', () => {
    failsWithOneLine(
      cli([path.join(malformed, 'truncated.pb.gz')]),
      /truncated\.pb\.gz, byte \d+: decompressing: gzip data is corrupt or truncated/,
    );
    failsWithOneLine(cli([path.join(malformed, 'html-error-page.html')]), /detecting format: an HTML page/);
    failsWithOneLine(
      cli([path.join(malformed, 'dangling-location.pb')]),
      /validating profile: sample 3 refers to location 99/,
    );
    failsWithOneLine(cli(['/nonexistent/profile.pb.gz']), /\/nonexistent\/profile\.pb\.gz: reading: no such file/);
    failsWithOneLine(
      cli([heap, '--sample', 'nope']),
      /no sample type "nope" \(it has: alloc_objects, alloc_space, inuse_objects, inuse_space\)/,
    );
    failsWithOneLine(cli([]), /top needs a profile/);
    failsWithOneLine(cli([heap, '--frobnicate']), /unknown option "--frobnicate"/);
  });
});
