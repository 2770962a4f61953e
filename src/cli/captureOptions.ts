// The CLI's capture flags, shared by the commands that take endpoint URLs (analyze, diff):
//   --timeout SECONDS        deadline of each request, connect to last byte (default 30)
//   --total-timeout SECONDS  deadline of the whole capture (default 60)
//   --max-bytes SIZE         limit on all bodies of one capture together (default 256M); when
//                            given, also the limit on each input's decompressed size (default 1G)
//   --header 'Name: value'   a request header, repeatable
//   --header-file FILE       `Name: value` lines (# comments), e.g. a token file with mode 600
// and the environment variable GOROUTINE_INSPECTOR_HEADERS (`Name: value` lines), which keeps a
// token out of the process list and shell history. Later sources override earlier ones by name:
// environment, then files, then --header.
import { readFileSync } from 'node:fs';
import type { CaptureAdvice } from '../core/capture/captureAdvice';
import { parseHeader, parseHeaderLines } from '../core/capture/requestHeaders';
import { UsageError } from './cliIo';

export const HEADERS_ENV = 'GOROUTINE_INSPECTOR_HEADERS';

export interface CaptureOptions {
  timeoutSeconds: number;
  totalTimeoutSeconds: number;
  maxBytes: number;
  /** --max-bytes was given: it then bounds decompressed inputs too. */
  maxBytesGiven: boolean;
  /** Header lines as given, resolved by `captureHeaders`. */
  headerLines: string[];
  headerFiles: string[];
}

export const CAPTURE_USAGE =
  "[--timeout SECONDS] [--total-timeout SECONDS] [--max-bytes SIZE] [--header 'Name: value']... [--header-file FILE]";

export function defaultCaptureOptions(): CaptureOptions {
  return {
    timeoutSeconds: 30,
    totalTimeoutSeconds: 60,
    maxBytes: 256 << 20,
    maxBytesGiven: false,
    headerLines: [],
    headerFiles: [],
  };
}

/** What the capture's messages tell a CLI user to change. */
export const CLI_CAPTURE_ADVICE: CaptureAdvice = {
  requestTimeout: 'raise it with --timeout SECONDS',
  captureTimeout: 'raise it with --total-timeout SECONDS',
  maxBytes: 'raise the limit with --max-bytes SIZE (e.g. --max-bytes 1G)',
  credentials: `Send credentials as a header: --header 'Authorization: Bearer …', --header-file FILE, or ${HEADERS_ENV} in the environment (one Name: value per line).`,
};

const FLAGS = ['--timeout', '--total-timeout', '--max-bytes', '--header', '--header-file'];

/**
 * If `args[i]` is a capture flag, applies it to `out` and returns the index of its last argument;
 * otherwise returns null.
 */
export function parseCaptureFlag(args: readonly string[], i: number, out: CaptureOptions): number | null {
  const a = args[i]!;
  const eq = a.indexOf('=');
  const flag = eq > 0 ? a.slice(0, eq) : a;
  if (!FLAGS.includes(flag)) return null;
  let value: string | undefined;
  let last = i;
  if (eq > 0) value = a.slice(eq + 1);
  else {
    value = args[i + 1];
    last = i + 1;
  }
  if (value === undefined || value === '') throw new UsageError(`${flag} needs a value; ${CAPTURE_USAGE}`);
  switch (flag) {
    case '--timeout':
      out.timeoutSeconds = seconds(flag, value);
      break;
    case '--total-timeout':
      out.totalTimeoutSeconds = seconds(flag, value);
      break;
    case '--max-bytes':
      out.maxBytes = parseByteSize(flag, value);
      out.maxBytesGiven = true;
      break;
    case '--header':
      try {
        parseHeader(value);
      } catch (e) {
        throw new UsageError(`--header: ${(e as Error).message}`);
      }
      out.headerLines.push(value);
      break;
    case '--header-file':
      out.headerFiles.push(value);
      break;
  }
  return last;
}

function seconds(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} takes a number of seconds above 0, not "${value}"`);
  return n;
}

const UNITS: Record<string, number> = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 };

/** `1048576`, `64K`, `256M`, `1G`, `1GiB`, `512MB` (binary multiples throughout). */
export function parseByteSize(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(value.trim());
  const n = m ? Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(n) || n < 1024) {
    throw new UsageError(`${flag} takes a size of at least 1024 bytes, such as 1048576, 64M or 1G; not "${value}"`);
  }
  return n;
}

/** The headers to send: environment, then header files, then --header, later names winning. */
export function captureHeaders(o: CaptureOptions, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const byName = new Map<string, [string, string]>();
  const add = (headers: Record<string, string>) => {
    for (const [name, value] of Object.entries(headers)) byName.set(name.toLowerCase(), [name, value]);
  };
  const fromEnv = env[HEADERS_ENV];
  if (fromEnv) add(parsed(() => parseHeaderLines(fromEnv, HEADERS_ENV)));
  for (const file of o.headerFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`--header-file ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}`);
    }
    add(parsed(() => parseHeaderLines(text, `--header-file ${file}`)));
  }
  for (const line of o.headerLines) add(Object.fromEntries([parseHeader(line)]));
  return Object.fromEntries(byName.values());
}

function parsed(read: () => Record<string, string>): Record<string, string> {
  try {
    return read();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
