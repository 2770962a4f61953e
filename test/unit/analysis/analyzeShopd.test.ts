// analyzeSnapshot on real shopd dumps: waits, handlers, kinds and reasons per group; the runtime's
// leak profile as proof; inputs without ids or states; growth across snapshots; diffSnapshots.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { diffSnapshots } from '../../../src/core/analysis/diff';
import type { AnalysisResult, AnalyzedGroup } from '../../../src/core/analysis/verdict';
import { createFsSourceReader } from '../../../src/node/fsSourceReader';
import { corpusPresent, load, shopdRoot, SKIP_NOTE } from '../input/corpusFiles';

const src = () => createFsSourceReader([path.join(shopdRoot, 'src')]);
const file = (v: string, name: string) => path.join(shopdRoot, v, name);

/** The group whose innermost user-or-blocking frame is `fn`. */
function byFunction(r: AnalysisResult, fn: string): AnalyzedGroup {
  const g = r.groups.find((a) => a.group.stack.frames.some((f) => f.function === fn));
  assert.ok(g, `a group running ${fn}`);
  return g;
}

describe('analyzeSnapshot on shopd', { skip: corpusPresent ? false : SKIP_NOTE }, () => {
  it('classifies, attributes and explains every route (go1.23 t2, with source)', async () => {
    const r = await analyzeSnapshot(await load(file('go1.23', 't2_goroutine_debug2.txt')), { sourceReader: src() });
    const slow = byFunction(r, 'main.(*shop).slowSelect').verdict;
    assert.deepEqual(
      [slow.wait, slow.kind, slow.confidence, slow.handler],
      ['select', 'select-no-ctx', 'likely', 'main.(*shop).slowSelect'],
    );
    assert.equal(
      slow.reason,
      '50 goroutines of handler main.(*shop).slowSelect have waited up to 2 minutes in a select at main.go:61 that has no ctx.Done case, and nothing sends on `s.priceCh`: only `<-time.After(30 * time.Minute)` can end it; add `case <-r.Context().Done(): return`.',
    );

    const orphan = byFunction(r, 'main.(*shop).spawnSend.func1').verdict;
    assert.deepEqual(
      [orphan.wait, orphan.kind, orphan.handler],
      ['chan-send', 'chan-send-orphan', 'main.(*shop).spawnSend'],
    );
    assert.match(orphan.reason!, /unbuffered channel ch made by main\.\(\*shop\)\.spawnSend, which has returned/);

    assert.equal(byFunction(r, 'main.(*shop).stockCheck').verdict.kind, 'timeout-handler-orphan');
    const lock = byFunction(r, 'main.(*shop).reserve').verdict;
    assert.equal(lock.kind, 'lock-wait');
    assert.match(lock.reason!, /s\.invMu, which main\.\(\*shop\)\.maintenance \(main\.go:143, chan receive\) holds/);
    const up = byFunction(r, 'main.(*shop).upstreamInventory').verdict;
    assert.equal(up.kind, 'blocking-io-no-deadline');
    assert.match(up.reason!, /calling http\.Get, which has no context and no timeout/);
    assert.equal(byFunction(r, 'net/http.(*persistConn).readLoop').verdict.kind, 'blocking-io-no-deadline');

    for (const fn of [
      'main.(*shop).longPoll',
      'main.(*shop).customCtx',
      'main.withLifetime.func1',
      'main.(*shop).worker',
      'main.(*shop).statsLoop',
      'main.(*shop).maintenance',
      'net/http.(*connReader).backgroundRead',
      'net/http.(*Server).Serve',
    ]) {
      const v = byFunction(r, fn).verdict;
      assert.equal(v.suspect, false, `${fn}: ${v.reason}`);
      assert.equal(v.reason, null);
    }
    assert.equal(byFunction(r, 'main.(*shop).longPoll').verdict.handler, 'main.(*shop).longPoll');
    assert.equal(
      byFunction(r, 'main.withLifetime.func1').verdict.handler,
      'main.(*shop).customCtx',
      'via its parent goroutine',
    );
    assert.equal(r.suspectCount, r.groups.filter((g) => g.verdict.suspect).length);
    assert.ok(
      r.groups.slice(0, r.suspectCount).every((g) => g.verdict.suspect),
      'suspects first',
    );
  });

  it('says when there is no source and does not guess about selects', async () => {
    const r = await analyzeSnapshot(await load(file('go1.19', 't1_goroutine_debug2.txt')));
    const slow = byFunction(r, 'main.(*shop).slowSelect').verdict;
    assert.equal(slow.suspect, false);
    assert.ok(slow.evidence.includes('no source given'));
    assert.ok(
      slow.evidence.some((e) => e.includes('cannot tell from the stack whether this select listens to its context')),
    );
    // Go 1.19 prints no parent ids: the orphan is found because no goroutine runs its creator any more.
    const orphan = byFunction(r, 'main.(*shop).spawnSend.func1').verdict;
    assert.equal(orphan.kind, 'chan-send-orphan');
    assert.ok(orphan.evidence.includes('no goroutine is running its creator function any more'));
  });

  it('takes the runtime leak profile as proof (go1.26 goroutineleak debug=2)', async () => {
    const r = await analyzeSnapshot(await load(file('go1.26', 't2_goroutineleak_debug2.txt')));
    const orphan = byFunction(r, 'main.(*shop).spawnSend.func1');
    assert.equal(orphan.group.leakedCount, 75);
    assert.equal(orphan.verdict.confidence, 'proven');
    assert.equal(orphan.verdict.kind, 'chan-send-orphan');
    assert.ok(orphan.verdict.evidence[0]!.startsWith("the runtime's leak detector marked 75 of 75"));
    assert.equal(byFunction(r, 'main.(*shop).longPoll').verdict.suspect, false);
  });

  it('works on inputs without ids or states (debug=1) without flagging healthy groups', async () => {
    const r = await analyzeSnapshot(await load(file('go1.23', 't1_goroutine_debug1.txt')), { sourceReader: src() });
    for (const fn of [
      'main.(*shop).longPoll',
      'main.(*shop).worker',
      'main.(*shop).statsLoop',
      'main.(*shop).customCtx',
    ]) {
      assert.equal(byFunction(r, fn).verdict.suspect, false, fn);
    }
    assert.equal(byFunction(r, 'main.(*shop).slowSelect').verdict.kind, 'select-no-ctx');
    assert.equal(byFunction(r, 'main.(*shop).stockCheck').verdict.wait, 'chan-receive');
  });

  it('uses earlier snapshots as growth evidence and diffs two moments', async () => {
    const t1 = await load(file('go1.23', 't1_goroutine_debug2.txt'));
    const t2 = await load(file('go1.23', 't2_goroutine_debug2.txt'));
    const r = await analyzeSnapshot(t2, { history: [t1] });
    assert.ok(
      byFunction(r, 'main.(*shop).spawnSend.func1').verdict.evidence.includes(
        'count over the captures: +15 goroutines over 2 captures (60 → 75)',
      ),
    );

    const d = diffSnapshots(t1, t2);
    assert.equal(d.beforeTotal, 248);
    assert.equal(d.afterTotal, 292);
    const send = d.groups.find((g) => g.site.startsWith('main.(*shop).spawnSend.func1'));
    assert.deepEqual(send && [send.before, send.after, send.delta, send.change], [60, 75, 15, 'grew']);
    assert.equal(d.groups[0]!.change, 'grew');
    const longPoll = d.groups.find((g) => g.site.startsWith('main.(*shop).longPoll'));
    assert.equal(longPoll?.change, 'same');
  });
});
