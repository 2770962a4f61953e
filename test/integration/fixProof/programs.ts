// The leaky programs the fix proof patches, with the load each runs under: test/go/leakyapi and
// test/go/fixkinds under clients of our own (burst, two later batches, held long polls, stalled
// uploads), the demo service under its own `-load` (a burst, then a request every 5 s).
import type { LeakKind } from '../../../src/core/analysis/verdict';
import type { FixKind } from '../../../src/core/fix/fixModel';
import type { Call, Load } from './load';

export interface ProofProgram {
  readonly name: string;
  /** Source directory, relative to the repository. */
  readonly dir: string;
  readonly args: readonly string[];
  /** The load at the start of a run. */
  readonly burst: (load: Load) => Promise<void>;
  /** Each of the later batches (5 s and 10 s after the burst). */
  readonly batch: (load: Load) => Promise<void>;
  /** Among a group's alternative fixes, these kinds are taken first (so every kind runs somewhere). */
  readonly prefer: readonly FixKind[];
  /**
   * Verdicts the analysis must make on this program (issue 11's kinds): the group whose stack holds
   * `fn` is a suspect of `kind`, and is fixed as such. The proof fails when the verdict differs.
   */
  readonly expected: readonly { readonly fn: string; readonly kind: LeakKind }[];
}

const gaveUp = 300;

const leakyapiCalls: Record<string, Call> = {
  rates: { method: 'GET', path: '/v1/rates?pair=EURUSD', timeoutMs: gaveUp },
  search: { method: 'GET', path: '/v1/search?q=invoice', timeoutMs: 2000 },
  import: {
    method: 'POST',
    path: '/v1/ledger/import',
    body: 'acct-1 1200\nacct-2 -300\nacct-3 12,50\n',
    timeoutMs: 2000,
  },
  balance: { method: 'GET', path: '/v1/balance?account=acct-1', timeoutMs: 2000 },
  convert: { method: 'GET', path: '/v1/convert?from=EUR&to=JPY&amount=100', timeoutMs: gaveUp },
  audit: { method: 'GET', path: '/v1/audit?account=acct-2', timeoutMs: gaveUp },
  accounts: { method: 'POST', path: '/v1/accounts?id=acct-3', timeoutMs: gaveUp },
  reports: { method: 'GET', path: '/v1/reports/monthly?month=2026-10', timeoutMs: gaveUp },
  batch: {
    method: 'POST',
    path: '/v1/payments/batch',
    body: '[{"id":"p1","account":"acct-1","cents":500},{"id":"p2","account":"acct-2","cents":0}]',
    timeoutMs: gaveUp,
  },
  jobs: { method: 'GET', path: '/v1/jobs/next', timeoutMs: gaveUp },
  watch: { method: 'POST', path: '/v1/accounts/watch?id=acct-4', timeoutMs: 2000 },
  webhooks: { method: 'POST', path: '/v1/webhooks/notify?event=payment.settled', timeoutMs: gaveUp },
  streams: { method: 'POST', path: '/v1/streams?id=s1', timeoutMs: 2000 },
  retry: { method: 'POST', path: '/v1/payments/retry?id=p9', timeoutMs: gaveUp },
  statements: {
    method: 'POST',
    path: '/v1/statements',
    body: '2026-10-01;acct-1;-12.50\n'.repeat(40),
    timeoutMs: 2000,
  },
};

const each = (calls: Record<string, Call>, n: number) => Object.values(calls).map((c) => [c, n] as const);

export const leakyapi: ProofProgram = {
  name: 'leakyapi',
  dir: 'test/go/leakyapi',
  args: [],
  burst: async (load) => {
    for (let i = 0; i < 2; i++) load.hold('/v1/events');
    await load.send(each(leakyapiCalls, 4));
  },
  batch: (load) => load.send(each(leakyapiCalls, 1)),
  // The demo takes the buffered channel and `defer pw.Close()`: here the other two run.
  prefer: ['send-select-ctx', 'pipe-close-with-error'],
  expected: [],
};

export const demo: ProofProgram = {
  name: 'demo',
  dir: 'demo/service',
  args: ['-load'],
  burst: async () => undefined,
  batch: async () => undefined,
  prefer: [],
  expected: [],
};

const fixkindsCalls: Record<string, Call> = {
  lookup: { method: 'GET', path: '/lookup?id=42', timeoutMs: gaveUp },
  follow: { method: 'POST', path: '/follow?id=42', timeoutMs: 2000 },
  archive: { method: 'GET', path: '/archive?format=zip', timeoutMs: 2000 },
};

export const fixkinds: ProofProgram = {
  name: 'fixkinds',
  dir: 'test/go/fixkinds',
  args: [],
  burst: async (load) => {
    for (let i = 0; i < 4; i++) await load.stallUpload('/upload');
    await load.send(each(fixkindsCalls, 4));
  },
  batch: (load) => load.send(each(fixkindsCalls, 1)),
  prefer: [],
  expected: [
    { fn: 'main.(*server).lookup', kind: 'context-not-request' },
    { fn: 'main.(*server).upload', kind: 'blocking-io-no-deadline' },
  ],
};
