// What a leak rule concludes about one group, the facts rules read, and the thresholds they share.
import type { GoroutineGroup } from '../model/goroutine';
import type { Confidence, LeakKind } from './verdict';
import type { WaitSite } from './waitClassification';
import type { SourceFacts } from './sourceFacts';
import type { Orphanhood, HandlerVia } from './creatorAttribution';
import type { ClientFacts } from './requestClients';
import { shortFunctionName } from '../go/functionNames';

export interface GroupFacts {
  readonly group: GoroutineGroup;
  readonly site: WaitSite;
  readonly handler: string | null;
  readonly handlerVia: HandlerVia | null;
  readonly orphan: Orphanhood;
  readonly source: SourceFacts;
  /** A source reader was given (so `source.status` explains a miss). */
  readonly sourceGiven: boolean;
  /** For a parked handler's own goroutine: whether its client is still connected (requestClients.ts); else null. */
  readonly client: ClientFacts | null;
}

/** Facts about the whole snapshot some rules compare against. */
export interface SnapshotFacts {
  /** Goroutines inside http.TimeoutHandler's own goroutine (`(*timeoutHandler).ServeHTTP.func1`). */
  readonly timeoutInner: number;
  /** Goroutines waiting in `(*timeoutHandler).ServeHTTP` for that goroutine (one per live request). */
  readonly timeoutOuter: number;
}

export interface RuleResult {
  readonly status: 'leak' | 'healthy' | 'unknown';
  readonly kind: LeakKind | null;
  readonly confidence: Confidence | null;
  /** What is wrong, as a clause after "… in a select at main.go:61": "that has no ctx.Done case". */
  readonly problem: string | null;
  readonly fix: string | null;
  readonly evidence: readonly string[];
}

export const MINUTE_MS = 60_000;

/**
 * "The same stack parked many times": transient waits (an in-flight call, brief lock contention,
 * a background producer) rarely pile up this many goroutines on one line at one moment.
 */
export const MANY = 3;

/**
 * A pile-up that is suspicious on its own, without source evidence: this many requests queued on
 * one lock or WaitGroup at one moment is not ordinary contention.
 */
export const PILE_UP = 10;

export function creatorName(f: GroupFacts): string {
  return f.group.createdBy ? shortFunctionName(f.group.createdBy.function) : 'its creator';
}

export interface LeakFinding {
  readonly kind: LeakKind;
  readonly confidence: Confidence;
  /** A clause after "… in a select at main.go:61": "that has no ctx.Done case". */
  readonly problem: string;
  readonly fix: string;
  readonly evidence: readonly string[];
}

export function leak(finding: LeakFinding): RuleResult {
  return { status: 'leak', ...finding };
}

export function healthy(evidence: readonly string[]): RuleResult {
  return { status: 'healthy', kind: null, confidence: null, problem: null, fix: null, evidence };
}

export function unknown(evidence: readonly string[]): RuleResult {
  return { status: 'unknown', kind: null, confidence: null, problem: null, fix: null, evidence };
}
