// `goroutine-inspector top`: not implemented yet (owned by the issue that brings it).
import { UsageError } from './cliIo';

export async function runTopCommand(_args: string[]): Promise<number> {
  throw new UsageError('top is not implemented yet');
}
