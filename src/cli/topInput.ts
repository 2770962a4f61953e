// The input of `top`, read the way `analyze` reads its inputs (src/node/readInput.ts: a file or
// standard input in chunks, gunzipped as a stream) and bounded: a profile must be whole in memory
// to be decoded, so it may not pass --max-bytes (decompressed). What cannot be a profile fails on
// its first bytes (`/dev/zero` is NUL bytes, a dump is text), and protobuf framing is checked
// while reading, so random bytes fail within a few fields instead of at the limit.
import { copyChunks, peekBytes } from '../core/input/chunkStream';
import { DETECT_BYTES, detectFormat, firstLine } from '../core/input/detectFormat';
import { isGzip } from '../core/inflater';
import { InputError } from '../core/inputError';
import { ProfileFraming } from '../core/profile/profileFraming';
import { readInput } from '../node/readInput';
import { zlibInflater } from '../node/zlibInflater';

export interface TopInput {
  readonly bytes: Uint8Array;
  readonly format: 'protobuf' | 'heap-text';
}

export async function readTopInput(file: string, maxBytes: number): Promise<TopInput> {
  const input = readInput(file);
  const raw = await peekBytes(input.chunks, 2, true);
  let text: Awaited<ReturnType<typeof peekBytes>> | null = null;
  try {
    // The inflater and the collection below keep chunks: copies, since the reader reuses its buffer.
    const stream = isGzip(raw.head)
      ? zlibInflater.gunzipStream(copyChunks(raw.chunks), { input: file, maxBytes })
      : copyChunks(raw.chunks);
    text = await peekBytes(stream, DETECT_BYTES);
    const format = detectFormat(text.head);
    if (format !== 'protobuf' && format !== 'heap-text') throw notAProfile(file, format, text.head);
    const tooLarge = () =>
      new InputError(`the profile is larger than the limit of ${maxBytes} bytes`, {
        stage: 'reading',
        input: file,
        hint: 'A profile is decoded whole in memory; if this one is genuine, raise the limit with --max-bytes SIZE',
      });
    const framing = format === 'protobuf' ? new ProfileFraming(file, maxBytes, tooLarge) : null;
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const c of text.chunks) {
      total += c.length;
      if (total > maxBytes) throw tooLarge();
      framing?.push(c);
      parts.push(c);
    }
    framing?.finish();
    return { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts, total), format };
  } finally {
    await text?.close();
    await raw.close();
  }
}

function notAProfile(file: string, format: string, head: Uint8Array): InputError {
  const at = { stage: 'detecting format' as const, input: file };
  switch (format) {
    case 'empty':
      return new InputError('the input is empty', at);
    case 'nul-bytes':
      return new InputError('the input holds only NUL bytes', { ...at, offset: 0 });
    case 'html':
      return new InputError('an HTML or XML page, not a pprof profile', {
        ...at,
        line: 1,
        excerpt: firstLine(head),
        hint: 'A server probably answered with an error or login page; save the profile itself (e.g. /debug/pprof/heap)',
      });
    case 'debug2':
    case 'debug1':
    case 'goroutineleak-debug1':
      return new InputError('a goroutine dump, not a pprof profile', {
        ...at,
        hint: 'Use `goroutine-inspector analyze` for it',
      });
    default:
      return new InputError('neither a pprof protobuf profile nor a heap profile in text form', {
        ...at,
        line: 1,
        excerpt: firstLine(head),
        hint: 'top reads pprof protobuf profiles (gzipped or not, e.g. /debug/pprof/heap) and heap?debug=1 text',
      });
  }
}
