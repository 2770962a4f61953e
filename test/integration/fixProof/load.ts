// Client load for the fix proof: impatient HTTP clients that give up (each request on its own
// connection, closed on timeout, as a browser or a Node service with a deadline does), long polls
// kept open, and uploads that send their headers and stall. Every connection opened here is closed
// by `close()`.
import * as http from 'node:http';
import * as net from 'node:net';

export interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  /** The client's deadline; it closes the connection then. */
  readonly timeoutMs: number;
}

export class Load {
  private readonly open = new Set<{ destroy(): void }>();
  /** Outcomes by path: a status code or `gave up`. */
  readonly outcomes = new Map<string, Map<string, number>>();

  constructor(private readonly base: string) {}

  private record(path: string, outcome: string): void {
    const m = this.outcomes.get(path) ?? new Map<string, number>();
    m.set(outcome, (m.get(outcome) ?? 0) + 1);
    this.outcomes.set(path, m);
  }

  /** Sends `n` of each call at once and resolves when every one has answered or given up. */
  async send(calls: readonly (readonly [Call, number])[]): Promise<void> {
    const all: Promise<void>[] = [];
    for (const [c, n] of calls) for (let i = 0; i < n; i++) all.push(this.one(c));
    await Promise.all(all);
  }

  private one(c: Call): Promise<void> {
    return new Promise((resolve) => {
      const req = http.request(`${this.base}${c.path}`, { method: c.method, agent: false }, (res) => {
        res.resume();
        res.on('end', () => {
          this.record(c.path, String(res.statusCode));
          resolve();
        });
      });
      req.setTimeout(c.timeoutMs, () => {
        req.destroy();
        this.record(c.path, 'gave up');
        resolve();
      });
      req.on('error', () => resolve());
      req.end(c.body);
    });
  }

  /** A long poll kept open until `close()` (a subscriber that is still there). */
  hold(path: string): void {
    const req = http.get(`${this.base}${path}`, { agent: false }, (res) => res.resume());
    req.on('error', () => undefined);
    this.open.add(req);
  }

  /** A POST that announces `length` bytes, sends a few and stalls with the connection open. */
  stallUpload(path: string, length = 1000): Promise<void> {
    const { hostname, port } = new URL(this.base);
    return new Promise((resolve) => {
      const s = net.connect(Number(port), hostname, () => {
        s.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: ${length}\r\n\r\nfirst part`);
        resolve();
      });
      s.on('error', () => resolve());
      this.open.add(s);
    });
  }

  close(): void {
    for (const o of this.open) o.destroy();
    this.open.clear();
  }
}
