// The decode worker's warm-up (src/node/workerWarmUp.ts) must do the work a real job does, or it
// warms nothing: its dump parses into the goroutines it was made of, and the analysis reads the
// warm-up program's source at the blocking lines and judges the groups from it.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { GoroutinesOutcome } from '../../../src/node/decodeWorker';
import { decodeInputs } from '../../../src/node/decodeWorker';
import { warmUp } from '../../../src/node/workerWarmUp';

describe('the decode worker warm-up', () => {
  it('decodes its dump and analyses it with its program as the source root', async () => {
    let outcome: GoroutinesOutcome | null = null;
    await warmUp(async (bytes, sourceRoot) => {
      const o = await decodeInputs(
        { inputs: [{ name: 'warm-up', bytes }], maxDecompressedBytes: 1 << 26, sourceRoots: [sourceRoot] },
        () => undefined,
      );
      assert.equal(o.kind, 'goroutines');
      outcome = o as GoroutinesOutcome;
    }, 50);
    assert.ok(outcome, 'the warm-up ran its decode');
    const result = (outcome as GoroutinesOutcome).result;
    // goroutine 1, each handler and its sender, as many over the generated handlers, 20 workers.
    assert.equal(result.snapshot.goroutineCount, 1 + 3 * 50 + 20);
    assert.deepEqual(result.warnings, []);
    const handlers = new Set(result.groups.map((g) => g.verdict.handler).filter((h) => h !== null));
    assert.ok(handlers.size > 40, `${handlers.size} handlers: the sites are many, as in a real dump`);
    // The select was read from the program's source: the analysis ran the source path.
    assert.ok(
      result.groups.filter((g) => g.verdict.evidence.some((e) => /source read at main\.go:\d+/.test(e))).length > 40,
      result.groups.map((g) => g.verdict.evidence.join(' | ')).join('\n'),
    );
  });

  it('swallows a failing decode: the first job then runs cold, nothing breaks', async () => {
    await warmUp(() => Promise.reject(new Error('no')), 5);
  });
});
