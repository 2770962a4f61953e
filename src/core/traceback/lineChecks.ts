// Small byte checks of single dump lines for the debug=2 parser: which lines are plain enough to
// be filed for the WebAssembly scanner (crash output's per-goroutine `gp=`, `fp= sp= pc=` are
// not), and whether a noise line holds a NUL byte.
import { skipDigits } from './textBytes';

const SPACE = 0x20;

/** `buf[at, e)` is empty or ` +0x` and hex digits: the file line of a dump, not of crash output (`fp= sp= pc=`). */
export function isPlainOffset(buf: Uint8Array, at: number, e: number): boolean {
  if (at === e) return true;
  if (e - at < 5 || buf[at] !== SPACE || buf[at + 1] !== 0x2b || buf[at + 2] !== 0x30 || buf[at + 3] !== 0x78)
    return false;
  for (let i = at + 4; i < e; i++) {
    const c = buf[i]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/**
 * A NUL byte in `buf[s, e)`. (`buf.indexOf(0, s)` searched on past the line to the chunk's end:
 * a log with many noise lines took time quadratic in the chunk size.)
 */
export function hasNul(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] === 0) return true;
  return false;
}

/** `goroutine N [` at `s`: a header without crash output's `gp=… m=…`. */
export function isPlainHeader(buf: Uint8Array, s: number, e: number): boolean {
  const d = skipDigits(buf, s + 10, e);
  return buf[d] === SPACE && buf[d + 1] === 0x5b;
}
