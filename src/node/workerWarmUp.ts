// The decode worker's warm-up while it waits for its first job. The worker starts when the
// extension activates, but its first real job still paid a cold start (about 0.4 s more at 100k
// goroutines: the JIT compiling the parser and the analysis, tree-sitter's WebAssembly set up, the
// Go grammar loaded). A small dump of a small Go program, decoded and analysed with its source the
// way a real job is, does that work before the user's bytes arrive. The program and its dump are
// made here (no file of the extension is read) in a temporary folder that is removed after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const WARM_GO = `package main

import (
	"net/http"
	"sync"
)

var mu sync.Mutex

func handler(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	select {
	case <-ch:
	}
}

func worker(jobs chan int) {
	for j := range jobs {
		mu.Lock()
		_ = j
		mu.Unlock()
	}
}

func main() {
	go worker(make(chan int))
	http.HandleFunc("/", handler)
	http.ListenAndServe(":8080", nil)
}
`;

/** How many distinct handlers the warm-up program has: the analysis warms per distinct site. */
const HANDLERS = 120;

/** WARM_GO plus `handlers` handlers parked in a select each; the 1-based line of each select. */
export function warmUpProgram(handlers = HANDLERS): { text: string; selectLines: number[] } {
  const lines = WARM_GO.split('\n');
  const selectLines: number[] = [];
  for (let k = 0; k < handlers; k++) {
    lines.push(`func handler${k}(w http.ResponseWriter, r *http.Request) {`, '\tch := make(chan int)', '\tselect {');
    selectLines.push(lines.length);
    lines.push('\tcase <-ch:', '\t}', '}', '');
  }
  return { text: lines.join('\n'), selectLines };
}

const GOROOT = '/usr/local/go/src';

/** A goroutine parked in a select, innermost frames. */
const IN_SELECT = [
  'runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)',
  `\t${GOROOT}/runtime/proc.go:435 +0xce`,
  'runtime.selectgo(0xc000123f30, 0xc000123f08, 0x0?, 0x0, 0x0?, 0x1)',
  `\t${GOROOT}/runtime/select.go:351 +0x837`,
];

/** The frames net/http serves a handler under, and its creator. */
const SERVED = [
  'net/http.HandlerFunc.ServeHTTP(0x0?, {0x7a4a30?, 0xc0001c2000?}, 0x0?)',
  `\t${GOROOT}/net/http/server.go:2294 +0x29`,
  'net/http.(*ServeMux).ServeHTTP(0x0?, {0x7a4a30, 0xc0001c2000}, 0xc0001b6000)',
  `\t${GOROOT}/net/http/server.go:2822 +0x1c4`,
  'net/http.serverHandler.ServeHTTP({0xc0001a4000?}, {0x7a4a30?, 0xc0001c2000?}, 0x6?)',
  `\t${GOROOT}/net/http/server.go:3301 +0x8e`,
  'net/http.(*conn).serve(0xc0001b2000, {0x7a4f28, 0xc0001a6000})',
  `\t${GOROOT}/net/http/server.go:2102 +0x625`,
  'created by net/http.(*Server).Serve in goroutine 1',
  `\t${GOROOT}/net/http/server.go:3454 +0x485`,
];

/**
 * A debug=2 dump of `n` handlers parked in WARM_GO's select, their senders, some workers, and `n`
 * goroutines spread over the generated handlers (`selectLines` from warmUpProgram).
 */
export function warmUpDump(file: string, n: number, selectLines: readonly number[] = []): string {
  const out: string[] = [
    'goroutine 1 [IO wait]:',
    'internal/poll.runtime_pollWait(0x7f0000000000, 0x72)',
    `\t${GOROOT}/runtime/netpoll.go:351 +0x85`,
    'net/http.ListenAndServe(...)',
    `\t${GOROOT}/net/http/server.go:3642`,
    'main.main()',
    `\t${file}:31 +0x3c`,
    '',
  ];
  for (let i = 0; i < n; i++) {
    const h = 100 + 2 * i;
    out.push(
      `goroutine ${h} [select, ${i % 3} minutes]:`,
      ...IN_SELECT,
      'main.handler({0x7a4a30, 0xc0001c2000}, 0xc0001b6000)',
      `\t${file}:15 +0x95`,
      ...SERVED,
      '',
      `goroutine ${h + 1} [chan send, ${i % 3} minutes]:`,
      'runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)',
      `\t${GOROOT}/runtime/proc.go:435 +0xce`,
      'runtime.chansend(0xc000120000, 0xc00012ff80, 0x1, 0x0?)',
      `\t${GOROOT}/runtime/chan.go:283 +0x3c5`,
      'runtime.chansend1(0x0?, 0x0?)',
      `\t${GOROOT}/runtime/chan.go:161 +0x17`,
      'main.handler.func1()',
      `\t${file}:13 +0x25`,
      `created by main.handler in goroutine ${h}`,
      `\t${file}:12 +0x7a`,
      '',
    );
  }
  for (let i = 0; i < (selectLines.length > 0 ? n : 0); i++) {
    const k = i % selectLines.length;
    out.push(
      `goroutine ${100 + 2 * n + i} [select]:`,
      ...IN_SELECT,
      `main.handler${k}({0x7a4a30, 0xc0001c2000}, 0xc0001b6000)`,
      `\t${file}:${selectLines[k]} +0x95`,
      ...SERVED,
      '',
    );
  }
  for (let i = 0; i < 20; i++) {
    out.push(
      `goroutine ${10 + i} [chan receive]:`,
      'runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)',
      `\t${GOROOT}/runtime/proc.go:435 +0xce`,
      'runtime.chanrecv(0xc000120100, 0xc000131f50, 0x1)',
      `\t${GOROOT}/runtime/chan.go:664 +0x445`,
      'runtime.chanrecv2(0x0?, 0x0?)',
      `\t${GOROOT}/runtime/chan.go:511 +0x12`,
      'main.worker(0xc000120100)',
      `\t${file}:21 +0x6b`,
      'created by main.main in goroutine 1',
      `\t${file}:29 +0x25`,
      '',
    );
  }
  return out.join('\n');
}

/**
 * Runs `decode` once on the warm-up dump with its program as the source root. Failures are
 * ignored: a warm-up that cannot run only leaves the first job as slow as it was.
 */
export async function warmUp(
  decode: (bytes: Uint8Array, sourceRoot: string) => Promise<unknown>,
  goroutines = 10_000,
): Promise<void> {
  let dir: string | null = null;
  try {
    dir = mkdtempSync(path.join(tmpdir(), 'goroutine-inspector-warm-'));
    const file = path.join(dir, 'main.go');
    writeFileSync(path.join(dir, 'go.mod'), 'module warmup.example\n\ngo 1.21\n');
    const program = warmUpProgram();
    writeFileSync(file, program.text);
    await decode(new TextEncoder().encode(warmUpDump(file, goroutines, program.selectLines)), dir);
  } catch {
    // Nothing to report: the first job runs cold.
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}
