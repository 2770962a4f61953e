// A profile from an input, whatever its name says: pprof protobuf (gzipped or not) or heap
// debug=1 text. `goroutine-inspector top` reads its input with `readProfile`; classifyInputs
// decodes the profiles among its inputs with `profileOf`.
import { DEFAULT_MAX_DECOMPRESSED_BYTES, LIMIT_KNOBS, type Inflater } from '../inflater';
import { InputError } from '../inputError';
import type { Profile } from '../model/profile';
import { decodeProfile } from '../profile/decodeProfile';
import { parseHeapText } from '../profile/heapText';
import { ProfileFraming } from '../profile/profileFraming';
import { textNotProfileError, unreadableInputError } from './formatErrors';
import { openInput, type OpenedInput } from './openInput';
import type { SnapshotInput } from './snapshotInput';

export interface ReadProfileOptions {
  readonly inflater: Inflater;
  /** Bound on the decompressed size (default 1 GiB); past it reading stops with an InputError. */
  readonly maxDecompressedBytes?: number;
}

export async function readProfile(input: SnapshotInput, options: ReadProfileOptions): Promise<Profile> {
  const opened = await openInput(input.name, input.chunks, {
    inflater: options.inflater,
    maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    reusesBuffers: input.reusesBuffers === true,
    sizeHint: input.sizeHint,
  });
  try {
    return await profileOf(opened);
  } finally {
    await opened.close();
  }
}

/** The profile an opened input holds; an InputError naming its format when it holds none. */
export async function profileOf(opened: OpenedInput): Promise<Profile> {
  const { name, format, head } = opened;
  switch (format) {
    case 'protobuf':
      return decodeProfile(await protobufBytes(opened), { input: name });
    case 'heap-text':
      return parseHeapText(await opened.readAll(), { input: name });
    case 'html':
    case 'nul-bytes':
    case 'empty':
      throw unreadableInputError(name, format, head);
    default:
      throw textNotProfileError(name, format, head);
  }
}

/**
 * A protobuf profile is decoded whole, so it is collected first; its top-level framing is checked
 * as it arrives (profileFraming.ts), so that random bytes fail within a few fields instead of
 * being read up to the size limit.
 */
async function protobufBytes(opened: OpenedInput): Promise<Uint8Array> {
  const { name, maxBytes } = opened;
  const tooLarge = () =>
    new InputError(`the profile is larger than the limit of ${maxBytes} bytes`, {
      stage: 'reading',
      input: name,
      hint: `A profile is decoded whole in memory; if this one is genuine, raise the limit (${LIMIT_KNOBS})`,
    });
  const framing = new ProfileFraming(name, maxBytes, tooLarge);
  const bytes = await opened.readAll({ onChunk: (c) => framing.push(c), tooLarge });
  framing.finish();
  return bytes;
}
