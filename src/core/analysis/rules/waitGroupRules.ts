// Rules for goroutines in sync.WaitGroup.Wait and sync.Cond.Wait. Neither can be cancelled: Wait
// returns when the counter reaches zero (every Add matched by a Done), or when another goroutine
// calls Signal or Broadcast. A handler inside either cannot notice its client leaving.
import { leak, PILE_UP, type RuleResult } from '../ruleResult';
import { withSource, type RuleFacts } from './ruleFacts';

const WAITGROUP_FIX = 'call `defer wg.Done()` first thing in every goroutine the group waits for';
const COND_FIX =
  'signal or broadcast on every path that changes the condition, or wait on a channel with a ctx.Done case';

/** A goroutine counted in the group can return before calling Done: the counter never reaches zero. */
export function waitGroupDoneSkipped(f: RuleFacts): RuleResult | null {
  const wg = f.source.waitGroup;
  if (f.site.wait !== 'waitgroup' || !wg || !wg.skipsDone || !(f.requestScoped || f.orphaned)) return null;
  return leak({
    kind: 'waitgroup-wait',
    confidence: 'likely',
    problem: `where a goroutine counted in ${wg.name} can return before calling ${wg.name}.Done()`,
    fix: WAITGROUP_FIX,
    evidence: withSource(f),
  });
}

/**
 * Without evidence of a skipped Done, a handler in Wait is a suspect only after minutes, or when
 * the source was not read and requests pile up on it.
 */
export function waitGroupInHandler(f: RuleFacts): RuleResult | null {
  const wg = f.source.waitGroup;
  if (f.site.wait !== 'waitgroup' || !f.requestScoped) return null;
  if (f.minutes < 1 && (wg !== null || f.group.count < PILE_UP)) return null;
  return leak({
    kind: 'waitgroup-wait',
    confidence: 'possible',
    problem: 'which nothing cancels when the client leaves',
    fix: WAITGROUP_FIX,
    evidence: withSource(f),
  });
}

/** A handler waits on a Cond that nothing in its file signals or broadcasts: no one is meant to wake it. */
export function condNeverSignalled(f: RuleFacts): RuleResult | null {
  const c = f.source.cond;
  if (f.site.wait !== 'cond' || !c || c.signalledInFile || !f.requestScoped) return null;
  return leak({
    kind: 'cond-wait',
    confidence: 'likely',
    problem: `on ${c.name}, which nothing in its file ever signals or broadcasts`,
    fix: COND_FIX,
    evidence: withSource(f),
  });
}

/** As for WaitGroup: minutes, or a pile-up when the source was not read, make a handler's Cond wait a suspect. */
export function condWaitInHandler(f: RuleFacts): RuleResult | null {
  const c = f.source.cond;
  if (f.site.wait !== 'cond' || !f.requestScoped) return null;
  if (f.minutes < 1 && (c !== null || f.group.count < PILE_UP)) return null;
  return leak({
    kind: 'cond-wait',
    confidence: 'possible',
    problem: 'which nothing cancels when the client leaves',
    fix: COND_FIX,
    evidence: withSource(f),
  });
}
