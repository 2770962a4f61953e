// The one way in: inputs of one moment (files, standard input, HTTP bodies, pasted text), each
// maybe gzipped, in any format the tools read → what they hold, as a typed outcome: goroutines
// (dumps and goroutine profiles merged, with the runtime's leak profile and a heap profile of the
// same moment beside them) or a heap profile alone. The CLI (through loadSnapshot) and the
// extension's decode worker both start here; what a front end shows for a heap alone follows
// from the outcome's kind. Inputs are read one after the other as streams, so memory follows
// distinct stacks, not bytes.
import { DEFAULT_MAX_DECOMPRESSED_BYTES, type Inflater } from '../inflater';
import { InputError } from '../inputError';
import type { DecodeWarning, GoroutineSnapshot } from '../model/goroutine';
import type { Profile } from '../model/profile';
import { observe } from './chunkStream';
import { otherProfileError } from './formatErrors';
import { mergeInputs } from './mergeInputs';
import { openInput, type OpenInputOptions } from './openInput';
import { parseGoroutineProfile, parseGoroutineText, type ParsedInput } from './parseInput';
import { profileKindOf } from './profileGroups';
import { profileOf } from './readProfile';
import type { SnapshotInput } from './snapshotInput';

export interface ClassifyOptions {
  readonly inflater: Inflater;
  /** Bound on each input's decompressed size (default 1 GiB); plain text is not bounded. */
  readonly maxDecompressedBytes?: number;
  readonly signal?: AbortSignal;
  /** Raw bytes read so far over all inputs. */
  readonly onProgress?: (bytesRead: number) => void;
}

/** An input of goroutines: a dump or goroutine profile, or the runtime's goroutineleak profile. */
export interface GoroutineInput {
  readonly kind: 'goroutines' | 'leak-profile';
  readonly name: string;
  readonly parsed: ParsedInput;
}

/** A heap profile; `allocs` is the same profile with alloc_space as its default sample type. */
export interface HeapInput {
  readonly kind: 'heap' | 'allocs';
  readonly name: string;
  readonly format: 'protobuf' | 'heap-text';
  readonly profile: Profile;
}

export type ClassifiedInput = GoroutineInput | HeapInput;

export type InputsOutcome =
  | {
      readonly kind: 'goroutines';
      /** The goroutine inputs merged; its warnings also name inputs that were not used. */
      readonly snapshot: GoroutineSnapshot;
      /** The heap profile captured at the same moment, if one was given. */
      readonly heap: HeapInput | null;
    }
  | {
      readonly kind: 'heap-only';
      readonly heap: HeapInput;
      /** Heap profiles given besides `heap`, which were not used. */
      readonly warnings: readonly DecodeWarning[];
    };

export async function classifyInputs(
  inputs: readonly SnapshotInput[],
  options: ClassifyOptions,
): Promise<InputsOutcome> {
  if (inputs.length === 0) throw new InputError('no input given', { stage: 'reading' });
  const maxDecompressedBytes = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  let read = 0;
  const onChunk =
    options.onProgress === undefined
      ? undefined
      : (n: number) => {
          read += n;
          options.onProgress!(read);
        };
  const goroutines: ParsedInput[] = [];
  const heaps: HeapInput[] = [];
  for (const input of inputs) {
    options.signal?.throwIfAborted();
    const c = await classifyInput(input.name, observe(input.chunks, { signal: options.signal, onChunk }), {
      inflater: options.inflater,
      maxDecompressedBytes,
      reusesBuffers: input.reusesBuffers === true,
      sizeHint: input.sizeHint,
    });
    if ('profile' in c) heaps.push(c);
    else goroutines.push(c.parsed);
  }
  const [heap, ...unused] = heaps;
  const warnings: DecodeWarning[] = unused.map((h) => ({
    input: h.name,
    message: `a second heap profile of the same moment adds nothing to ${heap!.name}; it was not used`,
  }));
  // What the heap's decoder could read only in part (a text profile without symbols).
  if (heap) for (const w of heap.profile.warnings ?? []) warnings.push({ input: heap.name, message: w });
  if (goroutines.length === 0) return { kind: 'heap-only', heap: heap!, warnings };
  const snapshot = mergeInputs(goroutines);
  snapshot.warnings.push(...warnings);
  return { kind: 'goroutines', snapshot, heap: heap ?? null };
}

async function classifyInput(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  options: OpenInputOptions,
): Promise<ClassifiedInput> {
  const opened = await openInput(name, chunks, options);
  try {
    const { format } = opened;
    if (format === 'protobuf' || format === 'heap-text') {
      const profile = await profileOf(opened);
      const kind = profileKindOf(profile);
      if (kind === null) throw otherProfileError(name, profile);
      if (kind === 'heap' || kind === 'allocs') return { kind, name, format, profile };
      const parsed = parseGoroutineProfile(name, profile, kind);
      return { kind: parsed.leakProfile ? 'leak-profile' : 'goroutines', name, parsed };
    }
    const parsed = await parseGoroutineText(opened);
    return { kind: parsed.leakProfile ? 'leak-profile' : 'goroutines', name, parsed };
  } finally {
    // On an early error the stream is left unread: close it (and the file under it).
    await opened.close();
  }
}
