// The second corpus (test/go/meteohub, captured with Go 1.19, 1.23 and 1.27 under test/fixtures
// with a per-goroutine GROUND_TRUTH.json), analysed the way the CLI does: nothing healthy is ever
// flagged, with source every leak is (but the long polls Go 1.19 cannot tell apart), and each leak
// class says what it found: the context not the request's and where it was made, the victims
// queued behind its holder, the writer that vanished, the server without ReadTimeout, the client gone.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import type { AnalysisResult, AnalyzedGroup } from '../../../src/core/analysis/verdict';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { fixtureCorpus, loadDump, repoRoot, type CorpusCapture } from '../../support/corpora';
import { formatScore, precision, recall, scoreCapture } from '../../support/groundTruthScore';

const corpus = fixtureCorpus('meteohub', path.join(repoRoot, 'test', 'go', 'meteohub'));
const reader = createFsSourceReader([corpus.sourceRoot]);
const memo = new Map<string, Promise<AnalysisResult>>();

function analysed(c: CorpusCapture, source: boolean): Promise<AnalysisResult> {
  const key = `${c.version} ${c.capture} ${source}`;
  let p = memo.get(key);
  if (!p) {
    p = loadDump(c.dump).then((s) => analyzeSnapshot(s, { sourceReader: source ? reader : null }));
    memo.set(key, p);
  }
  return p;
}

const capture = (v: string, t: string): CorpusCapture => {
  const c = corpus.captures.find((x) => x.version === v && x.capture === t);
  assert.ok(c, `meteohub ${v} ${t} is committed`);
  return c;
};

/** The analysed group holding the goroutines of a truth group (they must all share one). */
function groupOf(r: AnalysisResult, c: CorpusCapture, truthId: string): AnalyzedGroup {
  const ids = c.groups.find((g) => g.id === truthId)?.goroutine_ids ?? [];
  assert.ok(ids.length > 0, `truth group ${truthId} has goroutines`);
  const g = r.groups.find((x) => x.group.ids.includes(ids[0]!));
  assert.ok(g, `${truthId} is analysed`);
  return g;
}

describe('meteohub, every capture', () => {
  it('has the nine captures of three Go versions', () => {
    assert.deepEqual([...new Set(corpus.captures.map((c) => c.version))], ['go1.19', 'go1.23', 'go1.27']);
  });

  for (const c of corpus.captures) {
    it(`${c.version} ${c.capture}: nothing healthy flagged, with or without source; with source every leak but Go 1.19's undecidable long polls`, async () => {
      const src = scoreCapture(await analysed(c, true), c.groups);
      const none = scoreCapture(await analysed(c, false), c.groups);
      assert.equal(src.fp, 0, formatScore('with source', src));
      assert.equal(none.fp, 0, formatScore('without source', none));
      const undecidable = c.version === 'go1.19' && (c.capture === 't1' || c.capture === 't2');
      const misses = [...src.misses.keys()];
      assert.deepEqual(misses, undecidable ? ['FN window-gone'] : [], formatScore('with source', src));
      if (src.tp + src.fn > 0) assert.ok((recall(src) ?? 0) > 0.9);
      if (none.tp > 0) assert.equal(precision(none), 1);
    });
  }
});

describe('meteohub reasons (go1.23 t2, with source)', () => {
  const c = capture('go1.23', 't2');

  it('names the context not the request’s where it is made, and the queue behind its holder', async () => {
    const r = await analysed(c, true);
    const holder = groupOf(r, c, 'history-holder').verdict;
    assert.equal(holder.kind, 'context-not-request');
    assert.match(holder.reason ?? '', /given context\.Background\(\) \(service\.go:47\), which is never cancelled/);
    assert.match(
      holder.reason ?? '',
      /7 requests wait for a connection of the database\/sql pool of store\.\(\*Readings\)/,
    );
    const victim = groupOf(r, c, 'summary-victim').verdict;
    assert.equal(victim.kind, 'held-resource-victim');
    assert.match(victim.reason ?? '', /held by 2 goroutines of handler stations\.\(\*Service\)\.History/);
    assert.match(
      groupOf(r, c, 'forecast-holder').verdict.reason ?? '',
      /given c\.life \(forecast\.go:40\), which lives as long as the service/,
    );
    assert.match(
      groupOf(r, c, 'exports-holder').verdict.reason ?? '',
      /given detach\(r\.Context\(\)\) \(exports\.go:124\), which can never be cancelled/,
    );
    assert.match(groupOf(r, c, 'radar-dial').verdict.reason ?? '', /given context\.TODO\(\) \(radar\.go:24\)/);
    const preview = groupOf(r, c, 'preview-victim').verdict;
    assert.equal(preview.kind, 'held-resource-victim');
    assert.match(
      preview.reason ?? '',
      /waiting for a slot of h\.S\.slots, held by 2 goroutines of handler exports\.\(\*Handlers\)\.Create/,
    );
    assert.equal(groupOf(r, c, 'geocode-inflight').verdict.suspect, false, 'the request’s own context is followed too');
  });

  it('names the writer that vanished and the path that does not close', async () => {
    const r = await analysed(c, true);
    const csv = groupOf(r, c, 'export-csv-reader').verdict;
    assert.equal(csv.kind, 'producer-vanished');
    assert.match(csv.reason ?? '', /writeCSV returns at line 64 without pw\.Close\(\)/);
    assert.match(groupOf(r, c, 'replay-reader').verdict.reason ?? '', /Stream returns at line 56 without closing out/);
    assert.match(groupOf(r, c, 'rekey-holder').verdict.reason ?? '', /on s\.issued, whose writers have all exited/);
    assert.equal(groupOf(r, c, 'archive-producer').verdict.suspect, false);
  });

  it('reads the servers’ construction and the reads nothing bounds', async () => {
    const r = await analysed(c, true);
    assert.match(
      groupOf(r, c, 'firmware-body-read').verdict.reason ?? '',
      /sets no ReadTimeout \(ReadHeaderTimeout bounds only the headers\)/,
    );
    assert.match(groupOf(r, c, 'link-v1-read').verdict.reason ?? '', /hijacked connection that has no read deadline/);
    assert.equal(groupOf(r, c, 'link-v2-read').verdict.suspect, false);
    assert.match(groupOf(r, c, 'alerts-webhook').verdict.reason ?? '', /network connection that has no read deadline/);
  });

  it('tells the long poll whose client left from the same stack whose client waits', async () => {
    const r = await analysed(c, false);
    const gone = groupOf(r, c, 'window-gone');
    const held = groupOf(r, c, 'window-held');
    assert.notEqual(gone, held, 'the group is split by client');
    assert.equal(gone.verdict.kind, 'client-gone');
    assert.ok(gone.verdict.evidence.some((e) => /background reader has ended/.test(e)));
    assert.equal(held.verdict.suspect, false);
  });
});

describe('meteohub without source, per Go version', () => {
  it('finds the clients gone from Go 1.21 on, and on Go 1.19 only once no reader is left to pair', async () => {
    const gone = (v: string, t: string) =>
      analysed(capture(v, t), false).then((r) => groupOf(r, capture(v, t), 'window-gone'));
    assert.equal((await gone('go1.27', 't1')).verdict.kind, 'client-gone');
    assert.equal((await gone('go1.19', 't1')).verdict.suspect, false);
    assert.equal((await gone('go1.19', 't3')).verdict.kind, 'client-gone');
  });
});
