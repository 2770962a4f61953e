// `goroutine-inspector diff`: not implemented yet (owned by the issue that brings it).
import { UsageError } from './cliIo';

export async function runDiffCommand(_args: string[]): Promise<number> {
  throw new UsageError('diff is not implemented yet');
}
