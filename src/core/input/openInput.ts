// One input opened for reading: gzip unwrapped through the injected inflater and the format
// detected from the first decompressed bytes, nothing lost (`chunks` replays the whole stream).
// Every reader of inputs starts here: goroutine dumps and profiles (classifyInputs.ts) and the
// profiles of `top` (readProfile.ts).
import { isGzip, type Inflater } from '../inflater';
import type { InputFormat } from './detectFormat';
import { DETECT_BYTES, detectFormat } from './detectFormat';
import { collectBytes, copyChunks, peekBytes, type CollectOptions, type Peeked } from './chunkStream';

export interface OpenInputOptions {
  readonly inflater: Inflater;
  /** Bound on the decompressed size, and on the size of an input read whole (`readAll`). */
  readonly maxDecompressedBytes: number;
  /** Chunks are only valid until the next is requested (see SnapshotInput.reusesBuffers). */
  readonly reusesBuffers?: boolean;
}

export interface OpenedInput {
  readonly name: string;
  readonly format: InputFormat;
  /** The first DETECT_BYTES decompressed bytes (fewer at the end of the input). */
  readonly head: Uint8Array;
  /** The decompressed stream, head included; each chunk valid until the next when `volatile`. */
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly volatile: boolean;
  /** The bound on the decompressed size. */
  readonly maxBytes: number;
  /** The whole decompressed input in one buffer of its own, refused past `maxBytes`. */
  readAll(options?: CollectOptions): Promise<Uint8Array>;
  /** Release the source (its file) when `chunks` is not read to the end; harmless after. */
  close(): Promise<void>;
}

export async function openInput(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  options: OpenInputOptions,
): Promise<OpenedInput> {
  const reused = options.reusesBuffers === true;
  const raw = await peekBytes(chunks, 2, reused);
  let text: Peeked;
  const gzip = isGzip(raw.head);
  try {
    // The inflater may hold on to a compressed chunk while the next is read: give it copies.
    const stream = gzip
      ? options.inflater.gunzipStream(reused ? copyChunks(raw.chunks) : raw.chunks, {
          input: name,
          maxBytes: options.maxDecompressedBytes,
        })
      : raw.chunks;
    text = await peekBytes(stream, DETECT_BYTES, reused && !gzip);
  } catch (e) {
    await raw.close();
    throw e;
  }
  // Decompressed chunks are the inflater's own; only a plain reused source is volatile.
  const volatile = reused && !gzip;
  return {
    name,
    format: detectFormat(text.head),
    head: text.head,
    chunks: text.chunks,
    volatile,
    maxBytes: options.maxDecompressedBytes,
    readAll: (collect) =>
      collectBytes(volatile ? copyChunks(text.chunks) : text.chunks, options.maxDecompressedBytes, name, collect),
    close: async () => {
      await text.close();
      await raw.close();
    },
  };
}
