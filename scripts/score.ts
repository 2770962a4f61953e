// `npm run score`: precision and recall of the leak analysis per goroutine, against every corpus
// with a per-goroutine GROUND_TRUTH.json (shopd from ../shared when present, leakyapi, meteohub, and the
// held-out holdout-relayd, holdout-hookd and holdout-flagd, which no rule was tuned on),
// per Go version and capture, with the service's source (as `--source-root` would give it) and
// without; then a table per leak class (truth kind → flagged/total). An empty set prints n/a.
//   npm run score -- [--corpus NAME]... [--history] [--misses] [--json]
//     --corpus   only these corpora (shopd, leakyapi, meteohub, holdout-relayd, holdout-hookd, holdout-flagd)
//     --history  also score without source with the earlier captures of the same run as history
//     --misses   list the truth groups of the wrongly judged goroutines per row
//     --json     print the figures as JSON instead of tables
import { parseArgs } from 'node:util';
import { analyzeSnapshot } from '../src/core/analysis/analyze';
import { pointFromSnapshot, type HistoryPoint } from '../src/core/analysis/history/historyPoint';
import { createFsSourceReader } from '../src/node/fsSourceReader';
import { findCorpora, loadDump, type Corpus, type CorpusCapture } from '../test/support/corpora';
import {
  addScores,
  emptyScore,
  formatRatio,
  precision,
  recall,
  scoreCapture,
  type Score,
} from '../test/support/groundTruthScore';

type Mode = 'source' | 'none' | 'history';

interface Row {
  corpus: string;
  version: string;
  capture: string;
  goroutines: number;
  leaks: number;
  scores: Partial<Record<Mode, Score>>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      history: { type: 'boolean', default: false },
      misses: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const modes: Mode[] = values.history ? ['source', 'none', 'history'] : ['source', 'none'];
  const { corpora, absent } = findCorpora();
  const wanted = values.corpus;
  const chosen = wanted ? corpora.filter((c) => wanted.includes(c.name)) : corpora;
  for (const w of wanted ?? []) {
    if (!corpora.some((c) => c.name === w)) throw new Error(`score: corpus ${w} not found (${absent.join('; ')})`);
  }
  const rows: Row[] = [];
  for (const corpus of chosen) rows.push(...(await scoreCorpus(corpus, modes)));

  if (values.json) {
    console.log(JSON.stringify(toJson(rows, modes, absent), null, 2));
    return;
  }
  for (const note of absent) if (!wanted) console.log(`(skipped ${note})`);
  console.log('Per-goroutine precision and recall of the leak analysis (debug=2 dumps; n/a: empty set).');
  console.log(
    `Modes: source = the service's source as --source-root; none = no source${values.history ? '; history = no source, earlier captures of the run as history' : ''}.\n`,
  );
  for (const corpus of chosen)
    printCorpus(
      corpus,
      rows.filter((r) => r.corpus === corpus.name),
      modes,
      values.misses,
    );
  printSummary(chosen, rows, modes);
}

async function scoreCorpus(corpus: Corpus, modes: Mode[]): Promise<Row[]> {
  const reader = createFsSourceReader([corpus.sourceRoot]);
  const rows: Row[] = [];
  const earlier = new Map<string, HistoryPoint[]>(); // per version, in capture order
  for (const c of corpus.captures) {
    const snapshot = await loadDump(c.dump);
    const row: Row = {
      corpus: corpus.name,
      version: c.version,
      capture: c.capture,
      goroutines: snapshot.goroutineCount,
      leaks: countLeaks(c),
      scores: {},
    };
    const history = earlier.get(c.version) ?? [];
    const at = c.seconds === null ? null : c.seconds * 1000;
    for (const mode of modes) {
      if (mode === 'history' && history.length === 0) continue;
      const result = await analyzeSnapshot(snapshot, {
        sourceReader: mode === 'source' ? reader : null,
        ...(mode === 'history' ? { history, capturedAt: at } : {}),
      });
      row.scores[mode] = scoreCapture(result, c.groups);
    }
    earlier.set(c.version, [...history, pointFromSnapshot(snapshot, { at })]);
    rows.push(row);
  }
  return rows;
}

function countLeaks(c: CorpusCapture): number {
  return c.groups.reduce((n, g) => n + (g.is_leak ? g.goroutine_ids.length : 0), 0);
}

function total(rows: readonly Row[], mode: Mode): Score {
  return rows.reduce((s, r) => (r.scores[mode] ? addScores(s, r.scores[mode]!) : s), emptyScore());
}

function cells(s: Score | undefined): string[] {
  if (!s) return ['-', '-', '', '', ''];
  return [formatRatio(precision(s)), formatRatio(recall(s)), String(s.tp), String(s.fp), String(s.fn)];
}

