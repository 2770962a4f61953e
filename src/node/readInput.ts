// Inputs for the core from Node: a file path or `-` for standard input, read as a stream of
// 1 MiB chunks (Buffers, so the parser's line scan runs on Node's native indexOf). Opening
// errors become InputErrors naming the file; nothing is read until the core asks for it.
import { open } from 'node:fs/promises';
import { InputError } from '../core/inputError';
import type { SnapshotInput } from '../core/input/loadSnapshot';

const CHUNK = 1 << 20;

export function readInput(path: string): SnapshotInput {
  return { name: path, chunks: path === '-' ? readStdin() : readFileChunks(path) };
}

async function* readFileChunks(path: string): AsyncGenerator<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new InputError(describeOpenError(e), { stage: 'reading', input: path });
  }
  try {
    let offset = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buf, 0, CHUNK, null));
      } catch (e) {
        throw new InputError(`cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { stage: 'reading', input: path, offset });
      }
      if (n === 0) return;
      offset += n;
      yield n === CHUNK ? buf : buf.subarray(0, n);
    }
  } finally {
    await handle.close();
  }
}

async function* readStdin(): AsyncGenerator<Uint8Array> {
  for await (const c of process.stdin) yield c as Buffer;
}

function describeOpenError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot open (${code ?? String(e)})`;
}
