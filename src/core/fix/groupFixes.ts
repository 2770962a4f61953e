// Which fixes a group gets: from its verdict's kind and the statement at its blocking line, each
// family proposes edits, and only those whose result re-parses without a syntax error are kept.
// The verdict decides whether there is a leak; nothing here second-guesses it.
import type { AnalysisResult, AnalyzedGroup } from '../analysis/verdict';
import { selectAt } from '../source/goSelect';
import type { FixCandidate, FixInput, FixOptions } from './fixCandidate';
import { DEFAULT_FIX_OPTIONS } from './fixCandidate';
import type { FixableVerdictKind, GoFix } from './fixModel';
import type { FixSources } from './fixSources';
import { selectCtxDoneFix } from './fixSelect';
import { bufferChannelFix, sendSelectFix, sendStatementAt } from './fixSend';
import { receiveSelectFix, sleepSelectFix } from './fixReceive';
import { outboundContextFix } from './fixOutbound';
import { requestContextFix } from './fixRequestContext';
import { tickerFix } from './fixTicker';
import { pipeCloseFixes } from './fixPipe';
import { isServerRead, serverTimeoutsFix } from './fixServerTimeouts';
import { releaseLockFix } from './fixLockWait';
import { applyOffsetEdits, toSourceEdits } from './editText';

export interface GroupFixOptions extends Partial<FixOptions> {
  /** Fix for this kind instead of the verdict's (fixing from source alone, before a rule exists). */
  readonly kind?: FixableVerdictKind;
}

/** The fixes for one suspect group, preferred first; empty when none is sound. */
export async function fixesForGroup(
  group: AnalyzedGroup,
  sources: FixSources,
  result: AnalysisResult | null,
  options: GroupFixOptions = {},
): Promise<GoFix[]> {
  const v = group.verdict;
  const kind = options.kind ?? v.kind;
  if ((!v.suspect && !options.kind) || kind === null || v.blockingFrame === null) return [];
  const frame = group.group.stack.frames[v.blockingFrame];
  if (!frame) return [];
  const site = await sources.frame(frame.file, frame.line, frame.function);
  if (!site) return [];
  const input: FixInput = { group, site, sources, result, options: { ...DEFAULT_FIX_OPTIONS, ...options } };
  const candidates = await candidatesFor(kind, input);
  const fixes: GoFix[] = [];
  for (const c of candidates) {
    const fix = await checked(c, input, v.reason ?? `${kind} at ${frame.file}:${frame.line}`);
    if (fix && !fixes.some((f) => f.title === fix.title)) fixes.push(fix);
  }
  return fixes;
}

async function candidatesFor(kind: FixableVerdictKind, input: FixInput): Promise<(FixCandidate | null)[]> {
  const { site } = input;
  const frames = input.group.group.stack.frames;
  const byStatement = () => {
    if (selectAt(site.root, site.row)) return [selectCtxDoneFix(site)];
    if (sendStatementAt(site.root, site.row)) return [sendSelectFix(site)];
    return [receiveSelectFix(site), sleepSelectFix(site)];
  };
  switch (kind) {
    case 'select-no-ctx':
      return [selectCtxDoneFix(site)];
    case 'chan-send-orphan':
      return [bufferChannelFix(site), sendSelectFix(site)];
    case 'chan-receive-orphan':
      return frames.some((f) => f.function === 'io.(*pipe).read') ? pipeCloseFixes(input) : [];
    case 'chan-receive-no-ctx':
      return [receiveSelectFix(site)];
    case 'timeout-handler-orphan':
      return byStatement();
    case 'sleep':
      return [sleepSelectFix(site)];
    case 'blocking-io-no-deadline':
      return isServerRead(frames) ? [await serverTimeoutsFix(input)] : [outboundContextFix(site)];
    case 'ticker-not-stopped':
      return [await tickerFix(input)];
    case 'lock-wait':
      return [await releaseLockFix(input)];
    case 'context-not-request':
      return [await requestContextFix(input)];
    case 'producer-vanished':
      // A pipe whose writer returned without closing it; a channel's writers are fixed by hand.
      return frames.some((f) => f.function === 'io.(*pipe).read') ? pipeCloseFixes(input) : [];
    case 'client-gone':
      // Parked after its client left: the wait at the line does not listen to the request's context.
      return byStatement();
    default:
      return [];
  }
}

/** The candidate as a GoFix, or null when an edited file no longer parses cleanly. */
async function checked(c: FixCandidate | null, input: FixInput, reason: string): Promise<GoFix | null> {
  if (!c || c.files.length === 0) return null;
  const edits = [];
  for (const f of c.files) {
    if (f.edits.length === 0) continue;
    const src = await input.sources.file(f.path);
    if (!src || src.root.hasError) return null;
    let after: string;
    try {
      after = applyOffsetEdits(src.text, f.edits);
    } catch {
      return null;
    }
    const tree = input.sources.parser.parse(after);
    const broken = tree.rootNode.hasError;
    tree.delete();
    if (broken) return null;
    edits.push(...toSourceEdits(f.path, src.text, f.edits));
  }
  if (edits.length === 0) return null;
  return { kind: c.kind, title: c.title, reason, groupKey: input.group.group.key, edits };
}
