// Small byte checks of single dump lines for the debug=2 parser: which lines are plain enough to
// be filed for the WebAssembly scanner (crash output's per-goroutine `gp=`, `fp= sp= pc=` are
// not), whether a noise line holds a NUL byte, whether a line among frames is other text.
import { skipDigits, startsWithAscii } from './textBytes';
import { RACE_HEADER } from './raceReportLines';
import { TIMEOUT_PANIC_PREFIX } from './testTimeoutLines';

const SPACE = 0x20;
const RPAREN = 0x29;
const DOT = 0x2e;

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

/** Text that is none of a traceback's own lines (a log line that fell among frames). */
export function isOtherText(buf: Uint8Array, t: number, e: number): boolean {
  if (buf[e - 1] === RPAREN) return false;
  if (startsWithAscii(buf, t, e, 'goroutine ') || startsWithAscii(buf, t, e, 'created')) return false;
  if (startsWithAscii(buf, t, e, RACE_HEADER) || startsWithAscii(buf, t, e, TIMEOUT_PANIC_PREFIX)) return false;
  if (buf[t] === DOT || buf[t] === 0x5b) return false;
  return true;
}
