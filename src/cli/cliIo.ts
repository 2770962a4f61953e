// Shared plumbing of the CLI commands: exit codes, the usage error, and writing output. Whatever
// is written passes through the core's escaping: names, labels and quoted lines come from the
// input and must not drive the terminal (see src/core/text/terminalText.ts).
import { redactUrls } from '../core/text/redactUrl';
import { escapeControls, escapeLines, safeJson } from '../core/text/terminalText';

export const EXIT_OK = 0;
export const EXIT_SUSPECTS = 1;
export const EXIT_USAGE = 2;

/** Wrong arguments: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function writeJson(value: unknown): void {
  process.stdout.write(safeJson(value, 2) + '\n');
}

/** Lines of a table or report; their cells should already be escaped (column widths). */
export function writeLines(lines: readonly string[]): void {
  process.stdout.write(lines.map(escapeControls).join('\n') + '\n');
}

/** One message on stderr: controls escaped, URL credentials redacted. */
export function writeError(message: string): void {
  process.stderr.write(`goroutine-inspector: ${escapeLines(redactUrls(message))}\n`);
}

/** Warnings outside a command's own output, one `warning:` line each on stderr. */
export function writeWarnings(warnings: readonly string[]): void {
  for (const w of new Set(warnings)) process.stderr.write(`warning: ${escapeLines(redactUrls(w))}\n`);
}

/** A cell of a table: untrusted text, escaped before its width is measured. */
export const cell = escapeControls;
