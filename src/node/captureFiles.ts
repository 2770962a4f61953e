// Capture sinks that stream each profile into a file of a folder as it arrives: the CLI's temporary
// folder, the extension's snapshot folder. Every chunk is written before the next is read (the
// core awaits `write`), so memory holds at most a chunk or two per request, not a body.
import { open, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { OpenSink } from '../core/capture/captureSink';

export function fileSinks(dir: string): OpenSink {
  return async (name) => {
    // Names come from the core's list of profiles, never from the server; still, stay in `dir`.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`invalid capture file name "${name}"`);
    const file = path.join(dir, name);
    const handle = await open(file, 'w');
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      write: async (chunk) => {
        let off = 0;
        while (off < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, off, chunk.length - off);
          off += bytesWritten;
        }
      },
      close,
      discard: async () => {
        await close().catch(() => undefined);
        await rm(file, { force: true });
      },
    };
  };
}
