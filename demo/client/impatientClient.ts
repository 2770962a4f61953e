// The demo service's other half: a Node.js front end calling it the way real ones call Go back
// ends, with Node's own fetch and AbortSignal.timeout(…), sending its deadline along as
// `X-Request-Deadline` (Unix milliseconds) so a service that reads it can stop when the client
// would have given up. Run it against a running demo service:
//   npx tsx demo/client/impatientClient.ts --base http://127.0.0.1:6060 --timeout-ms 300 --rounds 3
export const DEADLINE_HEADER = 'X-Request-Deadline';

/** The demo's routes that leak when their client gives up (see demo/README.md). */
export const LEAKY_PATHS = [
  '/api/quote?item=42',
  '/api/export',
  '/api/stock?item=42',
  '/api/shipping?zip=75011',
  '/api/cart?cart=7&item=42',
] as const;

export type Outcome = 'answered' | 'aborted' | 'failed';

export interface ClientOptions {
  readonly base: string;
  /** How long the client waits before it aborts, in ms. */
  readonly timeoutMs: number;
  /** Requests per path, sent at once. */
  readonly rounds: number;
  readonly paths: readonly string[];
}

/** One request with a deadline: aborted by AbortSignal.timeout, the deadline announced in a header. */
export async function callWithDeadline(url: string, timeoutMs: number): Promise<Outcome> {
  const deadline = Date.now() + timeoutMs;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { [DEADLINE_HEADER]: String(deadline) },
    });
    await res.arrayBuffer();
    return 'answered';
  } catch (err) {
    const name = (err as { name?: string }).name;
    return name === 'TimeoutError' || name === 'AbortError' ? 'aborted' : 'failed';
  }
}

/** Sends `rounds` requests to each path at once; outcomes counted by path. */
export async function runClient(o: ClientOptions): Promise<Map<string, Record<Outcome, number>>> {
  const out = new Map<string, Record<Outcome, number>>();
  await Promise.all(
    o.paths.flatMap((p) =>
      Array.from({ length: o.rounds }, async () => {
        const outcome = await callWithDeadline(`${o.base}${p}`, o.timeoutMs);
        const counts = out.get(p) ?? { answered: 0, aborted: 0, failed: 0 };
        counts[outcome]++;
        out.set(p, counts);
      }),
    ),
  );
  return out;
}

function parseArgs(argv: readonly string[]): ClientOptions {
  const opts = { base: 'http://127.0.0.1:6060', timeoutMs: 300, rounds: 1, paths: [...LEAKY_PATHS] as string[] };
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--base' && value) opts.base = value.replace(/\/$/, '');
    else if (flag === '--timeout-ms' && value) opts.timeoutMs = Number(value);
    else if (flag === '--rounds' && value) opts.rounds = Number(value);
    else if (flag === '--path' && value) paths.push(value);
    else
      throw new Error(
        `unknown or incomplete argument ${flag}; usage: impatientClient.ts [--base URL] [--timeout-ms N] [--rounds N] [--path P]...`,
      );
    i++;
  }
  if (!(opts.timeoutMs > 0) || !(opts.rounds > 0)) throw new Error('--timeout-ms and --rounds must be positive');
  return paths.length > 0 ? { ...opts, paths } : opts;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  runClient(opts).then(
    (counts) => {
      for (const [p, c] of counts)
        console.log(
          `${p}: ${c.answered} answered, ${c.aborted} aborted after ${opts.timeoutMs} ms, ${c.failed} failed`,
        );
    },
    (err: unknown) => {
      console.error(`impatientClient: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
