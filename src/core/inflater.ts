import { InputError } from './inputError';

// gzip is decompressed through this interface so the core stays pure: Node injects its zlib
// (src/node/zlibInflater.ts). No browser-side context decompresses today (the webview receives
// view models); one would implement this over the standard DecompressionStream. An inflater bounds
// the decompressed size: a gzip bomb is an error.

export interface InflateOptions {
  /** Stop with an InputError once this many decompressed bytes are produced. */
  readonly maxBytes: number;
  /** Input name for error messages. */
  readonly input: string;
  /**
   * Size of the pieces to produce, when the caller knows better than the inflater's default: the
   * whole decompressed size (+1) for an input read whole, so every piece is a view of one buffer.
   */
  readonly chunkBytes?: number;
}

export interface Inflater {
  /** Decompress a stream of gzip bytes chunk by chunk. */
  gunzipStream(chunks: AsyncIterable<Uint8Array>, options: InflateOptions): AsyncIterable<Uint8Array>;
}

/** 1 GiB: the default bound on decompressed input (setting `goroutineInspector.decode.maxDecompressedBytes`). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 * 1024 * 1024;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Where the limit is set, named in its messages (the core does not know who is calling). */
export const LIMIT_KNOBS = 'goroutineInspector.decode.maxDecompressedBytes in VS Code, --max-bytes on the command line';

/** The error an inflater raises when output passes `maxBytes`. */
export function decompressedTooLarge(options: InflateOptions): InputError {
  return new InputError(`decompressed data exceeds the limit of ${options.maxBytes} bytes`, {
    stage: 'decompressing',
    input: options.input,
    hint: `The file may be a gzip bomb; if it is genuine, raise the limit (${LIMIT_KNOBS})`,
  });
}

/** The error an inflater raises for corrupt or truncated gzip data. */
export function gzipCorrupt(options: InflateOptions, reason: string, offset: number): InputError {
  return new InputError(`gzip data is corrupt or truncated (${reason})`, {
    stage: 'decompressing',
    input: options.input,
    offset,
    hint: 'Capture the profile again, or check that the whole file was copied',
  });
}
