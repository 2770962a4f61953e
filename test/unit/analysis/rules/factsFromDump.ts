// Builds the facts a leak rule reads from a small goroutine dump, the way analyzeSnapshot does:
// the real parser, wait classification, handler attribution and orphanhood. Only the source facts
// are given by the test (they stand for what tree-sitter would read at the blocking line).
// Test helper, not a test.
import { strict as assert } from 'node:assert';
import { attributeHandlers, orphanhood } from '../../../../src/core/analysis/creatorAttribution';
import { createHandlerMatcher } from '../../../../src/core/analysis/handlerAttribution';
import { decide } from '../../../../src/core/analysis/leakRules';
import type { RuleResult } from '../../../../src/core/analysis/ruleResult';
import { ruleFacts, type RuleFacts } from '../../../../src/core/analysis/rules/ruleFacts';
import { timeoutHandlerCounts } from '../../../../src/core/analysis/rules/timeoutHandlerRules';
import { SnapshotIndex } from '../../../../src/core/analysis/snapshotIndex';
import { NO_SOURCE, refineWait, type SourceFacts } from '../../../../src/core/analysis/sourceFacts';
import { classifyWait } from '../../../../src/core/analysis/waitClassification';
import { requestClients } from '../../../../src/core/analysis/requestClients';
import { groupPart } from '../../../../src/core/analysis/groupParts';
import { loadSnapshot } from '../../../../src/core/input/loadSnapshot';
import type { GoroutineSnapshot } from '../../../../src/core/model/goroutine';
import { zlibInflater } from '../../../../src/node/zlibInflater';

/** One goroutine of a debug=2 dump; frames innermost first, as `function file:line`. */
export interface DumpGoroutine {
  readonly id: number;
  /** The bracket: `select`, `chan send, 3 minutes`, `sync.Mutex.Lock`. */
  readonly state: string;
  readonly frames: readonly string[];
  /** `function file:line` of the go statement; omitted for the main goroutine. */
  readonly createdBy?: string;
  /** The parent's id (`in goroutine N`, Go 1.21+); omitted for older Go. */
  readonly parent?: number;
}

const GOROOT = '/usr/local/go/src';

/** The frames net/http runs a handler under, outermost last. */
export const SERVED_BY_NET_HTTP: readonly string[] = [
  `net/http.HandlerFunc.ServeHTTP ${GOROOT}/net/http/server.go:2294`,
  `net/http.(*ServeMux).ServeHTTP ${GOROOT}/net/http/server.go:2822`,
  `net/http.serverHandler.ServeHTTP ${GOROOT}/net/http/server.go:3301`,
  `net/http.(*conn).serve ${GOROOT}/net/http/server.go:2102`,
];
export const CREATED_BY_SERVER = `net/http.(*Server).Serve ${GOROOT}/net/http/server.go:3454`;

/** The main goroutine of a service, in its accept loop: goroutine 1, the parent of every connection's goroutine. */
export const MAIN_SERVING: DumpGoroutine = {
  id: 1,
  state: 'IO wait',
  frames: [
    `internal/poll.runtime_pollWait ${GOROOT}/runtime/netpoll.go:351`,
    `internal/poll.(*FD).Accept ${GOROOT}/internal/poll/fd_unix.go:620`,
    `net.(*netFD).accept ${GOROOT}/net/fd_unix.go:172`,
    `net.(*TCPListener).Accept ${GOROOT}/net/tcpsock.go:327`,
    `net/http.(*Server).Serve ${GOROOT}/net/http/server.go:3424`,
    'main.main /build/orders/main.go:40',
  ],
};

export interface Requests {
  /** Frames above the handler's own, innermost first: the park and the calls it made. */
  readonly wait: readonly string[];
  /** The handler function and where it waits: `example.com/orders.(*api).list /build/orders/list.go:14`. */
  readonly handler: string;
  /** The bracket of each goroutine: `select`, `sync.Mutex.Lock, 3 minutes`. */
  readonly state: string;
  /** How many requests wait there (default 1); their ids count up from 100. */
  readonly count?: number;
  /**
   * `connected`: each request's connection still has its background reader (ids from 200), so its
   * client waits for the answer; `gone` (the default): the readers have ended, the clients left;
   * `unknown`: a reader whose goroutine has exited (goroutine 299 of a gone 999) could be anyone's.
   */
  readonly client?: 'connected' | 'gone' | 'unknown';
}

/** The main goroutine and `count` requests net/http runs on goroutines of their own, parked in the handler. */
export function requests(r: Requests): DumpGoroutine[] {
  const out: DumpGoroutine[] = [MAIN_SERVING];
  for (let i = 0; i < (r.count ?? 1); i++) {
    out.push({
      id: 100 + i,
      state: r.state,
      frames: [...r.wait, r.handler, ...SERVED_BY_NET_HTTP],
      createdBy: CREATED_BY_SERVER,
      parent: 1,
    });
    if (r.client === 'connected') out.push(backgroundReader(200 + i, 100 + i));
  }
  if (r.client === 'unknown') out.push(backgroundReader(299, 999));
  return out;
}

/** net/http's background reader of the connection served by goroutine `parent` (Go 1.21+ names it). */
export function backgroundReader(id: number, parent?: number): DumpGoroutine {
  return {
    id,
    state: 'IO wait',
    frames: [
      `internal/poll.runtime_pollWait ${GOROOT}/runtime/netpoll.go:351`,
      `internal/poll.(*FD).Read ${GOROOT}/internal/poll/fd_unix.go:165`,
      `net.(*conn).Read ${GOROOT}/net/net.go:189`,
      `net/http.(*connReader).backgroundRead ${GOROOT}/net/http/server.go:690`,
    ],
    createdBy: `net/http.(*connReader).startBackgroundRead ${GOROOT}/net/http/server.go:686`,
    ...(parent !== undefined ? { parent } : {}),
  };
}

