// Leak rule for goroutines queued on a mutex: a holder parked for good makes it a leak,
// contention with a running or sleeping holder does not.
import { leak, unknown, PILE_UP, type GroupFacts, type RuleResult } from './ruleResult';
import { shortFunctionName } from '../go/functionNames';
import { baseName } from '../go/filePaths';

export function lockRule(f: GroupFacts, ev: string[], requestScoped: boolean, minutes: number): RuleResult {
  const lock = f.source.lock;
  const fix = 'do not hold the lock while waiting (release it before blocking), or use a context-aware semaphore';
  if (lock) {
    const parked = lock.holders.filter((h) => h.group.state !== 'running' && h.group.state !== 'runnable');
    if (parked.length > 0) {
      const h = parked[0]!;
      const where = `${shortFunctionName(h.frame.function)} (${baseName(h.frame.file)}:${h.frame.line}, ${h.group.state ?? 'parked'})`;
      ev.push(`${lock.mutex} is held by ${where}`);
      // A holder that sleeps or does IO lets go eventually; one parked on a channel or lock may never.
      const finite = h.group.state === 'sleep' || h.group.state === 'IO wait' || h.group.state === 'syscall';
      if (finite && minutes < 1) return unknown([...ev, 'the holder sleeps or does IO: it lets go eventually']);
      return leak(
        'lock-wait',
        finite ? 'possible' : 'likely',
        `for ${lock.mutex}, which ${where} holds while itself parked`,
        fix,
        ev,
      );
    }
    ev.push(`waits for ${lock.mutex}; no parked holder found`);
  }
  if (minutes >= 1) return leak('lock-wait', 'likely', 'for a lock nobody has released for minutes', fix, ev);
  // No parked holder found (or no source): the holder may be running, which is contention, unless
  // the queue is a pile-up no ordinary contention produces.
  if (requestScoped && f.group.count >= PILE_UP)
    return leak('lock-wait', 'possible', `for a lock, ${f.group.count} requests queued on the same line`, fix, ev);
  return unknown(ev);
}
