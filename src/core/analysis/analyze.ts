// The leak analysis of one snapshot: classify every group's wait, attribute it to a request
// handler, read the source at the blocking line when a reader is given, and decide suspect,
// kind, confidence and the one-sentence reason. Entry point for the CLI (`analyze`) and the
// extension.
import type { GoroutineGroup, GoroutineSnapshot } from '../model/goroutine';
import type { SourceReader } from '../source/sourceReader';
import type { AnalysisResult, AnalyzedGroup, GroupVerdict } from './verdict';
import { SourceLookup } from '../source/sourceLookup';
import { createGoParser } from '../source/goParser';
import { classifyWait, type WaitSite } from './waitClassification';
import { createHandlerMatcher, DEFAULT_HANDLER_PATTERNS } from './handlerAttribution';
import { attributeHandlers, orphanhood } from './creatorAttribution';
import { SnapshotIndex } from './snapshotIndex';
import { gatherSourceFacts, NO_SOURCE, refineWait } from './sourceFacts';
import { decide } from './leakRules';
import { runtimeOwned } from './rules/runtimeRules';
import { timeoutHandlerCounts } from './rules/timeoutHandlerRules';
import type { GroupFacts, RuleResult } from './ruleResult';
import { reasonSentence, siteOf } from './reasons';
import { pairClientConnections } from './clientConnections';
import { applyHistory, type HistoryApplied, type HistoryEntry } from './history/historySignals';
import { requestClients, type ClientFacts, type RequestClients } from './requestClients';
import { canSplit, groupPart, partsByParent } from './groupParts';
import { heldResources } from './heldResources';
import { companionsOfLeaks } from './companions';
import { testVerdicts } from './testTimeout';

export interface AnalyzeOptions {
  /** Reads the service's Go source (CLI: --source-root; extension: the workspace). Null: no source. */
  sourceReader?: SourceReader | null;
  /**
   * The lookup over `sourceReader` when the caller has opened it already, to use it again (the
   * decode worker maps frame files with it): parsed once, files read once. Opened here otherwise.
   */
  sourceLookup?: SourceLookup | null;
  /** Regular expressions of RPC dispatch frames (gRPC-style servers); default DEFAULT_HANDLER_PATTERNS. */
  handlerPatterns?: string[];
  /** Keep the runtime's own goroutines in `groups` (default false: hidden). */
  showRuntime?: boolean;
  /**
   * Earlier moments of the same process, oldest first (snapshots, or points a watch kept): growth,
   * persistence by goroutine id and outliving the clients are evidence (history/historySignals.ts).
   */
  history?: readonly HistoryEntry[];
  /** Capture time of `snapshot` in ms since the epoch, when known: rates and spans need it. */
  capturedAt?: number | null;
}

