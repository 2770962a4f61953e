// `goroutine-inspector analyze`: not implemented yet (owned by the issue that brings it).
import { UsageError } from './cliIo';

export async function runAnalyzeCommand(_args: string[]): Promise<number> {
  throw new UsageError('analyze is not implemented yet');
}
