// The leak verdict of one group from independent signals: the runtime's own proof, the shape of
// the stack (what it waits on, whose it is, whether its creator still exists), and the source at
// the blocking line. Each rule (rules/*.ts) says leak, healthy or unknown with its evidence, or
// passes; the first verdict in LEAK_RULES order wins. Nothing here guesses that a select listens
// to its context when the source was not read.
import { unknown, type GroupFacts, type RuleResult, type SnapshotFacts } from './ruleResult';
import { ruleFacts, withSource, type LeakRule, type RuleFacts } from './rules/ruleFacts';
import { clientConnection, contextWait, infrastructure, running, runtimeGoroutine } from './rules/runtimeRules';
import { timeoutHandlerOrphan } from './rules/timeoutHandlerRules';
import {
  networkIoForMinutes,
  networkIoUndecided,
  outboundCallWithoutCancel,
  rawConnReadWithoutDeadline,
} from './rules/outboundIoRules';
import { pipeOrphan, pipeWithoutWriter } from './rules/pipeRules';
import {
  emptySelect,
  selectListensToCancel,
  selectNotRead,
  selectOnlyServerLifetime,
  selectOutsideRequest,
  selectShortTimer,
  selectStopChannelNeverClosed,
  selectStopLost,
  selectWithDefault,
  selectWithoutCancel,
  selectWithoutProducer,
  tickerLoopWithoutStop,
} from './rules/selectRules';
import {
  nilChannel,
  receiveAfterCreatorReturned,
  receiveFromContext,
  receiveFromShortTimer,
  receiveOnCreatorsChannel,
  receiveUndecided,
  receiveWithoutCtxInHandler,
  receiveWithoutProducer,
  sendAfterRequestEnded,
  sendOnCreatorsChannel,
  sendStuckForMinutes,
  sendToReturnedReceiver,
  sendUndecided,
  tickerRangeInRequest,
} from './rules/channelRules';
import { lockHeldByParkedGoroutine, lockHeldForMinutes, lockPileUp, lockUndecided } from './rules/lockRules';
import {
  condNeverSignalled,
  condWaitInHandler,
  waitGroupDoneSkipped,
  waitGroupInHandler,
} from './rules/waitGroupRules';
import { longSleepInHandler, shortSleepInHandler, sleepForMinutesInHandler } from './rules/sleepRules';
import { clientGone, waitsWithConnectedClient } from './rules/clientRules';
import { contextNotRequest } from './rules/contextRules';
import { hijackedReadWithoutDeadline, requestBodyWithoutDeadline } from './rules/deadlineRules';

/**
 * In order. The stack alone decides the first ones (their evidence does not mention the source);
 * the network rules come before the wait kinds because an outbound call parks in a select or a
 * receive inside net/http; a pipe is recognised by its frames whatever the wait says.
 */
export const LEAK_RULES: readonly LeakRule[] = [
  runtimeGoroutine,
  running,
  nilChannel,
  emptySelect,
  timeoutHandlerOrphan,
  infrastructure,
  contextWait,
  clientConnection,
  contextNotRequest,
  outboundCallWithoutCancel,
  rawConnReadWithoutDeadline,
  requestBodyWithoutDeadline,
  hijackedReadWithoutDeadline,
  networkIoForMinutes,
  networkIoUndecided,
  pipeWithoutWriter,
  pipeOrphan,
  receiveWithoutProducer,
  selectWithoutProducer,
  waitsWithConnectedClient,
  selectNotRead,
  selectWithDefault,
  selectStopChannelNeverClosed,
  selectStopLost,
  selectOnlyServerLifetime,
  selectListensToCancel,
  selectOutsideRequest,
  selectShortTimer,
  tickerLoopWithoutStop,
  selectWithoutCancel,
  sendOnCreatorsChannel,
  sendAfterRequestEnded,
  sendToReturnedReceiver,
  sendStuckForMinutes,
  sendUndecided,
  receiveFromContext,
  tickerRangeInRequest,
  receiveFromShortTimer,
  receiveOnCreatorsChannel,
  receiveAfterCreatorReturned,
  receiveWithoutCtxInHandler,
  receiveUndecided,
  lockHeldByParkedGoroutine,
  lockHeldForMinutes,
  lockPileUp,
  lockUndecided,
  waitGroupDoneSkipped,
  waitGroupInHandler,
  condNeverSignalled,
  condWaitInHandler,
  longSleepInHandler,
  shortSleepInHandler,
  sleepForMinutesInHandler,
];

export function decide(f: GroupFacts, snap: SnapshotFacts): RuleResult {
  const facts = ruleFacts(f, snap);
  const base = overruled(facts, firstVerdict(facts));
  if (f.group.leakedCount === 0) return base;
  // The runtime's goroutineleak detector (Go 1.26+) proved these can never wake: proof beats every heuristic.
  const proof = `the runtime's leak detector marked ${f.group.leakedCount} of ${f.group.count} as (leaked)`;
  const marked =
    f.group.leakedCount === f.group.count
      ? f.group.count === 1
        ? 'it'
        : `all ${f.group.count}`
      : `${f.group.leakedCount} of them`;
  return {
    status: 'leak',
    kind: base.status === 'leak' ? base.kind : 'runtime-leak',
    confidence: 'proven',
    problem: `${base.status === 'leak' ? base.problem : 'that nothing reachable can ever wake'}, and the runtime's leak detector marked ${marked} as leaked`,
    fix:
      base.fix ??
      'find who was meant to send, close or unlock, and make it happen on every path (or select on ctx.Done())',
    evidence: [proof, ...base.evidence],
  };
}

/**
 * Evidence that outranks a healthy or unknown verdict of LEAK_RULES, in order: a handler still
 * parked after its client left does not listen to its request's context, whatever the rules
 * inferred. A leak the rules found stands (it says more about the cause) and gains the evidence.
 */
export const OVERRULING_RULES: readonly LeakRule[] = [clientGone];

function overruled(f: RuleFacts, base: RuleResult): RuleResult {
  for (const rule of OVERRULING_RULES) {
    const r = rule(f);
    if (r === null) continue;
    if (base.status !== 'leak') return r;
    return { ...base, evidence: [...base.evidence, ...r.evidence.filter((e) => !base.evidence.includes(e))] };
  }
  return base;
}

/** The first rule's verdict; unknown when none decides. */
export function firstVerdict(f: RuleFacts): RuleResult {
  for (const rule of LEAK_RULES) {
    const r = rule(f);
    if (r !== null) return r;
  }
  return unknown(withSource(f));
}
