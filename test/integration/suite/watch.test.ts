// Watch Endpoint… inside a real extension host, against a real Go service (the demo with -park
// 10000 and a fast trickle of leaking requests, started by runIntegration.ts as GI_WATCH_URL):
// ticks follow the plan (debug=2 on the first and every 2nd, proto otherwise), each is a snapshot
// of the watch, the series is in workspace storage, one watch per endpoint, Stop ends it and
// Resume continues the same series after a gap. A timer-drift probe (../driftProbe.ts) runs the
// whole time: a 10 ms interval timer whose late firings are the extension host's event loop
// blocked, with the CPU its main thread used in each gap. The worst gap during the ticks is
// written to test/output/watch-event-loop.json and printed: a figure, not a timed assertion (the
// target is 50 ms). On this 2-core VM shared by several test runs a gap of 47 ms came with 2 ms of
// the thread's CPU: the wall-clock gap is the scheduler's as much as the extension's, so asserting
// it would fail on a busy machine with nothing wrong. GI_HOST_CPU_PROFILE=FILE profiles the host.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WatchSeries } from '../../../src/core/watch/watchSeries';
import type { GoroutineInspectorApi } from '../../../src/host/extension';
import { driftProbe } from '../driftProbe';
import { startHostProfiler } from '../hostProfiler';
import { activateApi, waitFor } from '../hostSupport';

let api: GoroutineInspectorApi;
let extensionPath: string;

function watchUrl(): string {
  const url = process.env.GI_WATCH_URL;
  assert.ok(url, 'GI_WATCH_URL is not set: run the suite through test/integration/runIntegration.ts');
  return url;
}

async function setWatch(key: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration('goroutineInspector')
    .update(`watch.${key}`, value, vscode.ConfigurationTarget.Global);
}

describe('Watch Endpoint…: a real Go service over time', function () {
  this.timeout(180_000);

  before(async () => {
    ({ api, extensionPath } = await activateApi());
    await setWatch('intervalSeconds', 1);
    await setWatch('fullDumpEvery', 2);
  });

  after(async () => {
    for (const id of api.watches.runningIds()) await api.watches.stop(id);
    await setWatch('intervalSeconds', undefined);
    await setWatch('fullDumpEvery', undefined);
  });

  it('captures per plan into snapshots of the watch, keeps the series, and blocks the event loop little', async () => {
    const profiler = await startHostProfiler();
    const probe = driftProbe();
    const started = await vscode.commands.executeCommand<WatchSeries>('goroutineInspector.watchEndpoint', watchUrl());
    assert.ok(started, 'the watch started');
    assert.equal(api.watches.isRunning(started.id), true);
    // At most one watch per endpoint: asking again gives the running one.
    const again = await vscode.commands.executeCommand<WatchSeries>('goroutineInspector.watchEndpoint', watchUrl());
    assert.equal(again?.id, started.id);
    const series = await waitFor(
      '6 ticks',
      async () => {
        const s = await api.watches.series(started.id);
        return s && s.ticks.filter((t) => t.point).length >= 6 ? s : undefined;
      },
      120_000,
    );
    const stopped = await vscode.commands.executeCommand<WatchSeries>('goroutineInspector.stopWatch', started.id);
    const drift = probe.stop();
    await profiler.stop();
    assert.ok(stopped);
    assert.equal(api.watches.isRunning(started.id), false);
    const captured = stopped.ticks.filter((t) => t.point);
    assert.ok(captured.length >= series.ticks.filter((t) => t.point).length);
    // Every tick of this run: full, counts, full, counts… (no failures against a live service).
    assert.deepEqual(
      captured.slice(0, 6).map((t) => t.kind),
      ['full', 'counts', 'full', 'counts', 'full', 'counts'],
    );
    for (const t of captured) {
      assert.equal(t.point!.hasIds, t.kind === 'full', 'ids on full ticks only');
      assert.ok(t.point!.goroutineCount > 10_000, `the parked goroutines are counted: ${t.point!.goroutineCount}`);
      assert.ok(t.heapInUse !== null && t.heapInUse > 0, 'heap in use from every tick');
      const meta = await api.snapshots.get(t.snapshotId!);
      assert.equal(meta?.watchId, started.id, 'each tick is a snapshot of the watch');
      const names = meta!.files.map((f) => f.name).sort();
      assert.deepEqual(
        names,
        t.kind === 'full'
          ? ['goroutine_debug0.pb.gz', 'goroutine_debug2.txt', 'heap_debug0.pb.gz']
          : ['goroutine_debug0.pb.gz', 'heap_debug0.pb.gz'],
        'the demo runs a Go without goroutineleak (404), asked once then no more',
      );
    }
    // The leak rises: the demo's trickle adds leaking requests every 200 ms.
    assert.ok(captured.at(-1)!.point!.goroutineCount > captured[0]!.point!.goroutineCount);
    assert.ok(stopped.suspects.length > 0, 'suspects of the last full tick');
    // The tree shows the last full tick, analysed with the history before it.
    const session = api.sessions.session!;
    assert.match(session.title, /\(watch, /);
    assert.ok(session.result.groups.some((g) => g.verdict.suspect));
    // Stored: a new reader of the storage (a reload) finds the same series.
    const stored = await api.watches.files.read(started.id);
    assert.deepEqual(stored?.ticks.length, stopped.ticks.length);

    const figures = {
      worstGapMs: Math.round(drift.worstMs),
      worstGapCpuMs: drift.worstCpuMs,
      worstBusyGapMs: drift.worstBusyMs,
      samples: drift.samples,
      gapsOver50Ms: drift.over50,
      ticks: captured.length,
      late: drift.late.map((l) => ({ ...l, sinceStart: l.at - started.startedAt })),
      tickStarts: stopped.ticks.map((t) => ({ kind: t.kind, sinceStart: t.at - started.startedAt })),
    };
    const out = path.join(extensionPath, 'test', 'output');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'watch-event-loop.json'), JSON.stringify(figures, null, 2));
    console.log(
      `      watch ticks against 10k parked goroutines: worst event-loop gap ${figures.worstGapMs} ms (main thread CPU in it ${figures.worstGapCpuMs ?? '?'} ms; most CPU in one gap ${figures.worstBusyGapMs ?? '?'} ms) over ${figures.samples} probes (${figures.gapsOver50Ms} over 50 ms), ${figures.ticks} ticks`,
    );
  });

  it('resumes a stopped watch: the same series, a gap for the time it was not watched, new ticks after it', async () => {
    const [last] = await api.watches.files.list();
    assert.ok(last, 'a stored series');
    const before = last.ticks.length;
    const resumed = await vscode.commands.executeCommand<WatchSeries>('goroutineInspector.resumeWatch', last.id);
    assert.equal(resumed?.id, last.id);
    assert.match(resumed!.ticks[before]!.reason ?? '', /^not watched since /);
    const more = await waitFor(
      '2 new ticks',
      async () => {
        const s = await api.watches.series(last.id);
        return s && s.ticks.length >= before + 3 ? s : undefined;
      },
      60_000,
    );
    assert.equal(more.ticks[before + 1]!.kind, 'full', 'a resumed watch starts with the dump');
    assert.equal(
      more.ticks[before + 1]!.segment,
      more.ticks[before - 1]!.segment,
      'the same process: the same segment',
    );
    await vscode.commands.executeCommand('goroutineInspector.stopWatch');
    assert.equal(api.watches.runningIds().length, 0);
  });
});
