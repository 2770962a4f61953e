// The part of a line that a chunk boundary cut off, kept until the next chunk brings its end.
// A line longer than MAX_LINE is not part of a traceback: it is skipped without being buffered.

/** A line longer than this is not part of a traceback. */
const MAX_LINE = 1 << 20;

export class LineCarry {
  /** The bytes carried so far, or null. */
  buf: Uint8Array | null = null;
  /** The carried line grew past MAX_LINE: its bytes are dropped up to its newline. */
  skippingLongLine = false;

  /** Carry `chunk[s, e)` on after what is carried already. */
  append(chunk: Uint8Array, s: number, e: number): void {
    if (this.skippingLongLine) return;
    const prev = this.buf;
    const prevLen = prev === null ? 0 : prev.length;
    if (prevLen + (e - s) > MAX_LINE) {
      this.buf = null;
      this.skippingLongLine = true;
      return;
    }
    const next = new Uint8Array(prevLen + (e - s));
    if (prev !== null) next.set(prev, 0);
    next.set(chunk.subarray(s, e), prevLen);
    this.buf = next;
  }

  /** The carried line, now complete, and forget it; null for a line that was too long. */
  take(): Uint8Array | null {
    if (this.skippingLongLine) {
      this.skippingLongLine = false;
      this.buf = null;
      return null;
    }
    const buf = this.buf!;
    this.buf = null;
    return buf;
  }
}
