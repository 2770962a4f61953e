// `goroutine-inspector`: the same core as the extension, from the command line.
// Exit codes: 0 success, 1 suspects found with --fail-on-suspects, 2 bad input or usage
// (one line on stderr saying what is wrong and where, never a stack trace).
import { runAnalyzeCommand } from './cli/analyzeCommand';
import { runTopCommand } from './cli/topCommand';
import { runDiffCommand } from './cli/diffCommand';
import { runFixCommand } from './cli/fixCommand';
import { runWatchCommand } from './cli/watchCommand';
import { UsageError, EXIT_USAGE, writeError } from './cli/cliIo';
import { HEADERS_ENV } from './cli/captureOptions';
import { InputError } from './core/inputError';

const USAGE = `usage:
  goroutine-inspector analyze <input>... [--history EARLIER]... [--source-root DIR]... [--json | --format markdown|speedscope] [--fail-on-suspects] [--all] [capture flags]
  goroutine-inspector watch <url> [--every 30s] [--for 10m] [--full-every 4] [--json] [--fail-on-growth] [--source-root DIR]... [capture flags]
  goroutine-inspector top <profile> [--base BEFORE] [--sample TYPE] [--json] [--max-bytes SIZE]
  goroutine-inspector diff <before>... -- <after>... [--json] [capture flags]
  goroutine-inspector fix <input>... --source-root DIR [--write] [--go PATH]
An input is a file, - for standard input, or an http(s):// pprof endpoint, which is captured once.
--history gives earlier moments of the same process, oldest first (repeatable). watch captures the
endpoint every --every until --for has passed or Ctrl-C, one line per tick, then the verdicts.
--all keeps the runtime's own goroutines (GC workers, the finalizer…) in analyze's groups.
Capture flags:
  --timeout SECONDS        deadline of each request, from connecting to its last byte (30)
  --total-timeout SECONDS  deadline of the whole capture (60)
  --max-bytes SIZE         bytes accepted from one capture, all profiles together (256M); when
                           given, also the largest decompressed input (default 1G)
  --header 'Name: value'   a request header, repeatable; --header-file FILE reads Name: value
                           lines; ${HEADERS_ENV} in the environment too (keeps tokens out of
                           the process list). Headers go to the endpoint's origin only.`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  analyze: runAnalyzeCommand,
  top: runTopCommand,
  diff: runDiffCommand,
  fix: runFixCommand,
  watch: runWatchCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"; expected analyze, watch, top, diff or fix`);
  // `goroutine-inspector analyze --help` is where people look first: the usage, not an "unknown option".
  if (rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  return command(rest);
}

/**
 * Exit once everything written has reached stdout and stderr (a pipe is written asynchronously).
 * Exiting instead of letting the event loop run dry skips tearing down a heap that holds a large
 * snapshot: about 30 ms of the 100k dump's whole-process time.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof InputError) {
      writeError(err.message);
    } else {
      writeError(`internal error: ${err instanceof Error ? err.message : String(err)}`);
    }
    exitWhenFlushed(EXIT_USAGE);
  },
);
