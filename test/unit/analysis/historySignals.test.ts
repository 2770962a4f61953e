// Verdicts from history on the captures of real runs (the shared shopd corpus when present, our own
// leakyapi and meteohub fixtures), checked against GROUND_TRUTH.json, which has every group's ids
// at each moment: persistence counts exactly the ids the truth has at both moments; growth gives
// its numbers and rate and flags only leaks; history never flags a goroutine the truth calls
// healthy in shopd and leakyapi, and flags fewer in meteohub than before it read ids.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { pointFromSnapshot, type HistoryPoint } from '../../../src/core/analysis/history/historyPoint';
import { growthOf, seriesText } from '../../../src/core/analysis/history/growth';
import type { HistoryContext } from '../../../src/core/analysis/history/historyContext';
import type { AnalysisResult } from '../../../src/core/analysis/verdict';
import { groupDescription } from '../../../src/core/present/treeRows';
import { findCorpora, fixtureCorpus, loadDump, repoRoot, type Corpus, type CorpusCapture } from '../../support/corpora';
import { scoreCapture, addScores, emptyScore, formatScore } from '../../support/groundTruthScore';

const { corpora } = findCorpora();
const shopd = corpora.find((c) => c.name === 'shopd') ?? null;
const meteohub = fixtureCorpus('meteohub', path.join(repoRoot, 'test', 'go', 'meteohub'));
const leakyapi = fixtureCorpus('leakyapi', path.join(repoRoot, 'test', 'go', 'leakyapi'));

function runOf(corpus: Corpus, version: string): CorpusCapture[] {
  return corpus.captures.filter((c) => c.version === version);
}

const at = (c: CorpusCapture) => (c.seconds === null ? null : c.seconds * 1000);

/** Each capture of a run analysed with the earlier ones as history, without source. */
async function withHistory(run: CorpusCapture[]): Promise<{ capture: CorpusCapture; result: AnalysisResult }[]> {
  const out: { capture: CorpusCapture; result: AnalysisResult }[] = [];
  const history: HistoryPoint[] = [];
  for (const c of run) {
    const snapshot = await loadDump(c.dump);
    if (history.length > 0) {
      out.push({ capture: c, result: await analyzeSnapshot(snapshot, { history: [...history], capturedAt: at(c) }) });
    }
    history.push(pointFromSnapshot(snapshot, { at: at(c) }));
  }
  return out;
}

function truthGroupOf(c: CorpusCapture): Map<number, { id: string; leak: boolean }> {
  const m = new Map<number, { id: string; leak: boolean }>();
  for (const g of c.groups) for (const id of g.goroutine_ids) m.set(id, { id: g.id, leak: g.is_leak });
  return m;
}

const PERSISTED =
  /(?:all (\d+) goroutine ids were|(\d+) of the \d+ goroutine ids (?:was|were)|its goroutine id( )was) parked on this stack/;

async function checkPersistence(corpus: Corpus, version: string, earlier: string, later: string): Promise<number> {
  const run = runOf(corpus, version);
  const a = run.find((c) => c.capture === earlier)!;
  const b = run.find((c) => c.capture === later)!;
  const before = pointFromSnapshot(await loadDump(a.dump), { at: at(a) });
  const result = await analyzeSnapshot(await loadDump(b.dump), { history: [before], capturedAt: at(b) });
  const truthThen = new Map(a.groups.map((g) => [g.id, new Set(g.goroutine_ids)]));
  const truthNow = truthGroupOf(b);
  let checked = 0;
  for (const { group, verdict } of result.groups) {
    const truth = new Set(group.ids.map((id) => truthNow.get(id)?.id));
    if (truth.size !== 1 || group.ids.length === 0) continue;
    const then = truthThen.get([...truth][0]!) ?? new Set<number>();
    const expected = group.ids.filter((id) => then.has(id)).length;
    const said = verdict.evidence.map((e) => PERSISTED.exec(e)).find((m) => m !== null);
    const kept = said ? (said[3] !== undefined ? 1 : Number(said[1] ?? said[2])) : 0;
    const leak = b.groups.find((g) => g.id === [...truth][0])!.is_leak;
    const what = `${[...truth][0]} at ${later}: ${verdict.evidence.join(' / ')}`;
    // Never more ids than the truth has at both moments; a leaked goroutine never moves, so for
    // leaks exactly those (a live one may have moved to another line of the same function).
    assert.ok(kept <= expected, what);
    if (leak) assert.equal(kept, expected, what);
    checked++;
  }
  return checked;
}

