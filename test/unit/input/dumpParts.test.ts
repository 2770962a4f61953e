// A dump parsed in parts cut at goroutine boundaries and joined equals the dump parsed whole:
// same groups in the same order, ids in input order, minutes ranges, parents, warnings' lines.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { joinDumpParts, parseDumpPart } from '../../../src/core/input/dumpParts';
import { parseTextBytes } from '../../../src/core/input/parseInput';
import { SKIP_NOTE, corpusPresent, repoRoot, shopdRoot } from './corpusFiles';

function view(p: ReturnType<typeof parseTextBytes>) {
  return {
    count: p.goroutineCount,
    warnings: p.warnings,
    groups: p.groups.map((g) => ({
      ...g,
      key: undefined,
      stack: g.stack.frames.map((f) => `${f.function} ${f.file}:${f.line}`),
    })),
  };
}

function inParts(bytes: Uint8Array, cuts: number[]) {
  const parts = [];
  const bounds = [0, ...cuts, bytes.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const p = parseDumpPart('d');
    p.push(bytes.subarray(bounds[i], bounds[i + 1]));
    parts.push(structuredClone(p.finish()));
  }
  return joinDumpParts('d', parts);
}

/** Offsets just after "\n\n" before a goroutine header, spread over the file. */
function boundaries(bytes: Uint8Array, n: number): number[] {
  const text = Buffer.from(bytes);
  const out: number[] = [];
  for (let k = 1; k <= n; k++) {
    const i = text.indexOf('\n\ngoroutine ', Math.floor((bytes.length * k) / (n + 1)));
    if (i > 0 && (out.length === 0 || i + 2 > out[out.length - 1]!)) out.push(i + 2);
  }
  return out;
}

const FIXTURES = path.join(repoRoot, 'test', 'fixtures');

describe('parsing a dump in parts', () => {
  for (const [f, skip] of [
    [path.join(FIXTURES, 'go1.19/leakyapi/t2_goroutine_debug2.txt'), false],
    [path.join(FIXTURES, 'go1.27/leakyapi/t2_goroutine_debug2.txt'), false],
    [path.join(FIXTURES, 'go1.27/leakyapi/t2_goroutineleak_debug2.txt'), false],
    [path.join(shopdRoot, 'go1.19/t2_goroutine_debug2.txt'), corpusPresent ? false : SKIP_NOTE],
    [path.join(shopdRoot, 'go1.27/t2_goroutine_debug2.txt'), corpusPresent ? false : SKIP_NOTE],
    [path.join(shopdRoot, 'go1.27/t3_goroutineleak_debug2.txt'), corpusPresent ? false : SKIP_NOTE],
  ] as const) {
    const name = f.startsWith(repoRoot) ? path.relative(repoRoot, f) : `shopd ${path.relative(shopdRoot, f)}`;
    it(`${name}: 2, 3 and 7 parts join to the whole`, { skip }, () => {
      const bytes = readFileSync(f);
      const whole = parseTextBytes('d', bytes);
      for (const n of [1, 2, 6]) {
        const joined = inParts(bytes, boundaries(bytes, n));
        assert.deepEqual(view(joined), view(whole), `${n + 1} parts`);
        assert.equal(joined.leakProfile, whole.leakProfile);
        assert.deepEqual(joined.leakedIds, whole.leakedIds);
      }
    });
  }

  it('warnings keep their line numbers', () => {
    const text =
      'goroutine 1 [select]:\nmain.a()\n\tx.go:1 +0x1\n\ngoroutine 2 [select]:\nmain.b()\n\tx.go:2 +0x1\n\ngoroutine 3 [select]:\nmain.c(0x1';
    const bytes = new TextEncoder().encode(text);
    const whole = parseTextBytes('d', bytes);
    const joined = inParts(bytes, boundaries(bytes, 2));
    assert.equal(whole.warnings.length, 1);
    assert.deepEqual(joined.warnings, whole.warnings);
  });
});
