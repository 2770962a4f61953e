// Small helpers for parsers that work on bytes instead of strings: a 1 GB dump cannot be a
// JavaScript string, and decoding every line would cost more than parsing it. Strings are made
// only for what is new (a frame, a header) and cached by a hash of its bytes.

import { escapeControls } from '../text/terminalText';

const utf8 = new TextDecoder('utf-8');
/** A quoted line is cut here: enough to recognise it, short enough for one line of a terminal. */
const EXCERPT_BYTES = 120;

/** Decode `buf[start, end)`; ASCII (every real function name and path) skips the TextDecoder call. */
export function decodeText(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (buf[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  }
  return utf8.decode(buf.subarray(start, end));
}

/** True when `buf[start..]` begins with the ASCII `prefix` and the line is long enough. */
export function startsWithAscii(buf: Uint8Array, start: number, end: number, prefix: string): boolean {
  const n = prefix.length;
  if (end - start < n) return false;
  for (let i = 0; i < n; i++) {
    if (buf[start + i] !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** Decimal digits at `start`, or -1 when there are none (or too many to be a number we trust). */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let v = 0;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
  }
  return i === start || i - start > 15 ? -1 : v;
}

/** Index just past the decimal digits starting at `start`. */
export function skipDigits(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
  return i;
}

/** A line for an error message or warning: decoded, shortened, its control characters escaped. */
export function excerpt(buf: Uint8Array, start: number, end: number): string {
  const stop = Math.min(end, start + EXCERPT_BYTES);
  const text = decodeText(buf, start, stop);
  return escapeControls(stop < end ? text + '…' : text);
}
