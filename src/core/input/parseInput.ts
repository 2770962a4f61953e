// One input (raw bytes, maybe gzipped, any goroutine format) → its groups, before merging. The
// format is detected from content; each format's parser folds goroutines into groups as it goes.
import { isGzip, type Inflater } from '../inflater';
import { InputError } from '../inputError';
import type { DecodeWarning, GoroutineGroup, Stack } from '../model/goroutine';
import { decodeProfile } from '../profile/decodeProfile';
import { Debug1Parser } from '../traceback/debug1Parser';
import { Debug2Parser } from '../traceback/debug2Parser';
import { StackTable } from '../traceback/stackTable';
import { collectBytes, copyChunks, peekBytes, type Peeked } from './chunkStream';
import { DETECT_BYTES, detectFormat, firstLine, type InputFormat } from './detectFormat';
import { GroupBuilder } from './groupBuilder';
import { addProfileGroups, goroutineProfileKind } from './profileGroups';

export type ParsedKind = 'debug2' | 'debug1' | 'proto';

export interface ParsedInput {
  readonly name: string;
  readonly kind: ParsedKind;
  /** The runtime's goroutineleak profile (its verdicts), not an ordinary goroutine profile. */
  readonly leakProfile: boolean;
  readonly groups: GoroutineGroup[];
  readonly stacks: readonly Stack[];
  readonly goroutineCount: number;
  readonly warnings: DecodeWarning[];
  /** debug=2: ids of goroutines printed `(leaked)`. */
  readonly leakedIds: readonly number[];
  /** debug=1/proto: PCs recorded per stack (the runtime caps the depth; a stack at the cap may be cut). */
  readonly depths: ReadonlyMap<Stack, number>;
}

export interface ParseInputOptions {
  readonly inflater: Inflater;
  readonly maxDecompressedBytes: number;
  /** Chunks are only valid until the next is requested (see SnapshotInput.reusesBuffers). */
  readonly reusesBuffers?: boolean;
}

export async function parseInput(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  options: ParseInputOptions,
): Promise<ParsedInput> {
  const volatile = options.reusesBuffers === true;
  const raw = await peekBytes(chunks, 2, volatile);
  let text: Peeked | null = null;
  try {
    const gzip = isGzip(raw.head);
    // The inflater may hold on to a compressed chunk while the next is read: give it copies.
    const stream = gzip
      ? options.inflater.gunzipStream(volatile ? copyChunks(raw.chunks) : raw.chunks, {
          input: name,
          maxBytes: options.maxDecompressedBytes,
        })
      : raw.chunks;
    const textVolatile = volatile && !gzip;
    text = await peekBytes(stream, DETECT_BYTES, textVolatile);
    const format = detectFormat(text.head);
    if (format === 'protobuf') {
      const bytes = await collectBytes(
        textVolatile ? copyChunks(text.chunks) : text.chunks,
        options.maxDecompressedBytes,
        name,
      );
      return parseProfileBytes(name, bytes);
    }
    const parser = textParser(name, format, text.head);
    for await (const c of text.chunks) parser.push(c);
    return parser.finish();
  } finally {
    // On an early error the streams are left unread: close them (and the file under them).
    await text?.close();
    await raw.close();
  }
}

/** The same for text already in memory (no gzip): synchronous. */
export function parseTextBytes(name: string, bytes: Uint8Array): ParsedInput {
  const head = bytes.subarray(0, DETECT_BYTES);
  const format = detectFormat(head);
  if (format === 'protobuf') return parseProfileBytes(name, bytes);
  const parser = textParser(name, format, head);
  parser.push(bytes);
  return parser.finish();
}

interface TextParser {
  push(chunk: Uint8Array): void;
  finish(): ParsedInput;
}

