// Async byte streams: look at the first bytes without losing them (format detection before
// choosing a parser), count and cancel as chunks go by, and collect a whole (bounded) input for
// the formats that need it in one piece (protobuf). Chunks are passed on as the same objects, so a
// Node Buffer keeps its native indexOf on the parser's hot path.
import { LIMIT_KNOBS } from '../inflater';
import { InputError } from '../inputError';

export interface Peeked {
  /** At least `min` bytes unless the stream is shorter (then all of it). */
  readonly head: Uint8Array;
  /** The whole stream again, head included. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Release the source (close its file) when `chunks` will not be read to the end. */
  close(): Promise<void>;
}

/** `volatile`: the source reuses its buffer, so the chunks looked at are copied. */
export async function peekBytes(source: AsyncIterable<Uint8Array>, min: number, volatile = false): Promise<Peeked> {
  const it = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let total = 0;
  let done = false;
  while (total < min) {
    // A reusing source overwrites its last chunk on the next read: keep a copy of it first.
    if (volatile && buffered.length > 0) buffered[buffered.length - 1] = copy(buffered[buffered.length - 1]!);
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    if (r.value.length === 0) continue;
    buffered.push(r.value);
    total += r.value.length;
  }
  // A lone chunk (the usual case) is replayed as it is: the source is not read again before the
  // replay yields it. Only the head the caller keeps is copied, and only as far as it asked for
  // (64 KiB of a 1 MiB chunk: fresh memory costs page faults).
  const head =
    buffered.length === 1 ? (volatile ? copy(buffered[0]!.subarray(0, min)) : buffered[0]!) : concat(buffered, total);
  async function* replay(): AsyncGenerator<Uint8Array> {
    for (const b of buffered) yield b;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return {
    head,
    chunks: replay(),
    close: async () => {
      await it.return?.();
    },
  };
}

export interface ObserveOptions {
  readonly signal?: AbortSignal;
  /** Called with the running total of bytes read so far (over every observed stream). */
  readonly onChunk?: (bytes: number) => void;
}

/** Pass chunks through, reporting their sizes and stopping when `signal` aborts. */
export async function* observe(source: AsyncIterable<Uint8Array>, options: ObserveOptions): AsyncGenerator<Uint8Array> {
  const { signal, onChunk } = options;
  signal?.throwIfAborted();
  for await (const c of source) {
    signal?.throwIfAborted();
    onChunk?.(c.length);
    yield c;
  }
}

export interface CollectOptions {
  /** Sees each chunk as it arrives (a check that fails early, before the whole is read). */
  readonly onChunk?: (chunk: Uint8Array) => void;
  /** The error past `maxBytes`; by default "the input exceeds the limit". */
  readonly tooLarge?: () => Error;
  /**
   * The chunks are one reused buffer (SnapshotInput.reusesBuffers): what is kept is copied. With
   * `sizeHint` (the size the source expects) they are copied into one buffer of that size as they
   * come, instead of into pieces copied together at the end.
   */
  readonly volatile?: boolean;
  readonly sizeHint?: number;
}

/** The whole stream in one buffer, refusing to grow past `maxBytes`. */
export async function collectBytes(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
  input: string,
  options: CollectOptions = {},
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const volatile = options.volatile === true;
  // Past the hint, chunks are kept as (copied) pieces again.
  const hint = options.sizeHint;
  let filled: Uint8Array | null =
    volatile && hint !== undefined && hint > 0 && hint <= maxBytes ? new Uint8Array(hint) : null;
  for await (const c of source) {
    total += c.length;
    if (total > maxBytes) {
      throw (
        options.tooLarge?.() ??
        new InputError(`the input exceeds the limit of ${maxBytes} bytes`, {
          stage: 'reading',
          input,
          hint: `If it is genuine, raise the limit (${LIMIT_KNOBS})`,
        })
      );
    }
    options.onChunk?.(c);
    if (filled !== null) {
      if (total <= filled.length) {
        filled.set(c, total - c.length);
        continue;
      }
      parts.push(filled.subarray(0, total - c.length));
      filled = null;
    }
    parts.push(volatile ? copy(c) : c);
  }
  if (filled !== null) return total === filled.length ? filled : filled.subarray(0, total);
  return parts.length === 1 ? parts[0]! : (adjacentViews(parts, total) ?? concat(parts, total));
}

/** Pieces that lie one after the other in one buffer (an inflater's), as one view of it. */
function adjacentViews(parts: Uint8Array[], total: number): Uint8Array | null {
  const first = parts[0]!;
  let end = first.byteOffset;
  for (const p of parts) {
    if (p.buffer !== first.buffer || p.byteOffset !== end) return null;
    end += p.length;
  }
  return new Uint8Array(first.buffer, first.byteOffset, total);
}

/** Copies of the chunks of a source that reuses its buffer, for consumers that keep them. */
export async function* copyChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const c of source) yield copy(c);
}

function copy(c: Uint8Array): Uint8Array {
  const out = new Uint8Array(c.length);
  out.set(c);
  return out;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
