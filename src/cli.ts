// `goroutine-inspector`: the same core as the extension, from the command line.
// Exit codes: 0 success, 1 suspects found with --fail-on-suspects, 2 bad input or usage
// (one line on stderr saying what is wrong and where, never a stack trace).
import { runAnalyzeCommand } from './cli/analyzeCommand';
import { runTopCommand } from './cli/topCommand';
import { runDiffCommand } from './cli/diffCommand';
import { UsageError, EXIT_USAGE } from './cli/cliIo';
import { InputError } from './core/inputError';

const USAGE = `usage:
  goroutine-inspector analyze <input>... [--source-root DIR]... [--json] [--fail-on-suspects]
  goroutine-inspector top <profile> [--sample TYPE] [--json]
  goroutine-inspector diff <before>... -- <after>... [--json]
An input is a file, - for standard input, or an http(s):// pprof endpoint.`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  analyze: runAnalyzeCommand,
  top: runTopCommand,
  diff: runDiffCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"; expected analyze, top or diff`);
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof InputError) {
      process.stderr.write(`goroutine-inspector: ${err.message}\n`);
    } else {
      const msg = err instanceof Error ? err.message : String(err);
      process.stderr.write(`goroutine-inspector: internal error: ${msg}\n`);
    }
    process.exitCode = EXIT_USAGE;
  },
);
