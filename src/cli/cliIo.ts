// Shared plumbing of the CLI commands: exit codes, the usage error, and writing output.

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
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
