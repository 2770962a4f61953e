// The `go test` timeout panic of a dump and the `running tests:` list after it, read from the
// parser's lines (testTimeoutLines.ts says what the lines look like). Several timeouts pasted
// together keep the first one's.
import type { TestTimeoutInfo } from '../model/goroutine';
import { decodeText, startsWithAscii } from './textBytes';
import { RUNNING_TESTS, runningTestEntry, TIMEOUT_PANIC_PREFIX, testTimeoutPanic } from './testTimeoutLines';

/** The timeout of `panic: test timed out after 10m0s` at `t`, or null when the line is not one. */
export function timeoutPanicAt(buf: Uint8Array, t: number, e: number): string | null {
  if (!startsWithAscii(buf, t, e, TIMEOUT_PANIC_PREFIX)) return null;
  return testTimeoutPanic(decodeText(buf, t, Math.min(e, t + 200)));
}

export class TestTimeoutList {
  private first: { line: number; after: string; running: { name: string; duration: string }[] | null } | null = null;

  /** A timeout panic at `line`: a second one (outputs of several packages pasted together) keeps the first one's list. */
  begin(line: number, after: string): void {
    if (this.first === null) this.first = { line, after, running: null };
  }

  /** A line after the panic: true when it is `running tests:` or one of its entries (kept). */
  readLine(buf: Uint8Array, t: number, e: number): boolean {
    const tt = this.first!;
    if (t < e) {
      if (tt.running === null && e - t === RUNNING_TESTS.length && startsWithAscii(buf, t, e, RUNNING_TESTS)) {
        tt.running = [];
        return true;
      }
      const entry = tt.running === null ? null : runningTestEntry(decodeText(buf, t, Math.min(e, t + 4096)));
      if (entry !== null) {
        tt.running!.push(entry);
        return true;
      }
    }
    return false;
  }

  info(): TestTimeoutInfo | null {
    const t = this.first;
    return t === null ? null : { line: t.line, after: t.after, running: t.running };
  }
}
