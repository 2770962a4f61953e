// `goroutine-inspector diff <before>... -- <after>... [--json]` on two real moments (our own
// leakyapi capture; the shared shopd corpus when present), and its usage errors.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseDiffArgs } from '../../../src/cli/diffCommand';
import { UsageError } from '../../../src/cli/cliIo';
import { defaultCaptureOptions } from '../../../src/cli/captureOptions';
import { corpusPresent, repoRoot, shopdRoot, SKIP_NOTE } from '../input/corpusFiles';

const cli = path.join(repoRoot, 'src', 'cli.ts');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('diff command', () => {
  it('splits the two moments at "--" and rejects what it cannot do', () => {
    assert.deepEqual(parseDiffArgs(['a.txt', 'b.pb.gz', '--', 'c.txt', '--json']), {
      before: ['a.txt', 'b.pb.gz'],
      after: ['c.txt'],
      sourceRoots: [],
      json: true,
      capture: defaultCaptureOptions(),
    });
    assert.throws(
      () => parseDiffArgs(['a.txt', 'c.txt']),
      (e) => e instanceof UsageError && /needs "--"/.test(e.message),
    );
    assert.throws(() => parseDiffArgs(['--', 'c.txt']), /at least one input on each side/);
    assert.throws(() => parseDiffArgs(['a', '--', 'b', '--', 'c']), /one "--"/);
    assert.throws(() => parseDiffArgs(['a', '--', 'b', '--bogus']), /unknown option "--bogus"/);
  });

  it(
    'reports growth between t1 and t2 with the later verdicts (--json)',
    { skip: corpusPresent ? false : SKIP_NOTE },
    () => {
      const v = path.join(shopdRoot, 'go1.23');
      const out = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          cli,
          'diff',
          path.join(v, 't1_goroutine_debug2.txt'),
          '--',
          path.join(v, 't2_goroutine_debug2.txt'),
          '--source-root',
          path.join(shopdRoot, 'src'),
          '--json',
        ],
        { cwd: repoRoot, encoding: 'utf8' },
      );
      const d = JSON.parse(out);
      assert.equal(d.before, 248);
      assert.equal(d.after, 292);
      const slow = d.groups.find((g: { site: string }) => g.site.startsWith('main.(*shop).slowSelect'));
      assert.deepEqual([slow.before, slow.after, slow.change, slow.kind], [40, 50, 'grew', 'select-no-ctx']);
      const longPoll = d.groups.find((g: { site: string }) => g.site.startsWith('main.(*shop).longPoll'));
      assert.deepEqual([longPoll.change, longPoll.suspect], ['same', false]);
    },
  );

  it('reports growth between t1 and t2 of our own leakyapi capture (--json)', () => {
    const v = path.join(repoRoot, 'test', 'fixtures', 'go1.23', 'leakyapi');
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'diff',
        path.join(v, 't1_goroutine_debug2.txt'),
        '--',
        path.join(v, 't2_goroutine_debug2.txt'),
        '--source-root',
        path.join(repoRoot, 'test', 'go', 'leakyapi'),
        '--json',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    const d = JSON.parse(out);
    // GROUND_TRUTH.json: t1 105 goroutines, t2 132; rates-select 6 → 8, events-longpoll 4 and 4.
    assert.equal(d.before, 105);
    assert.equal(d.after, 132);
    const rates = d.groups.find((g: { site: string }) => g.site.startsWith('main.(*api).exchangeRate'));
    assert.deepEqual([rates.before, rates.after, rates.change, rates.kind], [6, 8, 'grew', 'select-no-ctx']);
    const longPoll = d.groups.find((g: { site: string }) => g.site.startsWith('main.(*api).events'));
    assert.deepEqual([longPoll.before, longPoll.change, longPoll.suspect], [4, 'same', false]);
  });

  it('exits 2 with one line on stderr for usage errors', () => {
    const r = run(['diff', 'only-one.txt']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /needs "--"/);
  });
});