describe('verdicts from history', () => {
  it('persistence counts exactly the goroutine ids the truth has at both moments (meteohub, leakyapi)', async () => {
    let checked = 0;
    for (const v of ['go1.19', 'go1.23', 'go1.27']) {
      checked += await checkPersistence(meteohub, v, 't1', 't2');
      checked += await checkPersistence(meteohub, v, 't1', 't3');
      checked += await checkPersistence(leakyapi, v, 't1', 't2');
    }
    assert.ok(checked > 100, `${checked} groups checked`);
  });

  it(
    'persistence on shopd t1 → t3, 117 s apart',
    { skip: shopd ? false : 'the shared shopd corpus is absent' },
    async () => {
      for (const v of ['go1.19', 'go1.26', 'go1.27']) assert.ok((await checkPersistence(shopd!, v, 't1', 't3')) > 10);
      // At t2 the go1.26+ dumps print the spawn-send orphans `(leaked)` without minutes: the ids say how long.
      const run = runOf(shopd!, 'go1.27');
      const t1 = run.find((c) => c.capture === 't1')!;
      const t2 = run.find((c) => c.capture === 't2')!;
      const r = await analyzeSnapshot(await loadDump(t2.dump), {
        history: [pointFromSnapshot(await loadDump(t1.dump), { at: at(t1) })],
        capturedAt: at(t2),
      });
      const orphans = r.groups.find((g) =>
        g.group.stack.frames.some((f) => f.function === 'main.(*shop).spawnSend.func1'),
      );
      assert.ok(
        orphans?.verdict.evidence.some((e) =>
          /60 of the \d+ goroutine ids were parked on this stack 1 min earlier/.test(e),
        ),
      );
    },
  );

  it('growth gives its numbers and only flags leaks (meteohub t0 → t1 → t2)', async () => {
    let growth = 0;
    for (const v of ['go1.19', 'go1.23', 'go1.27']) {
      for (const { capture, result } of await withHistory(runOf(meteohub, v))) {
        const truth = truthGroupOf(capture);
        for (const { group, verdict } of result.groups) {
          if (verdict.kind !== 'growth') continue;
          growth++;
          const m = /\+(\d+) goroutines over (\d+) captures \(([\d → ]+)\)/.exec(verdict.reason ?? '');
          assert.ok(m, `growth reason with its numbers: ${verdict.reason}`);
          const series = m[3]!.split(' → ').map(Number);
          assert.equal(series.length, Number(m[2]));
          assert.equal(Number(m[1]), series[series.length - 1]! - series[0]!);
          assert.ok(
            series.every((n, i) => i === 0 || n >= series[i - 1]!),
            'never falls',
          );
          for (const id of group.ids)
            assert.equal(truth.get(id)?.leak, true, `goroutine ${id} flagged by growth is a leak`);
        }
      }
    }
    assert.ok(growth >= 10, `${growth} growth verdicts`);
  });

  it('states a rate per minute when the captures have times', async () => {
    const run = runOf(meteohub, 'go1.27').filter((c) => c.capture !== 't0');
    const [t1, t2, t3] = await Promise.all(run.map((c) => loadDump(c.dump)));
    const minute = 60_000;
    const r = await analyzeSnapshot(t3!, {
      history: [pointFromSnapshot(t1!, { at: 0 }), pointFromSnapshot(t2!, { at: 5 * minute })],
      capturedAt: 10 * minute,
    });
    const texts = r.groups.flatMap((g) => g.verdict.evidence).filter((e) => e.startsWith('count over the captures'));
    assert.ok(
      texts.some((t) => /[+−][\d.]+ goroutines\/min over 10 min \(\d+ → \d+ → \d+\)/.test(t)),
      texts.join('\n'),
    );
    // The tree row of a suspect that grows says how fast; a healthy one that grows does not.
    const rows = r.groups.map((g) => ({ g, d: groupDescription(g) }));
    assert.ok(rows.some(({ g, d }) => g.verdict.suspect && /grows \+[\d.]+ goroutines\/min over 10 min$/.test(d)));
    assert.ok(rows.every(({ g, d }) => g.verdict.suspect || !/grows/.test(d)));
  });

  it('never flags a healthy goroutine of shopd or leakyapi, and fewer of meteohub than before ids were read', async () => {
    const scores = new Map<string, ReturnType<typeof emptyScore>>();
    const present = [leakyapi, meteohub, ...(shopd ? [shopd] : [])];
    for (const corpus of present) {
      let s = emptyScore();
      for (const v of new Set(corpus.captures.map((c) => c.version)))
        for (const { capture, result } of await withHistory(runOf(corpus, v)))
          s = addScores(s, scoreCapture(result, capture.groups));
      scores.set(corpus.name, s);
    }
    assert.equal(scores.get('leakyapi')!.fp, 0, formatScore('leakyapi', scores.get('leakyapi')!));
    if (shopd) assert.equal(scores.get('shopd')!.fp, 0, formatScore('shopd', scores.get('shopd')!));
    // The 4 left are HTTP client connections paired by count with calls that grew (clientConnections.ts); 10 before.
    const m = scores.get('meteohub')!;
    assert.ok(m.fp <= 4, formatScore('meteohub', m));
    assert.ok(
      [...m.misses.keys()].filter((k) => k.startsWith('FP')).every((k) => /geocode-conn/.test(k)),
      formatScore('meteohub', m),
    );
    assert.ok(m.tp >= 390, formatScore('meteohub', m));
  });

  it('cuts the history at a restart and says so', async () => {
    const run = runOf(meteohub, 'go1.27');
    const t3 = await loadDump(run.find((c) => c.capture === 't3')!.dump);
    const t0 = await loadDump(run.find((c) => c.capture === 't0')!.dump);
    const r = await analyzeSnapshot(t0, { history: [pointFromSnapshot(t3, { at: 0 })], capturedAt: 60_000 });
    assert.ok(
      r.warnings.some((w) => /restarted; only the 0 capture\(s\) since are compared/.test(w)),
      r.warnings.join('\n'),
    );
    assert.ok(r.groups.every((g) => !g.verdict.evidence.some((e) => PERSISTED.test(e))));
  });
});

