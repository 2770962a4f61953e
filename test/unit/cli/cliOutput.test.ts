// The CLI exits as soon as its output is flushed (without tearing down the heap): output far
// larger than a pipe's buffer, read slowly, must still arrive whole, with the exit code.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('goroutine-inspector output through a pipe', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-cli-output-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a multi-megabyte --json document read slowly arrives whole, then the exit code', async () => {
    // 60,000 goroutines of one group: their ids alone make the JSON several pipe buffers long.
    const parts: string[] = [];
    for (let i = 1; i <= 60_000; i++)
      parts.push(
        `goroutine ${i} [chan send, 5 minutes]:\nmain.leak.func1()\n\t/src/app/main.go:12 +0x25\ncreated by main.leak in goroutine ${i % 7}\n\t/src/app/main.go:10 +0x4a\n`,
      );
    const dump = path.join(dir, 'dump.txt');
    writeFileSync(dump, parts.join('\n'));
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), 'analyze', dump, '--json', '--fail-on-suspects'],
      { cwd: repoRoot },
    );
    const chunks: Buffer[] = [];
    p.stdout.pause();
    // A reader that keeps the pipe full for a while before it starts reading.
    setTimeout(() => p.stdout.resume(), 1500);
    p.stdout.on('data', (d: Buffer) => chunks.push(d));
    const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
    const text = Buffer.concat(chunks).toString('utf8');
    assert.ok(text.length > 300_000, `${text.length} bytes`);
    const doc = JSON.parse(text) as { goroutines: number; groups: { goroutineIds: number[]; suspect: boolean }[] };
    assert.equal(doc.goroutines, 60_000);
    assert.equal(
      doc.groups.reduce((n, g) => n + g.goroutineIds.length, 0),
      60_000,
    );
    // Orphaned senders with their creators gone: suspects, so --fail-on-suspects exits 1.
    assert.equal(code, doc.groups.some((g) => g.suspect) ? 1 : 0);
  });
});

describe('goroutine-inspector <command> --help', () => {
  it('prints the usage on stdout and exits 0, for every command', async () => {
    const { spawnSync } = await import('node:child_process');
    for (const command of ['analyze', 'watch', 'top', 'diff', 'fix']) {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), command, '--help'],
        {
          cwd: repoRoot,
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 0, `${command}: ${r.stderr}`);
      assert.match(r.stdout, /^usage:\n {2}goroutine-inspector analyze <input>/);
      assert.equal(r.stderr, '');
    }
  });
});
