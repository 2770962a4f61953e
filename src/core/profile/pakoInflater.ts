// pako behind the core's Inflater interface, for contexts without Node's zlib (webview, browser).
// Output is counted as pako produces it, chunk by chunk, so a gzip bomb stops after at most one
// chunk past the bound instead of filling memory.
import { Inflate } from 'pako';
import { decompressedTooLarge, gzipCorrupt } from '../inflater';
import type { Inflater, InflateOptions } from '../inflater';

const OUTPUT_CHUNK = 64 * 1024;

/** One pako Inflate whose output goes to `sink`, with the running total checked on every chunk. */
function boundedInflate(options: InflateOptions, state: { produced: number }, sink: (c: Uint8Array) => void): Inflate {
  const inflate = new Inflate({ chunkSize: OUTPUT_CHUNK });
  inflate.onData = (chunk) => {
    const c = chunk as Uint8Array;
    state.produced += c.length;
    // Thrown from inside pako's push loop: decompression stops here.
    if (state.produced > options.maxBytes) throw decompressedTooLarge(options);
    sink(c);
  };
  return inflate;
}

/** pako sets `ended` once the stream is complete or failed; its typings omit it. */
function ended(inflate: Inflate): boolean {
  return (inflate as unknown as { ended: boolean }).ended;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function* gunzipStream(chunks: AsyncIterable<Uint8Array>, options: InflateOptions): AsyncIterable<Uint8Array> {
  const state = { produced: 0 };
  let pending: Uint8Array[] = [];
  const sink = (c: Uint8Array) => {
    pending.push(c);
  };
  let inflate = boundedInflate(options, state, sink);
  let consumed = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    // A gzip member ended exactly at a chunk boundary: the next member gets a fresh inflater.
    if (ended(inflate) && inflate.err === 0 && chunk[0] !== 0) inflate = boundedInflate(options, state, sink);
    if (!ended(inflate)) inflate.push(chunk, false);
    if (inflate.err) throw gzipCorrupt(options, inflate.msg || `zlib error ${inflate.err}`, consumed);
    consumed += chunk.length;
    if (pending.length) {
      const out = pending;
      pending = [];
      yield* out;
    }
  }
  if (!ended(inflate)) inflate.push(new Uint8Array(0), true);
  if (inflate.err || !ended(inflate)) throw gzipCorrupt(options, inflate.msg || 'unexpected end of data', consumed);
  yield* pending;
}

export const pakoInflater: Inflater = {
  async gunzip(data: Uint8Array, options: InflateOptions): Promise<Uint8Array> {
    const state = { produced: 0 };
    const out: Uint8Array[] = [];
    const inflate = boundedInflate(options, state, (c) => out.push(c));
    inflate.push(data, true);
    if (inflate.err || !ended(inflate))
      throw gzipCorrupt(options, inflate.msg || 'unexpected end of data', data.length);
    return concat(out, state.produced);
  },
  gunzipStream,
};
