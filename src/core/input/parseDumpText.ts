// Convenience for small in-memory text (a dump pasted from the clipboard, a test fixture): the
// same parsers as `loadSnapshot`, fed one chunk, synchronously. No gzip (that needs an Inflater).
import type { GoroutineSnapshot } from '../model/goroutine';
import { mergeInputs } from './mergeInputs';
import { parseTextBytes } from './parseInput';

export function parseDumpText(text: string, name = 'text'): GoroutineSnapshot {
  return mergeInputs([parseTextBytes(name, new TextEncoder().encode(text))]);
}