function printCorpus(corpus: Corpus, rows: readonly Row[], modes: Mode[], misses: boolean): void {
  console.log(`== ${corpus.name} (source root ${corpus.sourceRoot})`);
  const head = ['version', 'capture', 'goroutines', 'leaks'];
  for (const m of modes) head.push(`${m}:prec`, 'recall', 'tp', 'fp', 'fn');
  const body: string[][] = [];
  for (const r of rows) {
    body.push([
      r.version,
      r.capture,
      String(r.goroutines),
      String(r.leaks),
      ...modes.flatMap((m) => cells(r.scores[m])),
    ]);
    const unreported = modes.map((m) => r.scores[m]?.missing ?? 0).reduce((a, b) => Math.max(a, b), 0);
    if (unreported > 0) body.push([`  ${unreported} truth goroutines absent from the analysis`]);
    if (misses) {
      for (const m of modes) {
        const s = r.scores[m];
        if (s && s.misses.size > 0) body.push([`  ${m}: ${[...s.misses].map(([k, n]) => `${k}×${n}`).join(', ')}`]);
      }
    }
  }
  const leaks = rows.reduce((n, r) => n + r.leaks, 0);
  const goroutines = rows.reduce((n, r) => n + r.goroutines, 0);
  body.push(['all', '', String(goroutines), String(leaks), ...modes.flatMap((m) => cells(total(rows, m)))]);
  printTable(head, body);

  console.log(`\n   per leak class (truth kind: flagged/total over all versions and captures)`);
  const kinds = new Map<string, boolean>();
  for (const m of modes) for (const [k, t] of total(rows, m).kinds) kinds.set(k, t.leak);
  const order = [...kinds].sort((a, b) => Number(b[1]) - Number(a[1]) || (classOf(a[0]) < classOf(b[0]) ? -1 : 1));
  const kindBody = order.map(([k, leak]) => [
    k,
    classOf(k),
    leak ? 'leak' : 'healthy',
    ...modes.map((m) => {
      const t = total(rows, m).kinds.get(k);
      return t ? `${t.flagged}/${t.total}` : '-';
    }),
  ]);
  printTable(['kind', 'issue 11 class', 'truth', ...modes.map((m) => `${m} flagged`)], kindBody);
  console.log('');
}

function printSummary(corpora: readonly Corpus[], rows: readonly Row[], modes: Mode[]): void {
  console.log('== summary (all versions and captures)');
  const body: string[][] = [];
  for (const c of corpora) {
    const mine = rows.filter((r) => r.corpus === c.name);
    for (const m of modes) {
      const s = total(mine, m);
      body.push([
        c.name,
        m,
        formatRatio(precision(s)),
        formatRatio(recall(s)),
        String(s.tp),
        String(s.fp),
        String(s.fn),
        String(s.tn),
        `${s.healthyLeaks}/${s.listedHealthy}`,
      ]);
    }
  }
  printTable(['corpus', 'mode', 'precision', 'recall', 'tp', 'fp', 'fn', 'tn', 'leaks/listed healthy'], body);
}

/** Issue 11's classes of what the analysis must recognise; `classic` for the shapes known before. */
function classOf(kind: string): string {
  switch (kind) {
    case 'ctx-not-request':
    case 'held-resource-victim':
    case 'queued-behind-holder':
      return "1 ctx not the request's";
    case 'producer-vanished':
      return '2 producer vanished';
    case 'blocking-io-no-deadline':
      return '3 IO without deadline';
    case 'client-gone':
      return '4 client gone';
  }
  return kind.startsWith('healthy') || kind === 'runtime' ? 'healthy' : 'classic';
}

function printTable(head: string[], body: string[][]): void {
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.filter((r) => r.length > 1).map((r) => (r[i] ?? '').length)),
  );
  const line = (r: string[]) =>
    r.length === 1
      ? r[0]!
      : r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd();
  console.log(line(head));
  for (const r of body) console.log(line(r));
}

function toJson(rows: readonly Row[], modes: Mode[], absent: string[]) {
  const score = (s: Score) => ({
    precision: precision(s),
    recall: recall(s),
    tp: s.tp,
    fp: s.fp,
    fn: s.fn,
    tn: s.tn,
    listedHealthy: s.listedHealthy,
    healthyLeaks: s.healthyLeaks,
    unreported: s.missing,
    misses: Object.fromEntries(s.misses),
    kinds: Object.fromEntries(s.kinds),
  });
  const corpora = [...new Set(rows.map((r) => r.corpus))];
  return {
    absent,
    corpora: corpora.map((name) => {
      const mine = rows.filter((r) => r.corpus === name);
      return {
        name,
        total: Object.fromEntries(modes.map((m) => [m, score(total(mine, m))])),
        captures: mine.map((r) => ({
          version: r.version,
          capture: r.capture,
          goroutines: r.goroutines,
          leaks: r.leaks,
          ...Object.fromEntries(modes.filter((m) => r.scores[m]).map((m) => [m, score(r.scores[m]!)])),
        })),
      };
    }),
  };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