/** A runtime frame under GOROOT: `park('runtime.selectgo', 'runtime/select.go:351')`. */
export function park(fn: string, file = 'runtime/proc.go:435'): string {
  return `${fn} ${GOROOT}/${file}`;
}

/** The text of a debug=2 dump (goroutine?debug=2) holding these goroutines. */
export function dumpText(goroutines: readonly DumpGoroutine[]): string {
  return goroutines
    .map((g) => {
      const lines = [`goroutine ${g.id} [${g.state}]:`];
      for (const f of g.frames) lines.push(...frameLines(f));
      if (g.createdBy !== undefined) {
        const [fn, at] = split(g.createdBy);
        lines.push(`created by ${fn}${g.parent !== undefined ? ` in goroutine ${g.parent}` : ''}`, `\t${at} +0x5d`);
      }
      return lines.join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

function frameLines(frame: string): string[] {
  const [fn, at] = split(frame);
  return [`${fn}(0xc000180000)`, `\t${at} +0x1f`];
}

function split(frame: string): [string, string] {
  const i = frame.lastIndexOf(' ');
  return [frame.slice(0, i), frame.slice(i + 1)];
}

export async function snapshotOf(goroutines: readonly DumpGoroutine[]): Promise<GoroutineSnapshot> {
  const bytes = new TextEncoder().encode(dumpText(goroutines));
  return loadSnapshot(
    [
      {
        name: 'rule-test.txt',
        chunks: (async function* () {
          yield bytes;
        })(),
      },
    ],
    { inflater: zlibInflater },
  );
}

export interface FactsOptions {
  /** What the source says at the blocking line; null: no source given (the default). */
  readonly source?: Partial<SourceFacts> | null;
  /**
   * When the group's goroutines differ in their client's state, the part holding this goroutine
   * (as analyzeSnapshot splits it); default: the part of the group's first goroutine.
   */
  readonly id?: number;
}

/**
 * The rule facts of the group whose stack holds `fn` (its goroutine with the lowest id decides
 * which group, when several groups run it).
 */
export async function factsFor(
  goroutines: readonly DumpGoroutine[],
  fn: string,
  options: FactsOptions = {},
): Promise<RuleFacts> {
  const snapshot = await snapshotOf(goroutines);
  const whole = snapshot.groups.find((g) => g.stack.frames.some((f) => f.function === fn));
  if (whole === undefined) throw new Error(`no group runs ${fn} in ${snapshot.groups.length} groups`);
  const index = new SnapshotIndex(snapshot);
  const parts = requestClients(snapshot, index).partsOf(whole);
  const wanted = options.id ?? whole.ids[0];
  const mine = parts?.find((p) => p.ids.includes(wanted!)) ?? null;
  const group = parts !== null && parts.length > 1 && mine ? groupPart(whole, mine.ids, mine.facts.state) : whole;
  const attribution = attributeHandlers(index, createHandlerMatcher()).get(whole) ?? { handler: null, via: null };
  const source: SourceFacts = options.source ? { ...NO_SOURCE, status: 'found', ...options.source } : NO_SOURCE;
  const handler =
    attribution.handler ?? (source.creatorIsHttpHandler && group.createdBy ? group.createdBy.function : null);
  return ruleFacts(
    {
      group,
      site: refineWait(classifyWait(group.state, group.stack.frames), source),
      handler,
      handlerVia: attribution.handler !== null ? attribution.via : handler !== null ? 'source' : null,
      orphan: orphanhood(whole, index),
      source,
      sourceGiven: options.source !== undefined && options.source !== null,
      client: mine?.facts ?? null,
    },
    timeoutHandlerCounts(snapshot.groups),
  );
}

/** What the whole rule list decides for these facts (the runtime's proof included). */
export function decideFacts(f: RuleFacts): RuleResult {
  return decide(f, f.snapshot);
}

export interface ExpectedVerdict {
  readonly status: RuleResult['status'];
  readonly kind?: RuleResult['kind'];
  readonly confidence?: RuleResult['confidence'];
  /** What the problem clause must say (the evidence it names). */
  readonly problem?: RegExp;
  /** Lines the evidence must hold, each matched by one entry. */
  readonly evidence?: readonly (string | RegExp)[];
}

/** A rule's verdict is what the test expects: status, kind and confidence exactly, problem and evidence by content. */
export function assertVerdict(r: RuleResult | null, want: ExpectedVerdict): void {
  assert.ok(r !== null, `expected a ${want.status} verdict, the rule passed`);
  assert.equal(r.status, want.status, `status; evidence: ${r.evidence.join(' | ')}`);
  assert.equal(r.kind, want.kind ?? null, 'kind');
  assert.equal(r.confidence, want.confidence ?? null, 'confidence');
  if (want.status !== 'leak') assert.equal(r.problem, null, 'only a leak has a problem');
  if (want.problem) assert.match(r.problem ?? '', want.problem);
  for (const e of want.evidence ?? []) {
    assert.ok(
      r.evidence.some((line) => (typeof e === 'string' ? line === e : e.test(line))),
      `evidence holds ${e}: ${r.evidence.join(' | ')}`,
    );
  }
}
