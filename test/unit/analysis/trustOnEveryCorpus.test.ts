// The two errors that cost a user's trust, on every corpus with a per-goroutine ground truth (the
// shared shopd corpus when present, leakyapi, meteohub and the held-out relay), every Go version and
// capture, with the service's source and without: a healthy goroutine flagged as a suspect, and a
// leaked one listed under Healthy. Undecided groups (no signal either way) are neither; recall is
// reported by `npm run score`, not asserted here.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { findCorpora, loadDump } from '../../support/corpora';
import { addScores, emptyScore, scoreCapture } from '../../support/groundTruthScore';

const { corpora } = findCorpora();

describe('no false suspect and no leak listed as Healthy, on every corpus', () => {
  for (const corpus of corpora) {
    for (const mode of ['source', 'none'] as const) {
      it(`${corpus.name}, ${mode === 'source' ? 'with its source' : 'without source'}`, async () => {
        let total = emptyScore();
        for (const c of corpus.captures) {
          const result = await analyzeSnapshot(await loadDump(c.dump), {
            sourceReader: mode === 'source' ? createFsSourceReader([corpus.sourceRoot]) : null,
          });
          const s = scoreCapture(result, c.groups);
          const where = `${c.version} ${c.capture}: ${[...s.misses].filter(([k]) => k.startsWith('FP')).join(', ')}`;
          assert.equal(s.fp, 0, `healthy goroutines flagged at ${where}`);
          assert.equal(s.healthyLeaks, 0, `leaked goroutines listed as Healthy at ${c.version} ${c.capture}`);
          total = addScores(total, s);
        }
        // Not vacuous: the corpus has leaks that were found and healthy goroutines that were listed.
        assert.ok(total.tp > 0 && total.listedHealthy > 0, `tp ${total.tp}, listed healthy ${total.listedHealthy}`);
      });
    }
  }
  it('finds the project’s own corpora (committed with the repository)', () => {
    assert.ok(corpora.some((c) => c.name === 'holdout-relayd') && corpora.some((c) => c.name === 'meteohub'));
  });
});
