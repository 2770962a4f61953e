// Raw (already decompressed) pprof protobuf bytes → the Profile model, in google/pprof's phases:
// wire decode (profileWire.ts), then resolve ids and string indexes and validate (resolveProfile.ts),
// samples included; the samples' objects are built when first read (profileTables.ts).
// What the bytes are (protobuf, text, an HTML page) is decided before, from their first bytes
// (input/detectFormat.ts): this decoder is handed protobuf only.
import { InputError } from '../inputError';
import type { Profile } from '../model/profile';
import { decodeProfileLazily } from './profileTables';

export interface DecodeProfileOptions {
  /** File name, URL or `-`, for error messages. */
  readonly input: string;
}

export function decodeProfile(bytes: Uint8Array, options: DecodeProfileOptions): Profile {
  const { input } = options;
  // An empty message is valid protobuf, but not a profile anyone captured.
  if (bytes.length === 0) {
    throw new InputError('the input is empty', {
      stage: 'decoding protobuf',
      input,
      hint: 'Capture the profile again',
    });
  }
  return decodeProfileLazily(bytes, input);
}
