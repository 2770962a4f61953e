// A group whose goroutines each have their own parent splits into the part whose parents have
// exited and the part whose parents run: the orphans are judged as orphans, the others are not
// tainted by them (and the reverse). Real parser on a Go 1.21+ dump.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { partsByParent } from '../../../src/core/analysis/groupParts';
import { orphanhood } from '../../../src/core/analysis/creatorAttribution';
import { SnapshotIndex } from '../../../src/core/analysis/snapshotIndex';
import { analyzeSnapshot } from '../../../src/core/analysis/analyze';
import { park, requests, snapshotOf, type DumpGoroutine } from './rules/factsFromDump';

const PUMP = 'main.(*api).pump';
const SOCKET = 'main.(*api).socket /build/relay/socket.go:40';

/** A pump per socket handler: goroutine 300+i created by the handler goroutine `parent`. */
function pump(id: number, parent: number): DumpGoroutine {
  return {
    id,
    state: 'chan receive',
    frames: [
      park('runtime.gopark'),
      park('runtime.chanrecv', 'runtime/chan.go:664'),
      `${PUMP} /build/relay/socket.go:71`,
    ],
    createdBy: 'main.(*api).socket /build/relay/socket.go:52',
    parent,
  };
}

describe('partsByParent', () => {
  it('splits the goroutines whose creator exited from those whose creator runs', async () => {
    // One socket handler (goroutine 100) still runs; the ones that started pumps 301 and 302 have returned.
    const running = requests({ wait: [park('runtime.gopark')], handler: SOCKET, state: 'IO wait' });
    const snap = await snapshotOf([...running, pump(300, 100), pump(301, 150), pump(302, 151)]);
    const index = new SnapshotIndex(snap);
    const whole = snap.groups.find((g) => g.stack.frames.some((f) => f.function === PUMP))!;
    assert.equal(orphanhood(whole, index).status, 'partial');
    const parts = partsByParent(whole, (id) => index.has(id));
    assert.deepEqual(
      parts.map((p) => [p.ids, p.parentIds, orphanhood(p, index).status]),
      [
        [[301, 302], [150, 151], 'gone'],
        [[300], [100], 'alive'],
      ],
    );
    assert.deepEqual(new Set(parts.map((p) => p.key)).size, 2);

    // The analysis judges each part: the two orphans' receive is suspect, the live one is not.
    const result = await analyzeSnapshot(snap);
    const pumps = result.groups.filter((g) => g.group.stack.frames.some((f) => f.function === PUMP));
    assert.deepEqual(pumps.map((g) => [g.group.ids, g.verdict.suspect]).sort(), [
      [[300], false],
      [[301, 302], true],
    ]);
  });

  it('keeps the group whole when parents are shared (which goroutine has which parent is not known)', async () => {
    const running = requests({ wait: [park('runtime.gopark')], handler: SOCKET, state: 'IO wait' });
    const snap = await snapshotOf([...running, pump(300, 100), pump(301, 100), pump(302, 151)]);
    const index = new SnapshotIndex(snap);
    const whole = snap.groups.find((g) => g.stack.frames.some((f) => f.function === PUMP))!;
    assert.deepEqual(
      partsByParent(whole, (id) => index.has(id)),
      [whole],
    );
  });
});