function textParser(name: string, format: InputFormat, head: Uint8Array): TextParser {
  const table = new StackTable();
  const builder = new GroupBuilder();
  const base = { name, stacks: table.stacks, groups: builder.groups };
  switch (format) {
    case 'debug2':
    case 'unknown-text': {
      const parser = new Debug2Parser(table, builder, name);
      return {
        push: (c) => parser.push(c),
        finish: () => {
          const summary = parser.finish();
          builder.finish();
          if (summary.goroutines === 0) {
            if (format === 'unknown-text') throw notAProfile(name, head);
            throw noGoroutinesError(name, firstLine(head));
          }
          return {
            ...base,
            kind: 'debug2',
            leakProfile: summary.isLeakProfile,
            goroutineCount: builder.goroutineCount,
            warnings: summary.warnings,
            leakedIds: builder.leakedIds,
            depths: new Map(),
          };
        },
      };
    }
    case 'debug1':
    case 'goroutineleak-debug1': {
      const parser = new Debug1Parser(table, builder, name);
      return {
        push: (c) => parser.push(c),
        finish: () => {
          const summary = parser.finish();
          builder.finish();
          return {
            ...base,
            kind: 'debug1',
            leakProfile: summary.profile === 'goroutineleak',
            goroutineCount: builder.goroutineCount,
            warnings: summary.warnings,
            leakedIds: [],
            depths: summary.pcCounts,
          };
        },
      };
    }
    case 'protobuf':
      throw new Error('unreachable: protobuf is not a text format');
    case 'heap-text':
      throw new InputError('a heap profile (debug=1 text), not a goroutine profile', {
        stage: 'detecting format',
        input: name,
        hint: 'Use `goroutine-inspector top` for it',
      });
    case 'other-text-profile':
      throw new InputError('a profile other than goroutines (threadcreate, block or mutex text)', {
        stage: 'detecting format',
        input: name,
        excerpt: firstLine(head),
        hint: 'Use `goroutine-inspector top` for it',
      });
    case 'html':
      throw new InputError('an HTML page, not a profile or goroutine dump', {
        stage: 'detecting format',
        input: name,
        line: 1,
        excerpt: firstLine(head),
        hint: 'The server probably answered with an error or index page; check the URL (e.g. /debug/pprof/goroutine?debug=2)',
      });
    case 'nul-bytes':
      throw new InputError('the input holds only NUL bytes', {
        stage: 'detecting format',
        input: name,
        offset: 0,
        hint: 'The file was allocated but never written (a crash while saving?); capture the dump again',
      });
    case 'empty':
      throw new InputError('the input is empty', {
        stage: 'detecting format',
        input: name,
        hint: 'Capture the profile again, or check that the whole file was copied',
      });
  }
}

function parseProfileBytes(name: string, bytes: Uint8Array): ParsedInput {
  const profile = decodeProfile(bytes, { input: name });
  const kind = goroutineProfileKind(profile, name);
  const table = new StackTable();
  const builder = new GroupBuilder();
  const depths = addProfileGroups(profile, kind, table, builder);
  builder.finish();
  return {
    name,
    stacks: table.stacks,
    groups: builder.groups,
    kind: 'proto',
    leakProfile: kind === 'goroutineleak',
    goroutineCount: builder.goroutineCount,
    warnings: [],
    leakedIds: [],
    depths,
  };
}

function notAProfile(name: string, head: Uint8Array): InputError {
  const first = firstLine(head);
  const unknown = /^Unknown profile/.test(first);
  return new InputError(
    unknown ? 'the server answered "Unknown profile"' : 'neither a goroutine dump nor a pprof profile',
    {
      stage: 'detecting format',
      input: name,
      line: 1,
      excerpt: first,
      hint: unknown
        ? 'This Go version does not serve that profile (goroutineleak needs Go 1.26 with GOEXPERIMENT=goroutineleakprofile, or Go 1.27)'
        : 'Expected goroutine?debug=2 or debug=1 text, or a goroutine protobuf profile',
    },
  );
}

/** The InputError for a text input with no traceback in it. */
function noGoroutinesError(input: string, firstLine: string): InputError {
  return new InputError('no goroutine traceback found', {
    stage: 'parsing traceback',
    input,
    line: 1,
    excerpt: firstLine,
    hint: 'Expected goroutine?debug=2 text ("goroutine 1 [running]:"), debug=1 text or a pprof profile',
  });
}
