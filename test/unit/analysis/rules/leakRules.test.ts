// The rule list as a whole: every rule of rules/*.ts is in it once, the first verdict wins in its
// order, nothing decides means unknown, and the runtime's leak detector turns any verdict into a
// proven leak.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LEAK_RULES, OVERRULING_RULES, firstVerdict } from '../../../../src/core/analysis/leakRules';
import * as clientRules from '../../../../src/core/analysis/rules/clientRules';
import * as contextRules from '../../../../src/core/analysis/rules/contextRules';
import * as deadlineRules from '../../../../src/core/analysis/rules/deadlineRules';
import * as channelRules from '../../../../src/core/analysis/rules/channelRules';
import * as lockRules from '../../../../src/core/analysis/rules/lockRules';
import * as outboundIoRules from '../../../../src/core/analysis/rules/outboundIoRules';
import * as pipeRules from '../../../../src/core/analysis/rules/pipeRules';
import * as runtimeRules from '../../../../src/core/analysis/rules/runtimeRules';
import * as selectRules from '../../../../src/core/analysis/rules/selectRules';
import * as sleepRules from '../../../../src/core/analysis/rules/sleepRules';
import * as timeoutHandlerRules from '../../../../src/core/analysis/rules/timeoutHandlerRules';
import * as waitGroupRules from '../../../../src/core/analysis/rules/waitGroupRules';
import {
  assertVerdict,
  decideFacts,
  factsFor,
  park,
  requests,
  type DumpGoroutine,
  type Requests,
} from './factsFromDump';

const WATCH = 'example.com/orders.(*api).watch';

/** A handler's select; whether its client is still there is not known unless `client` says. */
function handlerInSelect(state: string, client: Requests['client'] = 'unknown'): DumpGoroutine[] {
  const wait = [park('runtime.gopark'), park('runtime.selectgo', 'runtime/select.go:351')];
  return requests({ wait, handler: `${WATCH} /build/orders/watch.go:61`, state, client });
}

const at = (kind: 'ticker' | 'default' | 'channel', text: string) => ({
  kind,
  text,
  channel: null,
  durationMs: null,
  line: 62,
});

describe('LEAK_RULES', () => {
  it('holds every rule the rule files export, each once', () => {
    // Helpers the rule files export besides their rules.
    const helpers = new Set<unknown>([
      runtimeRules.runtimeOwned,
      timeoutHandlerRules.timeoutHandlerCounts,
      clientRules.clientUndecided,
    ]);
    const modules = [
      channelRules,
      clientRules,
      contextRules,
      deadlineRules,
      lockRules,
      outboundIoRules,
      pipeRules,
      runtimeRules,
      selectRules,
      sleepRules,
      timeoutHandlerRules,
      waitGroupRules,
    ];
    const exported = modules.flatMap((m) => Object.values(m)).filter((v) => typeof v === 'function' && !helpers.has(v));
    const all = [...LEAK_RULES, ...OVERRULING_RULES];
    const missing = exported.filter((rule) => !all.includes(rule as never)).map((r) => (r as { name: string }).name);
    assert.deepEqual(missing, [], 'exported rules that never run');
    assert.equal(new Set(all).size, all.length, 'a rule listed twice');
    assert.equal(all.length, exported.length);
  });

  it('takes the first verdict in order: a default case wins over the ticker beside it', async () => {
    const f = await factsFor(handlerInSelect('select'), WATCH, {
      source: { selectCases: [at('ticker', '<-ticker.C'), at('default', 'default')] },
    });
    assertVerdict(selectRules.tickerLoopWithoutStop(f), {
      status: 'leak',
      kind: 'ticker-not-stopped',
      confidence: 'likely',
    });
    assertVerdict(firstVerdict(f), { status: 'healthy', evidence: ['has a default case'] });
  });

  it('says unknown, with what the stack and source said, when no rule decides', async () => {
    const f = await factsFor(handlerInSelect('select'), WATCH);
    const other = { ...f, site: { ...f.site, wait: 'file-io' as const } };
    assert.ok(LEAK_RULES.every((rule) => rule(other) === null));
    assertVerdict(firstVerdict(other), {
      status: 'unknown',
      evidence: [`belongs to handler ${WATCH} (via stack)`, 'no source given'],
    });
  });
});

describe("the runtime's leak detector", () => {
  it('proves a leak the rules only suspected, keeping its kind and fix', async () => {
    const f = await factsFor(handlerInSelect('select (leaked)', 'gone'), WATCH, {
      source: { selectCases: [at('channel', '<-results')] },
    });
    assert.equal(f.group.leakedCount, 1);
    assertVerdict(decideFacts(f), {
      status: 'leak',
      kind: 'select-no-ctx',
      confidence: 'proven',
      problem: /^that has no ctx\.Done case, and the runtime's leak detector marked it as leaked$/,
      evidence: ["the runtime's leak detector marked 1 of 1 as (leaked)", 'select cases: <-results'],
    });
  });

  it('proves a leak where the rules could not decide', async () => {
    const f = await factsFor(handlerInSelect('select (leaked)'), WATCH);
    assertVerdict(decideFacts(f), {
      status: 'leak',
      kind: 'runtime-leak',
      confidence: 'proven',
      problem: /^that nothing reachable can ever wake, and the runtime's leak detector marked it as leaked$/,
      evidence: [
        "the runtime's leak detector marked 1 of 1 as (leaked)",
        'cannot tell from the stack whether this select listens to its context',
      ],
    });
  });
});
