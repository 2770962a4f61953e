// A `go test` binary stopped by its -timeout: testing's alarm panics with
//   panic: test timed out after 10m0s
//   	running tests:                  (Go 1.21+: the tests running, each with how long)
//   		TestDrain/empty (10m0s)
// before the dump of every goroutine. Older Go prints the panic line alone.

const PANIC = /^panic: test timed out after (\S+)$/;
const ENTRY = /^(\S.*) \((\S+)\)$/;

export const TIMEOUT_PANIC_PREFIX = 'panic: test timed out after ';
export const RUNNING_TESTS = 'running tests:';

/** The timeout of a `panic: test timed out after D` line, or null. */
export function testTimeoutPanic(text: string): string | null {
  return PANIC.exec(text)?.[1] ?? null;
}

/** `TestDrain/empty (2s)` of the running tests list, or null. */
export function runningTestEntry(text: string): { readonly name: string; readonly duration: string } | null {
  const m = ENTRY.exec(text);
  return m === null ? null : { name: m[1]!, duration: m[2]! };
}
