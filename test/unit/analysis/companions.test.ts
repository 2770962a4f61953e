// A watcher that waits only for its creator's context or for channels its creator function made
// leaks with its creator goroutine when that one is stuck; otherwise it stays undecided.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { companionsOfLeaks } from '../../../src/core/analysis/companions';
import { leak, unknown, type GroupFacts, type RuleResult } from '../../../src/core/analysis/ruleResult';
import type { SelectCase } from '../../../src/core/source/goSelect';
import { factsFor, park, requests, type DumpGoroutine } from './rules/factsFromDump';

const HANDLER = 'example.com/orders.(*api).export';
const WATCHER = 'example.com/orders/db.(*conn).watch.func1';

const dump: DumpGoroutine[] = [
  ...requests({
    wait: [park('runtime.gopark'), 'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:351'],
    handler: `${HANDLER} /build/orders/export.go:40`,
    state: 'IO wait',
  }),
  {
    id: 300,
    state: 'select',
    frames: [
      park('runtime.gopark'),
      park('runtime.selectgo', 'runtime/select.go:351'),
      `${WATCHER} /build/orders/db/conn.go:149`,
    ],
    createdBy: 'example.com/orders/db.(*conn).watch /build/orders/db/conn.go:148',
    parent: 100,
  },
];

const c = (kind: SelectCase['kind'], text: string, channel: string): SelectCase => ({
  kind,
  text,
  channel,
  durationMs: null,
  line: 150,
});
const ctxDone = c('context-done', '<-ctx.Done()', 'ctx.Done()');
const finished = c('channel', '<-finished', 'finished');
const elsewhere = c('channel', '<-s.events', 's.events');

async function judge(parent: RuleResult, cases: SelectCase[], creatorChannels: string[]): Promise<RuleResult> {
  const p: GroupFacts = await factsFor(dump, HANDLER);
  const w: GroupFacts = await factsFor(dump, WATCHER, {
    source: { selectCases: cases, creatorChannels, path: '/ws/orders/db/conn.go', line: 149 },
  });
  const results = new Map<GroupFacts, RuleResult>([
    [p, parent],
    [w, unknown(['listens to <-ctx.Done(), <-finished'])],
  ]);
  await companionsOfLeaks([p, w], results, null);
  return results.get(w)!;
}

const stuck = leak({
  kind: 'context-not-request',
  confidence: 'likely',
  problem: 'waiting in a call given context.Background()',
  fix: 'pass r.Context()',
  evidence: [],
});

describe('companionsOfLeaks', () => {
  it('leaks a watcher whose only ways out are in the hands of its stuck creator goroutine', async () => {
    const r = await judge(stuck, [ctxDone, finished], ['finished']);
    assert.equal(r.status, 'leak');
    assert.equal(r.kind, 'context-not-request');
    assert.equal(r.confidence, 'likely');
    assert.match(
      r.problem ?? '',
      /only its creator goroutine \(100\) can end, and it is stuck: waiting in a call given/,
    );
    assert.equal(r.fix, 'pass r.Context()');
  });

  it('is only as sure as its creator', async () => {
    const r = await judge({ ...stuck, confidence: 'possible' }, [ctxDone, finished], ['finished']);
    assert.equal(r.confidence, 'possible');
  });

  it('stays undecided when the creator is not judged leaking, or another channel may wake it', async () => {
    assert.equal((await judge(unknown([]), [ctxDone, finished], ['finished'])).status, 'unknown');
    assert.equal((await judge(stuck, [ctxDone, finished, elsewhere], ['finished'])).status, 'unknown');
    assert.equal((await judge(stuck, [ctxDone, finished], [])).status, 'unknown');
  });
});
