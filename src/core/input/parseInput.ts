// One goroutine input (an opened text stream, or a decoded goroutine profile) → its groups, before
// merging. Each format's parser folds goroutines into groups as it goes.
import { InputError } from '../inputError';
import type { DecodeWarning, GoroutineGroup, Stack, TestTimeoutInfo } from '../model/goroutine';
import type { Profile } from '../model/profile';
import { Debug1Parser } from '../traceback/debug1Parser';
import { Debug2Parser } from '../traceback/debug2Parser';
import { StackTable } from '../traceback/stackTable';
import { DETECT_BYTES, detectFormat, firstLine, type InputFormat } from './detectFormat';
import { heapNotGoroutinesError, legacyProfileError, unreadableInputError } from './formatErrors';
import { GroupBuilder } from './groupBuilder';
import type { OpenedInput } from './openInput';
import { addProfileGroups, type ProfileKind } from './profileGroups';

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
  /** debug=2: the input was a `go test` binary's timeout panic. */
  readonly testTimeout?: TestTimeoutInfo | null;
}

/** An opened goroutine text input (debug=2, debug=1, traceback text among noise) → its groups, chunk by chunk. */
export async function parseGoroutineText(opened: OpenedInput): Promise<ParsedInput> {
  const parser = textParser(opened.name, opened.format, opened.head);
  for await (const c of opened.chunks) parser.push(c);
  return parser.finish();
}

/** The same for text already in memory (pasted, no gzip): synchronous. */
export function parseTextBytes(name: string, bytes: Uint8Array): ParsedInput {
  const head = bytes.subarray(0, DETECT_BYTES);
  const format = detectFormat(head);
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
            testTimeout: summary.testTimeout,
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
      throw new Error(`${name}: protobuf is read by classifyInputs, not as text`);
    case 'heap-text':
      throw heapNotGoroutinesError(name, format);
    case 'other-text-profile':
    case 'legacy-cpu':
      throw legacyProfileError(name, format, head);
    case 'html':
    case 'nul-bytes':
    case 'empty':
      throw unreadableInputError(name, format, head);
  }
}

/** A decoded goroutine or goroutineleak profile → its groups. */
export function parseGoroutineProfile(name: string, profile: Profile, kind: ProfileKind): ParsedInput {
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
