// The heap debug=1 legacy text: real corpus files agree with the protobuf of the same capture on
// what matters (the leaked /spawn-send buffers), and malformed text fails with the line.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { computeTop } from '../../../src/core/analysis/top';
import { InputError } from '../../../src/core/inputError';
import { detectFormat } from '../../../src/core/input/detectFormat';
import { parseHeapText } from '../../../src/core/profile/heapText';
import { shopdCorpus } from './goPprof';

const HEADER = 'heap profile: 1: 16 [2: 32] @ heap/2\n';

describe('parseHeapText', () => {
  it('reads records, inlined frames sharing a PC, and the bytes label', () => {
    const text =
      HEADER +
      '1: 16 [2: 32] @ 0x401001 0x402001\n' +
      '#\t0x401000\tmain.inner+0x10\t/src/main.go:10\n' +
      '#\t0x401000\tmain.outer+0x20\t/src/main.go:20\n' +
      '#\t0x402000\tmain.main+0x30\t/src/main.go:30\n\n' +
      '# runtime.MemStats\n# Alloc = 1\n';
    assert.equal(detectFormat(new TextEncoder().encode(text)), 'heap-text');
    const p = parseHeapText(text, { input: 'h' });
    assert.equal(p.samples.length, 1);
    const s = p.samples[0]!;
    assert.deepEqual(s.values, [2, 32, 1, 16]);
    assert.equal(s.numLabels['bytes'], 16);
    assert.deepEqual(
      s.locations.map((l) => l.lines.map((ln) => `${ln.function.name}:${ln.line}`)),
      [['main.inner:10', 'main.outer:20'], ['main.main:30']],
    );
    assert.deepEqual(computeTop(p), [
      { function: 'main.inner', flat: 16, cum: 16 },
      { function: 'main.main', flat: 0, cum: 16 },
      { function: 'main.outer', flat: 0, cum: 16 },
    ]);
  });

  it('scales sampled values like pprof (heap/N: rate N/2)', () => {
    const p = parseHeapText('heap profile: 1: 1024 [1: 1024] @ heap/1048576\n1: 1024 [1: 1024] @ 0x1\n', {
      input: 'h',
    });
    // pprof: scale = 1 / (1 - exp(-1024 / 524288)), truncated.
    const scale = 1 / (1 - Math.exp(-1024 / 524288));
    const count = Math.trunc(scale),
      bytes = Math.trunc(1024 * scale);
    assert.ok(count > 1);
    assert.deepEqual(p.samples[0]!.values, [count, bytes, count, bytes]);
  });

  it('fails with the line number and the line', () => {
    assert.throws(
      () => parseHeapText('goroutine profile: total 3\n', { input: 'g' }),
      (e: unknown) =>
        e instanceof InputError &&
        e.line === 1 &&
        /g, line 1: parsing heap text: expected a "heap profile/.test(e.message),
    );
    assert.throws(
      () => parseHeapText(HEADER + '1: 16 [2: 32] @ 0x1\nnot a record\n', { input: 'h' }),
      (e: unknown) => e instanceof InputError && e.line === 3 && e.excerpt === 'not a record',
    );
    assert.throws(
      () => parseHeapText(HEADER + '0: 16 [2: 32] @ 0x1\n', { input: 'h' }),
      (e: unknown) => e instanceof InputError && /inuse count is 0 but inuse bytes is 16/.test(e.message),
    );
  });

  const files = ['go1.19', 'go1.23', 'go1.26', 'go1.27'].flatMap((v) =>
    ['t1', 't2', 't3'].map((t) => path.join(shopdCorpus, v, `${t}_heap_debug1.txt`)),
  );
  for (const file of files) {
    it(
      `corpus ${path.relative(shopdCorpus, file)}: totals equal its header, spawn-send buffers as in GROUND_TRUTH`,
      { skip: !existsSync(file) && 'shared corpus absent' },
      () => {
        const text = readFileSync(file);
        const p = parseHeapText(text, { input: file });
        const header = /heap profile: (\d+): (\d+) \[(\d+): (\d+)\]/.exec(text.subarray(0, 200).toString())!;
        const sum = (i: number) => p.samples.reduce((n, s) => n + s.values[i]!, 0);
        assert.deepEqual([sum(2), sum(3), sum(0), sum(1)], header.slice(1, 5).map(Number));
        const top = computeTop(p, { sampleIndex: 3 });
        const spawn = top.find((e) => e.function === 'main.(*shop).spawnSend.func1')!;
        // 60 (t1) or 75 (t2, t3) retained 256 KiB buffers, plus the goroutines' small allocations.
        const buffers = file.includes(`${path.sep}t1_`) ? 15728640 : 19660800;
        assert.ok(spawn.flat >= buffers && spawn.flat < buffers + 65536, `${spawn.flat}`);
      },
    );
  }
});