describe('growth of a count series', () => {
  const ctx = (counts: number[], minutesApart: number | null): HistoryContext => {
    const points: HistoryPoint[] = counts.map((n, i) => ({
      at: minutesApart === null ? null : i * minutesApart * 60_000,
      goroutineCount: n,
      hasIds: false,
      groups: [{ signature: 's', countKey: 'k', count: n, ids: [], handler: null }],
    }));
    return {
      points: points.slice(0, -1),
      now: points[points.length - 1]!,
      restart: null,
      idsNow: () => new Set(),
      allIdsNow: new Set(),
    };
  };

  it('rises only when it never falls and ends higher, with its rate', () => {
    const g = growthOf(ctx([5, 17, 29, 41, 53, 65, 77, 89, 101, 113, 125], 1), 'k');
    assert.equal(g.rising, true);
    assert.equal(g.rises, 10);
    assert.equal(g.text, '+12 goroutines/min over 10 min (5 → 17 → 29 → … → 113 → 125)');
    assert.equal(growthOf(ctx([5, 9, 4, 12], 1), 'k').rising, false, 'a fall: some of them ended');
    assert.equal(growthOf(ctx([5, 5, 5], 1), 'k').rising, false);
    assert.equal(growthOf(ctx([3, 3, 4], null), 'k').text, '+1 goroutines over 3 captures (3 → 3 → 4)');
    assert.equal(seriesText([1, 2, 3]), '1 → 2 → 3');
  });
});
