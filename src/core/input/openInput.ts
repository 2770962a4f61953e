// One input opened for reading: gzip unwrapped through the injected inflater and the format
// detected from the first decompressed bytes, nothing lost (`chunks` replays the whole stream).
// Every reader of inputs starts here: goroutine dumps and profiles (classifyInputs.ts) and the
// profiles of `top` (readProfile.ts).
//
// A gzipped input is decompressed by the way it is read: streamed (`chunks`, a dump parsed as it
// arrives) in small pieces, or whole (`readAll`, a protobuf) into one buffer of the size the gzip
// trailer announces, so that a 25 MB profile costs 25 MB and not its pieces plus their copy. The
// format is told first from the decompressed start of the first raw chunk alone.
import { isGzip, type Inflater } from '../inflater';
import type { InputFormat } from './detectFormat';
import { DETECT_BYTES, detectFormat } from './detectFormat';
import { collectBytes, copyChunks, peekBytes, type CollectOptions, type Peeked } from './chunkStream';
import type { SizeHint } from './snapshotInput';

export interface OpenInputOptions {
  readonly inflater: Inflater;
  /** Bound on the decompressed size, and on the size of an input read whole (`readAll`). */
  readonly maxDecompressedBytes: number;
  /** Chunks are only valid until the next is requested (see SnapshotInput.reusesBuffers). */
  readonly reusesBuffers?: boolean;
  /** See SnapshotInput.sizeHint. */
  readonly sizeHint?: () => SizeHint | null;
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

/** Raw bytes looked at to tell a gzipped input's format: far more than DETECT_BYTES inflated. */
const RAW_PROBE_BYTES = 64 * 1024;

export async function openInput(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  options: OpenInputOptions,
): Promise<OpenedInput> {
  const reused = options.reusesBuffers === true;
  let raw = await peekBytes(chunks, 2, reused);
  if (!isGzip(raw.head)) return openPlain(name, raw, options);
  const inflate = (chunkBytes?: number) =>
    // The inflater may hold on to a compressed chunk while the next is read: give it copies.
    options.inflater.gunzipStream(reused ? copyChunks(raw.chunks) : raw.chunks, {
      input: name,
      maxBytes: options.maxDecompressedBytes,
      chunkBytes,
    });
  let stream: Peeked | null = null;
  let head: Uint8Array;
  try {
    ({ head, raw } = await probeHead(name, raw, options));
  } catch {
    // The start alone did not inflate (corrupt data, a tiny first chunk): read the stream itself,
    // whose errors say what is wrong.
    stream = await peekBytes(inflate(), DETECT_BYTES).catch(async (e: unknown) => {
      await raw.close();
      throw e;
    });
    head = stream.head;
  }
  const started = (chunkBytes?: number): Peeked => (stream ??= { head, chunks: inflate(chunkBytes), close: raw.close });
  return {
    name,
    format: detectFormat(head),
    head,
    chunks: { [Symbol.asyncIterator]: () => started().chunks[Symbol.asyncIterator]() },
    // Decompressed chunks are the inflater's own.
    volatile: false,
    maxBytes: options.maxDecompressedBytes,
    readAll: (collect) => {
      // The trailer's size (+1: zlib starts a new buffer when one fills up) makes every piece a
      // view of one buffer, which collectBytes joins without copying.
      const expected = options.sizeHint?.()?.gzipTrailer ?? null;
      const fits = expected !== null && expected > 0 && expected < options.maxDecompressedBytes;
      return collectBytes(started(fits ? expected + 1 : undefined).chunks, options.maxDecompressedBytes, name, collect);
    },
    close: async () => {
      await stream?.close();
      await raw.close();
    },
  };
}

function openPlain(name: string, raw: Peeked, options: OpenInputOptions): Promise<OpenedInput> {
  return peekBytes(raw.chunks, DETECT_BYTES, options.reusesBuffers === true).then((text) => {
    const volatile = options.reusesBuffers === true;
    return {
      name,
      format: detectFormat(text.head),
      head: text.head,
      chunks: text.chunks,
      volatile,
      maxBytes: options.maxDecompressedBytes,
      readAll: (collect) =>
        collectBytes(text.chunks, options.maxDecompressedBytes, name, {
          volatile,
          sizeHint: options.sizeHint?.()?.bytes,
          ...collect,
        }),
      close: async () => {
        await text.close();
        await raw.close();
      },
    };
  });
}

/**
 * The first decompressed bytes, inflated from the first raw bytes alone; with the raw stream,
 * still whole (peekBytes replays what it read) for the real inflater.
 */
async function probeHead(
  name: string,
  raw: Peeked,
  options: OpenInputOptions,
): Promise<{ head: Uint8Array; raw: Peeked }> {
  const first = await peekBytes(raw.chunks, RAW_PROBE_BYTES, options.reusesBuffers === true);
  const whole: Peeked = { head: raw.head, chunks: first.chunks, close: raw.close };
  const start = first.head.subarray(0, RAW_PROBE_BYTES);
  const probe = await peekBytes(
    options.inflater.gunzipStream(once(start.slice()), { input: name, maxBytes: options.maxDecompressedBytes }),
    DETECT_BYTES,
  ).catch(() => null);
  if (probe === null) throw new Error('the start does not inflate alone');
  await probe.close();
  // A whole (small) input inflates completely here; a cut one yields what it could.
  if (probe.head.length < DETECT_BYTES && start.length === RAW_PROBE_BYTES) throw new Error('too little inflated');
  return { head: probe.head.subarray(0, DETECT_BYTES), raw: whole };
}

async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}