export async function analyzeSnapshot(
  snapshot: GoroutineSnapshot,
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  const warnings: string[] = [];
  const index = new SnapshotIndex(snapshot);
  const matcher = createHandlerMatcher(options.handlerPatterns ?? DEFAULT_HANDLER_PATTERNS);
  const attribution = attributeHandlers(index, matcher);
  const clients = requestClients(snapshot, index);
  const lookup = await openSource(options.sourceReader ?? null, options.sourceLookup ?? null, warnings);

  const facts: GroupFacts[] = [];
  let unmapped = 0;
  let userSites = 0;
  for (const group of snapshot.groups) {
    const stackSite = classifyWait(group.state, group.stack.frames);
    const source = lookup ? await gatherSourceFacts(group, stackSite, lookup, snapshot) : NO_SOURCE;
    const site = refineWait(stackSite, source);
    if (lookup && site.userFrame !== null && !runtimeOwned(group, site)) {
      userSites++;
      if (source.status === 'not-found') unmapped++;
    }
    const a = attribution.get(group) ?? { handler: null, via: null };
    const handler = a.handler ?? (source.creatorIsHttpHandler && group.createdBy ? group.createdBy.function : null);
    const handlerVia = a.handler !== null ? a.via : handler !== null ? 'source' : null;
    const shared = { site, handler, handlerVia, source, sourceGiven: lookup !== null };
    for (const { group: byC, client } of byClient(group, clients))
      for (const part of partsByParent(byC, (id) => index.has(id)))
        facts.push({ ...shared, orphan: orphanhood(part, index), group: part, client });
  }
  if (lookup && unmapped > 0) {
    warnings.push(
      `${unmapped} of ${userSites} stacks' blocking lines are not under the source roots; their verdicts use the stack alone`,
    );
  }

  const snapFacts = timeoutHandlerCounts(snapshot.groups);
  const results = new Map<GroupFacts, RuleResult>();
  for (const f of facts) results.set(f, decide(f, snapFacts));
  // History before the connections: an outbound call found stuck only by growth still holds them.
  let judged: readonly GroupFacts[] = facts;
  let restate: HistoryApplied['restate'] | null = null;
  if (options.history && options.history.length > 0) {
    const h = applyHistory(snapshot, facts, results, snapFacts, {
      history: options.history,
      at: options.capturedAt ?? null,
      handlerPatterns: options.handlerPatterns,
    });
    judged = h.facts;
    restate = h.restate;
    warnings.push(...h.warnings);
  }
  // Victims after history: a holder found leaking only by history still holds what they wait for.
  await heldResources(judged, results, lookup);
  await companionsOfLeaks(judged, results, lookup);
  const splits = pairClientConnections(judged, results);
  if (restate !== null)
    for (const [parent, parts] of splits)
      for (const part of parts) if (part !== parent) results.set(part, restate(parent, part, results.get(part)!));
  const finalFacts = judged.flatMap((f) => splits.get(f) ?? [f]);

  // A go test binary's tests (tied goroutines, a timeout's blocked ones) and race reports.
  const tested = testVerdicts(
    snapshot,
    finalFacts.map((f) => ({ group: f.group, verdict: toVerdict(f, results.get(f)!) })),
  );
  const analyzed: AnalyzedGroup[] = [];
  let hidden = 0;
  let hiddenGoroutines = 0;
  for (const g of tested.groups) {
    if (g.verdict.runtime && !options.showRuntime) {
      hidden++;
      hiddenGoroutines += g.group.count;
      continue;
    }
    analyzed.push(g);
  }
  analyzed.sort(order);
  return {
    snapshot,
    groups: analyzed,
    suspectCount: analyzed.filter((g) => g.verdict.suspect).length,
    warnings,
    hiddenRuntimeGroups: hidden,
    hiddenRuntimeGoroutines: hiddenGoroutines,
    ...(tested.ties === null ? {} : { tests: tested.ties }),
  };
}

/**
 * The group as one part per client state when its goroutines' clients differ (some connected, some
 * gone): the same stack means something else for each.
 */
function byClient(g: GoroutineGroup, clients: RequestClients): { group: GoroutineGroup; client: ClientFacts | null }[] {
  const parts = clients.partsOf(g);
  if (parts === null || parts.length === 0) return [{ group: g, client: null }];
  if (parts.length === 1) return [{ group: g, client: parts[0]!.facts }];
  if (!canSplit(g)) return [{ group: g, client: null }];
  return parts.map((p) => ({ group: groupPart(g, p.ids, `client-${p.facts.state}`), client: p.facts }));
}

async function openSource(
  reader: SourceReader | null,
  opened: SourceLookup | null,
  warnings: string[],
): Promise<SourceLookup | null> {
  if (reader === null) return null;
  try {
    const lookup = opened ?? (await SourceLookup.create(reader, await createGoParser(await reader.treeSitterWasm())));
    if (lookup.goFileCount === 0) warnings.push('the source roots hold no .go files: verdicts use the stacks alone');
    return lookup;
  } catch (err) {
    warnings.push(`cannot read Go source (${(err as Error).message}): verdicts use the stacks alone`);
    return null;
  }
}

function toVerdict(f: GroupFacts, r: RuleResult): GroupVerdict {
  const runtime = runtimeOwned(f.group, f.site);
  const suspect = r.status === 'leak';
  const reason =
    suspect && r.problem !== null
      ? reasonSentence({
          group: f.group,
          wait: f.site.wait,
          handler: f.handler,
          site: siteFor(f, f.site),
          problem: r.problem,
          fix: r.fix,
        })
      : null;
  return {
    wait: f.site.wait,
    handler: f.handler,
    suspect,
    healthy: r.status === 'healthy',
    kind: suspect ? r.kind : null,
    confidence: suspect ? r.confidence : null,
    reason,
    fix: suspect ? r.fix : null,
    blockingFrame: f.site.blockingFrame,
    runtime,
    evidence: r.evidence,
  };
}

function siteFor(f: GroupFacts, site: WaitSite): string | null {
  if (f.source.status === 'found' && f.source.path !== null)
    return `${f.source.path.slice(f.source.path.lastIndexOf('/') + 1)}:${f.source.line}`;
  return siteOf(f.group, site.blockingFrame);
}

function order(a: AnalyzedGroup, b: AnalyzedGroup): number {
  const rank = (g: AnalyzedGroup) => (g.verdict.suspect ? 0 : g.verdict.runtime ? 2 : 1);
  return rank(a) - rank(b) || b.group.count - a.group.count;
}
