// Gzipped or raw pprof protobuf bytes → Profile. Phase 1 (unwrap gzip) goes through the injected
// Inflater, so the same code runs in Node (zlibInflater) and in a webview (pakoInflater).
import { DEFAULT_MAX_DECOMPRESSED_BYTES, isGzip } from '../inflater';
import type { Inflater } from '../inflater';
import type { Profile } from '../model/profile';
import { decodeProfile } from './decodeProfile';

export interface ReadProfileOptions {
  readonly input: string;
  readonly inflater: Inflater;
  /** Bound on the decompressed size; past it decompression stops with an InputError. */
  readonly maxDecompressedBytes?: number;
}

export async function readProfile(bytes: Uint8Array, options: ReadProfileOptions): Promise<Profile> {
  const { input, inflater, maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES } = options;
  const raw = isGzip(bytes) ? await inflater.gunzip(bytes, { input, maxBytes: maxDecompressedBytes }) : bytes;
  return decodeProfile(raw, { input });
}
