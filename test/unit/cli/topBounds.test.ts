// `goroutine-inspector top` reads within a bound, as `analyze` does: /dev/zero and /dev/urandom end
// on their first bytes (they grew by ~250 MB/s until killed), a profile past --max-bytes is
// refused, and top holds its stated memory bound: it reads samples one at a time into reused typed
// arrays (sampleWalker), so its peak stays within a few times the decompressed input however many
// samples there are, distinct or identical (the model of `analyze` keeps ~200 bytes per distinct
// sample, one shared object for a run of identical ones). The profiles are real leakyapi heap profiles whose
// samples were replaced by a million tiny ones (test/support/protoEdit.ts).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { withTinySamples } from '../../support/protoEdit';
import { repoRoot, runCli, type CliRun } from '../../support/runCli';

const heap = path.join(repoRoot, 'test', 'fixtures', 'go1.23', 'leakyapi', 't1_heap_debug0.pb.gz');
const MiB = 1 << 20;

function oneLineFailure(r: CliRun, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
}

const mib = (n: number) => `${(n / MiB).toFixed(0)} MiB`;

describe('goroutine-inspector top: bounded reading and decoding', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gi-top-bounds-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let baseline: CliRun;
  const SAMPLES = 1_000_000;

  before(async () => {
    const raw = gunzipSync(readFileSync(heap));
    writeFileSync(path.join(dir, 'same.pb'), withTinySamples(raw, SAMPLES));
    writeFileSync(path.join(dir, 'distinct.pb'), withTinySamples(raw, SAMPLES, true));
    baseline = await runCli(['top', heap], { peakRss: true });
    assert.equal(baseline.code, 0, baseline.stderr);
  });

  it('top /dev/zero ends on the first bytes', async () => {
    const r = await runCli(['top', '/dev/zero'], { peakRss: true, killAfterMs: 30_000 });
    oneLineFailure(r, /\/dev\/zero, byte 0: detecting format: the input holds only NUL bytes/);
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
    assert.ok(r.peakRssBytes! - baseline.peakRssBytes! < 32 * MiB, mib(r.peakRssBytes!));
  });

  it('top - < /dev/urandom ends on the protobuf framing of the first bytes', async () => {
    const r = await runCli(['top', '-'], { stdinPath: '/dev/urandom', peakRss: true, killAfterMs: 30_000 });
    oneLineFailure(r, /^goroutine-inspector: -, byte \d+: decoding protobuf: .*not a pprof protobuf profile/);
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
    assert.ok(r.peakRssBytes! - baseline.peakRssBytes! < 64 * MiB, mib(r.peakRssBytes!));
  });

  it('refuses a profile past --max-bytes, naming the flag', async () => {
    const r = await runCli(['top', path.join(dir, 'same.pb'), '--max-bytes', '4M']);
    oneLineFailure(r, /the profile is larger than the limit of 4194304 bytes.*--max-bytes/);
    const fits = await runCli(['top', path.join(dir, 'same.pb'), '--max-bytes', '64M', '--json']);
    assert.equal(fits.code, 0, fits.stderr);
  });

  it('a million identical tiny samples share one object: a few times the input', async () => {
    const input = readFileSync(path.join(dir, 'same.pb')).length;
    const r = await runCli(['top', path.join(dir, 'same.pb'), '--json'], { peakRss: true });
    assert.equal(r.code, 0, r.stderr);
    const entries = JSON.parse(r.stdout) as { flat: number }[];
    assert.equal(
      entries.reduce((n, e) => n + e.flat, 0),
      SAMPLES,
    );
    const over = r.peakRssBytes! - baseline.peakRssBytes!;
    console.log(
      `${SAMPLES} identical samples, ${mib(input)}: ${mib(over)} over a small top (${(over / input).toFixed(1)}×)`,
    );
    assert.ok(over < 8 * input, `${mib(over)} for ${mib(input)}`);
  });

  it('a million distinct tiny samples stay within a few times the input (top reads samples one at a time)', async () => {
    const input = readFileSync(path.join(dir, 'distinct.pb')).length;
    const r = await runCli(['top', path.join(dir, 'distinct.pb'), '--json'], { peakRss: true });
    assert.equal(r.code, 0, r.stderr);
    const over = r.peakRssBytes! - baseline.peakRssBytes!;
    console.log(
      `${SAMPLES} distinct samples, ${mib(input)}: ${mib(over)} over a small top (${(over / input).toFixed(1)}×)`,
    );
    assert.ok(over < 8 * input, `${mib(over)} for ${mib(input)}`);
  });
});
