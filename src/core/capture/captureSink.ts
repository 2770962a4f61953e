// Where a capture writes each profile while it arrives, so that a body is never held whole in
// memory (and never twice): the extension and the CLI stream into files (src/node/captureFiles.ts).
// A sink receives chunks in order, awaiting each write, which gives the HTTP stream backpressure.

export interface CaptureSink {
  write(chunk: Uint8Array): Promise<void>;
  /** The body is complete. */
  close(): Promise<void>;
  /** The body will not be completed: drop what was written. */
  discard(): Promise<void>;
}

/** Opens the sink of one profile, by the file name the snapshot keeps it under. */
export type OpenSink = (name: string) => Promise<CaptureSink>;

/** Sinks that keep bodies in memory (tests, or callers that need the bytes); bounded by the capture's limit. */
export function memorySinks(): { open: OpenSink; bytes(name: string): Uint8Array | undefined } {
  const done = new Map<string, Uint8Array>();
  return {
    open: async (name) => {
      const parts: Uint8Array[] = [];
      return {
        write: async (chunk) => {
          parts.push(chunk);
        },
        close: async () => {
          const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
          let o = 0;
          for (const p of parts) {
            out.set(p, o);
            o += p.length;
          }
          done.set(name, out);
        },
        discard: async () => {
          parts.length = 0;
        },
      };
    },
    bytes: (name) => done.get(name),
  };
}
