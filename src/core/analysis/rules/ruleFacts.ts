// What every leak rule reads about one group: the facts gathered for it (its wait, handler,
// creator and source), the snapshot-wide counts, and what follows from them (does it serve a
// request, has its creator gone, how long has it waited), with the evidence those say in words.
import type { Orphanhood } from '../creatorAttribution';
import type { GroupFacts, RuleResult, SnapshotFacts } from '../ruleResult';
import { isOrphan } from '../creatorAttribution';
import { closureParent, isSameOrClosureOf } from '../../go/functionNames';
import { baseName } from '../../go/filePaths';

export interface RuleFacts extends GroupFacts {
  readonly snapshot: SnapshotFacts;
  /** The group serves a request: a handler was found for it (stack, parent, creator, labels or source). */
  readonly requestScoped: boolean;
  /** Its creator has exited (Go 1.21+: every parent goroutine is gone; older Go: the creator function runs nowhere). */
  readonly orphaned: boolean;
  /** It blocks in user code running a closure of the function that started it (`F.func1` created by `F`). */
  readonly closure: boolean;
  /** The longest wait printed for the group, in whole minutes (0 when none was printed). */
  readonly minutes: number;
  /** What the stack says, in words: how long it waited, whose handler it serves, whether its creator is gone. */
  readonly evidence: readonly string[];
  /** What reading the source at the blocking line gave: read at `main.go:61`, not found, or no source given. */
  readonly sourceNote: string;
}

/**
 * One leak rule: its verdict on the group, or null when the group is not its case. Rules run in
 * the order of LEAK_RULES (leakRules.ts) and the first verdict wins, so a rule may assume that
 * no rule before it decided.
 */
export type LeakRule = (f: RuleFacts) => RuleResult | null;

export function ruleFacts(f: GroupFacts, snapshot: SnapshotFacts): RuleFacts {
  const { group: g, site } = f;
  const frames = g.stack.frames;
  const minutes = g.waitMinutes?.[1] ?? 0;
  const evidence: string[] = [];
  if (minutes > 0) evidence.push(`parked for ${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (f.handler) evidence.push(`belongs to handler ${f.handler} (via ${f.handlerVia})`);
  evidence.push(...orphanEvidence(f.orphan));
  const entry = frames[frames.length - 1]?.function ?? '';
  return {
    ...f,
    snapshot,
    requestScoped: f.handler !== null,
    orphaned: isOrphan(f.orphan),
    closure:
      g.createdBy !== null &&
      site.userFrame !== null &&
      closureParent(entry) !== null &&
      isSameOrClosureOf(entry, g.createdBy.function),
    minutes,
    evidence,
    sourceNote: sourceNote(f),
  };
}

/** The stack's evidence followed by what the source said, and then `more`: for rules that read the source. */
export function withSource(f: RuleFacts, ...more: string[]): string[] {
  return [...f.evidence, f.sourceNote, ...more];
}

function sourceNote(f: GroupFacts): string {
  const src = f.source;
  if (src.status === 'found') return `source read at ${baseName(src.path ?? '')}:${src.line}`;
  return f.sourceGiven ? `source not found for the blocking frame (${src.status})` : 'no source given';
}

function orphanEvidence(o: Orphanhood): string[] {
  switch (o.status) {
    case 'gone':
      return [`its creator goroutine${o.parents > 1 ? 's have' : ' has'} exited`];
    case 'partial':
      return [`${o.goneParents} of ${o.parents} creator goroutines have exited`];
    case 'creator-returned':
      return ['no goroutine is running its creator function any more'];
    default:
      return [];
  }
}
