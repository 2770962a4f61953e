// Rules for goroutines queued on a sync.Mutex or sync.RWMutex. Lock cannot be cancelled: it
// returns when the holder unlocks. A holder parked for good (on a channel, another lock) makes
// the queue a leak; contention with a running or sleeping holder does not.
import type { LockHolder } from '../lockHolders';
import { leak, unknown, PILE_UP, type RuleResult } from '../ruleResult';
import { shortFunctionName } from '../../go/functionNames';
import { baseName } from '../../go/filePaths';
import { withSource, type RuleFacts } from './ruleFacts';

const FIX = 'do not hold the lock while waiting (release it before blocking), or use a context-aware semaphore';

/**
 * The source found a goroutine that holds the lock and is itself parked. One parked on a channel
 * or another lock may never let go; one that sleeps or does IO lets go eventually, so its
 * waiters are a leak only once they have waited minutes, and then only possibly.
 */
export function lockHeldByParkedGoroutine(f: RuleFacts): RuleResult | null {
  const held = holderOf(f);
  if (!isLockWait(f) || held === null) return null;
  const state = held.holder.group.state;
  const finite = state === 'sleep' || state === 'IO wait' || state === 'syscall';
  if (finite && f.minutes < 1)
    return unknown([...lockEvidence(f), 'the holder sleeps or does IO: it lets go eventually']);
  return leak({
    kind: 'lock-wait',
    confidence: finite ? 'possible' : 'likely',
    problem: `for ${held.mutex}, which ${held.where} holds while itself parked`,
    fix: FIX,
    evidence: lockEvidence(f),
  });
}

/** Ordinary contention lasts milliseconds: a lock nobody has released for minutes is held by a stuck goroutine. */
export function lockHeldForMinutes(f: RuleFacts): RuleResult | null {
  if (!isLockWait(f) || f.minutes < 1) return null;
  return leak({
    kind: 'lock-wait',
    confidence: 'likely',
    problem: 'for a lock nobody has released for minutes',
    fix: FIX,
    evidence: lockEvidence(f),
  });
}

/**
 * No parked holder found (or no source): the holder may be running, which is contention, unless
 * the queue is a pile-up of requests that no ordinary contention produces.
 */
export function lockPileUp(f: RuleFacts): RuleResult | null {
  if (!isLockWait(f) || !f.requestScoped || f.group.count < PILE_UP) return null;
  return leak({
    kind: 'lock-wait',
    confidence: 'possible',
    problem: `for a lock, ${f.group.count} requests queued on the same line`,
    fix: FIX,
    evidence: lockEvidence(f),
  });
}

/** Any other lock wait: contention that ends when the holder unlocks. */
export function lockUndecided(f: RuleFacts): RuleResult | null {
  return isLockWait(f) ? unknown(lockEvidence(f)) : null;
}

function isLockWait(f: RuleFacts): boolean {
  return f.site.wait === 'mutex' || f.site.wait === 'rwmutex';
}

/** The first holder of the lock at the blocking line that is parked (not running), as the source found it. */
function holderOf(f: RuleFacts): { mutex: string; holder: LockHolder; where: string } | null {
  const lock = f.source.lock;
  const holder = lock?.holders.find((h) => h.group.state !== 'running' && h.group.state !== 'runnable');
  if (!lock || !holder) return null;
  const where = `${shortFunctionName(holder.frame.function)} (${baseName(holder.frame.file)}:${holder.frame.line}, ${holder.group.state ?? 'parked'})`;
  return { mutex: lock.mutex, holder, where };
}

function lockEvidence(f: RuleFacts): string[] {
  const lock = f.source.lock;
  if (!lock) return withSource(f);
  const held = holderOf(f);
  return withSource(
    f,
    held ? `${lock.mutex} is held by ${held.where}` : `waits for ${lock.mutex}; no parked holder found`,
  );
}
