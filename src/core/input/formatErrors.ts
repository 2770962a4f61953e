// The errors of inputs by their detected format, shared by every reader: inputs no reader takes
// (empty, NUL bytes only, an HTML page), a profile that is not of the goroutines, and text handed
// to the profile reader.
import { InputError } from '../inputError';
import type { Profile } from '../model/profile';
import { firstLine, type InputFormat } from './detectFormat';
import { CONVERT_HINT, legacyTextProfile } from './legacyProfiles';

/** The formats no reader takes. */
export type UnreadableFormat = Extract<InputFormat, 'html' | 'nul-bytes' | 'empty'>;

export function unreadableInputError(name: string, format: UnreadableFormat, head: Uint8Array): InputError {
  switch (format) {
    case 'html':
      return new InputError('an HTML page, not a profile or goroutine dump', {
        stage: 'detecting format',
        input: name,
        line: 1,
        excerpt: firstLine(head),
        hint: 'The server probably answered with an error or index page; check the URL (e.g. /debug/pprof/goroutine?debug=2)',
      });
    case 'nul-bytes':
      return new InputError('the input holds only NUL bytes', {
        stage: 'detecting format',
        input: name,
        offset: 0,
        hint: 'The file was allocated but never written (a crash while saving?); capture the dump again',
      });
    case 'empty':
      return new InputError('the input is empty', {
        stage: 'detecting format',
        input: name,
        hint: 'Capture the profile again, or check that the whole file was copied',
      });
  }
}

/** A heap profile (protobuf or debug=1 text) where goroutines were asked for. */
export function heapNotGoroutinesError(name: string, format: InputFormat): InputError {
  const what = format === 'heap-text' ? 'a heap profile (debug=1 text)' : 'a heap profile';
  return new InputError(`${what}, not a goroutine profile`, {
    stage: 'detecting format',
    input: name,
    hint: 'Use `goroutine-inspector top` for it',
  });
}

/** A protobuf profile of another kind than goroutines or heap (CPU, block, mutex, threadcreate). */
export function otherProfileError(name: string, profile: Profile): InputError {
  const types = profile.sampleTypes.map((t) => t.type);
  return new InputError(`a ${types.join('/') || 'untyped'} profile, not a goroutine profile`, {
    stage: 'detecting format',
    input: name,
    hint: 'Use `goroutine-inspector top` for it',
  });
}

/**
 * A profile in a format pprof reads but these tools do not (legacyProfiles.ts): what it is, and
 * how to convert it.
 */
export function legacyProfileError(
  name: string,
  format: 'legacy-cpu' | 'other-text-profile',
  head: Uint8Array,
): InputError {
  const what =
    format === 'legacy-cpu'
      ? 'a legacy CPU profile (the binary format of Go before 1.9 and gperftools)'
      : (legacyTextProfile(head) ?? 'a profile in legacy text form');
  return new InputError(`${what}, not a protobuf profile or a goroutine dump`, {
    stage: 'detecting format',
    input: name,
    hint: CONVERT_HINT,
  });
}

/** Text other than heap debug=1 (a goroutine dump, a 404 body) handed to the profile reader. */
export function textNotProfileError(name: string, format: InputFormat, head: Uint8Array): InputError {
  if (format === 'legacy-cpu' || format === 'other-text-profile') return legacyProfileError(name, format, head);
  if (format === 'debug2' || format === 'debug1' || format === 'goroutineleak-debug1') {
    return new InputError('a goroutine dump, not a pprof profile', {
      stage: 'detecting format',
      input: name,
      hint: 'Use `goroutine-inspector analyze` for it',
    });
  }
  return new InputError('neither a pprof protobuf profile nor a heap profile in text form', {
    stage: 'detecting format',
    input: name,
    line: 1,
    excerpt: firstLine(head),
    hint: 'Profiles are pprof protobuf (gzipped or not, e.g. /debug/pprof/heap) or heap?debug=1 text',
  });
}
