// http.TimeoutHandler runs the inner handler in a goroutine of its own and, when the deadline
// passes, answers 503 and returns without waiting for it: an inner handler that ignores
// r.Context() keeps running after its request has ended.
import type { GoroutineGroup } from '../../model/goroutine';
import { leak, type RuleResult, type SnapshotFacts } from '../ruleResult';
import type { RuleFacts } from './ruleFacts';

/** The goroutine http.TimeoutHandler starts for the inner handler: `(*timeoutHandler).ServeHTTP.func1`. */
const INNER = 'net/http.(*timeoutHandler).ServeHTTP.func';
/** The request's own goroutine, waiting in ServeHTTP for the inner one or the deadline. */
const OUTER = 'net/http.(*timeoutHandler).ServeHTTP';

const FIX = 'make the inner handler return on `<-r.Context().Done()` (TimeoutHandler cancels it)';

/** How many inner goroutines there are, and how many requests still wait for theirs. */
export function timeoutHandlerCounts(groups: readonly GoroutineGroup[]): SnapshotFacts {
  let inner = 0;
  let outer = 0;
  for (const g of groups) {
    const fns = g.stack.frames.map((f) => f.function);
    if (fns.some((fn) => fn.startsWith(INNER))) inner += g.count;
    else if (fns.includes(OUTER)) outer += g.count;
  }
  return { timeoutInner: inner, timeoutOuter: outer };
}

/**
 * An inner goroutine whose parent (the request's goroutine) has exited outlived its request. Without
 * parent ids (Go < 1.21), more inner goroutines than requests waiting for them says the same.
 */
export function timeoutHandlerOrphan(f: RuleFacts): RuleResult | null {
  if (!f.group.stack.frames.some((fr) => fr.function.startsWith(INNER))) return null;
  if (f.orphan.status === 'gone') {
    return leak({
      kind: 'timeout-handler-orphan',
      confidence: 'likely',
      problem: "inside http.TimeoutHandler's goroutine although the request it served has already ended",
      fix: FIX,
      evidence: f.evidence,
    });
  }
  if (f.orphan.status === 'partial') {
    return leak({
      kind: 'timeout-handler-orphan',
      confidence: 'possible',
      problem: `inside http.TimeoutHandler's goroutine; ${f.orphan.goneParents} of ${f.orphan.parents} requests have already ended`,
      fix: FIX,
      evidence: f.evidence,
    });
  }
  const { timeoutInner, timeoutOuter } = f.snapshot;
  if (f.orphan.status !== 'alive' && timeoutInner > timeoutOuter) {
    return leak({
      kind: 'timeout-handler-orphan',
      confidence: 'likely',
      problem: `inside http.TimeoutHandler's goroutine: ${timeoutInner} such goroutines but only ${timeoutOuter} requests waiting for them, so ${timeoutInner - timeoutOuter} outlived their request`,
      fix: FIX,
      evidence: f.evidence,
    });
  }
  return null;
}
