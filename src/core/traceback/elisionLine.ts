// The lines of a debug=2 stack that are not frames: elision markers and the `created by` line's
// parent goroutine. Pure byte scans; the parser keeps the state.
import { parseDecimal, skipDigits, startsWithAscii } from './textBytes';

/** `...additional frames elided...` (older crash output): frames are missing, how many is unknown. */
export const ELIDED_UNCOUNTED = -2;

/** `...12 frames elided...` (Go 1.21+) → 12; `...additional frames elided...` → ELIDED_UNCOUNTED; any other line → -1. */
export function elidedFrames(buf: Uint8Array, s: number, e: number): number {
  if (!startsWithAscii(buf, s, e, '...')) return -1;
  if (startsWithAscii(buf, s, e, '...additional frames elided...')) return ELIDED_UNCOUNTED;
  const n = parseDecimal(buf, s + 3, e);
  if (n < 0) return -1;
  if (!startsWithAscii(buf, skipDigits(buf, s + 3, e), e, ' frames elided...')) return -1;
  return n;
}

/** Where ` in goroutine N` starts in `created by F in goroutine N` (Go 1.21+), or -1 (`created by F`). */
export function inGoroutineAt(buf: Uint8Array, s: number, e: number): number {
  let j = e;
  while (j > s && buf[j - 1]! >= 0x30 && buf[j - 1]! <= 0x39) j--;
  return j < e && j - 14 > s + 11 && startsWithAscii(buf, j - 14, j, ' in goroutine ') ? j - 14 : -1;
}
