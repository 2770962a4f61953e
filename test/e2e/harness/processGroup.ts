// Child processes that run in their own process group, so stopping one also stops everything it
// started (code-server's extension hosts, a Go service's children), plus the small waits tests
// need around them: a free port, an HTTP endpoint that answers.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';

export interface GroupProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the leader has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the leader is gone. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<number>();
let exitHookInstalled = false;

// A test that throws or a runner that is interrupted must not leave servers behind.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const pgid of live) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', killAll);
  // node:test stops a timed-out test file with SIGTERM, which skips 'exit' handlers.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      // A program with its own handler (the demo, the launcher) stops its processes gracefully.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      process.exit(code);
    });
  }
}

/** Spawns `command` as the leader of a new process group; stdout and stderr go to `logFile`. */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { logFile: string },
): GroupProcess {
  installExitHook();
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`spawning ${command}: no process id (is it installed?)`);
  live.add(pgid);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    });
    child.on('error', (err) => resolve(`spawn error: ${err.message}`));
  });
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // the group is already empty
    }
  };
  return {
    child,
    exited,
    async stop(graceMs = 5000) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Children that ignored SIGTERM (extension hosts) go with the group.
      signalGroup('SIGKILL');
      live.delete(pgid);
      log.end();
    },
  };
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('freePort: the server has no address'));
      });
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Calls `probe` every `intervalMs` until it returns null (ready), failing early if `whileAlive`
 * settles (the process died) or after `timeoutMs`. `probe` returns why it is not ready yet.
 */
async function pollUntilReady(
  probe: () => Promise<string | null>,
  opts: {
    timeoutMs: number;
    intervalMs: number;
    whileAlive?: Promise<unknown>;
    died: (how: string) => string;
    timedOut: (lastReason: string) => string;
  },
): Promise<void> {
  let died: unknown;
  let hasDied = false;
  opts.whileAlive?.then((v) => {
    hasDied = true;
    died = v;
  });
  const deadline = Date.now() + opts.timeoutMs;
  let lastReason = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasDied) throw new Error(opts.died(String(died)));
    const notReady = await probe();
    if (notReady === null) return;
    lastReason = notReady;
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
  throw new Error(opts.timedOut(lastReason));
}

/**
 * Polls `url` until it answers with any HTTP status, failing early if `whileAlive` settles
 * (the server died) or after `timeoutMs`.
 */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  whileAlive?: Promise<unknown>,
  describe = url,
): Promise<void> {
  await pollUntilReady(
    () =>
      httpStatus(url).then(
        () => null,
        (err: Error) => err.message,
      ),
    {
      timeoutMs,
      intervalMs: 150,
      whileAlive,
      died: (how) => `${describe} exited (${how}) before ${url} answered`,
      timedOut: (last) => `${describe}: ${url} did not answer within ${timeoutMs} ms (${last})`,
    },
  );
}

/** Polls until a TCP connection to `host:port` succeeds; fails early if `whileAlive` settles. */
export async function waitForTcp(
  host: string,
  port: number,
  timeoutMs: number,
  whileAlive?: Promise<unknown>,
  describe = `${host}:${port}`,
): Promise<void> {
  const connect = () =>
    new Promise<string | null>((resolve) => {
      const socket = net.connect({ host, port }, () => {
        socket.destroy();
        resolve(null);
      });
      socket.on('error', (err) => resolve(err.message));
    });
  await pollUntilReady(connect, {
    timeoutMs,
    intervalMs: 100,
    whileAlive,
    died: (how) => `${describe} exited (${how}) before ${host}:${port} accepted connections`,
    timedOut: () => `${describe}: ${host}:${port} accepted no connection within ${timeoutMs} ms`,
  });
}
