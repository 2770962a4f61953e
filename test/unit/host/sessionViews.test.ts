// From real shopd files to what the views show: the worker's decodeInputs (loader + analysis +
// path mapping + wait minutes), then the webview models of a group and of the snapshot.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { buildGroupView } from '../../../src/core/present/groupView';
import { buildSummaryView } from '../../../src/core/present/summaryView';
import type { AnalysisSession } from '../../../src/host/model/analysisSession';
import { decodeInputs } from '../../../src/node/decodeWorker';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'shopd-t2');
const input = (f: string) => ({ name: f, path: path.join(dir, f) });

describe('decodeInputs on one shopd capture (go1.26, t2)', () => {
  let session: AnalysisSession;
  let progressCalls = 0;

  before(async () => {
    const outcome = await decodeInputs(
      {
        inputs: ['goroutine_debug2.txt', 'goroutine_debug0.pb.gz', 'goroutineleak_debug1.txt', 'heap_debug0.pb.gz'].map(
          input,
        ),
        maxDecompressedBytes: 1 << 30,
        sourceRoots: [path.join(dir, 'src')],
      },
      () => {
        progressCalls++;
      },
    );
    assert.equal(outcome.kind, 'goroutines');
    if (outcome.kind !== 'goroutines') return;
    session = { id: 't', title: 'shopd t2', ...outcome, snapshotId: null };
  });

  it('finds the 225 leaked goroutines of the ground truth and keeps the heap aside', () => {
    assert.equal(session.result.snapshot.goroutineCount, 292);
    const suspects = session.result.groups.filter((g) => g.verdict.suspect);
    assert.equal(
      suspects.reduce((n, g) => n + g.group.count, 0),
      225,
    );
    assert.ok(session.heap, 'the heap profile was recognised as heap');
    assert.ok(progressCalls > 0);
  });

  it('maps -trimpath stack files to the source root', () => {
    assert.equal(session.localFiles.get('shopd/main.go'), path.join(dir, 'src', 'main.go'));
  });

  it("keeps each group's minutes for the histograms", () => {
    // t2: the initial batch printed "2 minutes", the extra batch "1 minutes"; the rest none (0).
    const values = new Set(session.result.groups.flatMap((g) => g.group.minuteCounts.map(([m]) => m)));
    assert.deepEqual([...values].sort(), [0, 1, 2]);
    for (const g of session.result.groups) {
      assert.equal(
        g.group.minuteCounts.reduce((n, [, c]) => n + c, 0),
        g.group.count,
        g.group.key,
      );
    }
  });

  it('builds the group view of the slow-select handler', () => {
    const g = session.result.groups.find((x) => x.verdict.handler === 'main.(*shop).slowSelect')!;
    assert.ok(g, 'slowSelect group');
    const v = buildGroupView(session.result, g);
    assert.equal(v.count, 50);
    assert.equal(v.kind, 'select-no-ctx');
    assert.equal(v.frames.filter((f) => f.blocking).length, 1);
    assert.equal(v.frames.find((f) => f.blocking)!.file, 'shopd/main.go');
    assert.ok(
      v.frames.some((f) => f.stdlib),
      'net/http frames are marked stdlib',
    );
    assert.equal(
      v.waitHistogram.reduce((n, b) => n + b.count, 0),
      50,
    );
    assert.deepEqual(
      v.waitHistogram.map((b) => b.label),
      ['1 min', '2 min'],
    );
    assert.equal(v.createdBy[0]?.function, 'net/http.(*Server).Serve');
    assert.equal(v.idsTotal, 50);
  });

  it('builds the summary with counts by kind and an icicle of parked goroutines', () => {
    const s = buildSummaryView(session);
    assert.equal(s.suspectGoroutines, 225);
    assert.equal(s.byKind.find((r) => r.name === 'select-no-ctx')?.goroutines, 50);
    assert.equal(s.byKind.find((r) => r.name === 'chan-send-orphan')?.goroutines, 75);
    const visible = session.result.groups.filter((g) => !g.verdict.runtime).reduce((n, g) => n + g.group.count, 0);
    assert.equal(s.icicle.value, visible);
    assert.equal(s.icicle.suspect, 225);
    assert.ok(s.heapTop && s.heapTop.rows.length > 0 && s.heapTop.rows[0]!.flat > 0);
  });
});
