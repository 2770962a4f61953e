// The CLI's capture flags: sizes with units, seconds, headers merged from the environment, files
// and flags in that order (case-insensitive names, later wins), and usage errors naming the flag.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  captureHeaders,
  defaultCaptureOptions,
  parseByteSize,
  parseCaptureFlag,
  type CaptureOptions,
} from '../../../src/cli/captureOptions';
import { UsageError } from '../../../src/cli/cliIo';

function parse(args: string[]): CaptureOptions {
  const o = defaultCaptureOptions();
  for (let i = 0; i < args.length; i++) {
    const end = parseCaptureFlag(args, i, o);
    assert.notEqual(end, null, args[i]);
    i = end!;
  }
  return o;
}

describe('CLI capture flags', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-capture-options-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads sizes in bytes or with binary units', () => {
    assert.equal(parseByteSize('--max-bytes', '1048576'), 1 << 20);
    assert.equal(parseByteSize('--max-bytes', '64K'), 64 << 10);
    assert.equal(parseByteSize('--max-bytes', '256M'), 256 << 20);
    assert.equal(parseByteSize('--max-bytes', '1.5GiB'), 1.5 * 2 ** 30);
    assert.equal(parseByteSize('--max-bytes', '512mb'), 512 << 20);
    for (const bad of ['', '12', '-5M', 'lots', '1T', '1e9'])
      assert.throws(() => parseByteSize('--max-bytes', bad), UsageError, bad);
  });

  it('takes each flag as --flag value and --flag=value', () => {
    const o = parse(['--timeout', '2', '--total-timeout=5', '--max-bytes=8M', '--header', 'A: 1', '--header=B: 2']);
    assert.equal(o.timeoutSeconds, 2);
    assert.equal(o.totalTimeoutSeconds, 5);
    assert.equal(o.maxBytes, 8 << 20);
    assert.equal(o.maxBytesGiven, true);
    assert.deepEqual(o.headerLines, ['A: 1', 'B: 2']);
    assert.equal(parseCaptureFlag(['--json'], 0, defaultCaptureOptions()), null);
    assert.throws(() => parse(['--timeout', '0']), /--timeout takes a number of seconds above 0/);
    assert.throws(() => parse(['--timeout']), /--timeout needs a value/);
  });

  it('merges headers: environment, then files, then --header; names compare without case', () => {
    const file = path.join(dir, 'h.txt');
    writeFileSync(file, 'x-api-key: from-file\nX-File: 1\n');
    const o = parse(['--header-file', file, '--header', 'Authorization: Bearer flag']);
    const headers = captureHeaders(o, {
      GOROUTINE_INSPECTOR_HEADERS: 'X-Api-Key: from-env\nauthorization: Bearer env\nX-Env: 1',
    });
    assert.deepEqual(headers, {
      'x-api-key': 'from-file',
      Authorization: 'Bearer flag',
      'X-Env': '1',
      'X-File': '1',
    });
  });

  it('names the source of a bad header and never its value', () => {
    assert.throws(
      () => captureHeaders(defaultCaptureOptions(), { GOROUTINE_INSPECTOR_HEADERS: 'tok-secret' }),
      (e: Error) =>
        e instanceof UsageError &&
        /GOROUTINE_INSPECTOR_HEADERS, line 1/.test(e.message) &&
        !e.message.includes('tok-secret'),
    );
    const o = parse(['--header-file', path.join(dir, 'missing.txt')]);
    assert.throws(() => captureHeaders(o, {}), /--header-file .*missing\.txt: no such file/);
  });
});
