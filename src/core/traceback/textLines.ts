// Splits a byte stream into decoded lines for the small text formats (debug=1, heap text), whose
// size follows the number of distinct stacks, so a string per line is affordable. CRLF is
// accepted; a line longer than `maxLine` bytes is passed on shortened, never buffered whole.
import { decodeText } from './textBytes';

const DEFAULT_MAX_LINE = 1 << 20;

export class TextLineSplitter {
  private carry: Uint8Array[] = [];
  private carryLen = 0;
  private lineNo = 0;

  constructor(
    private readonly onLine: (line: string, lineNo: number) => void,
    private readonly maxLine = DEFAULT_MAX_LINE,
  ) {}

  push(chunk: Uint8Array): void {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl < 0) break;
      if (this.carryLen > 0) {
        this.keep(chunk, pos, nl);
        this.emitCarry();
      } else {
        this.emit(chunk, pos, nl);
      }
      pos = nl + 1;
    }
    if (pos < chunk.length) this.keep(chunk, pos, chunk.length);
  }

  finish(): number {
    if (this.carryLen > 0) this.emitCarry();
    return this.lineNo;
  }

  private keep(chunk: Uint8Array, s: number, e: number): void {
    const room = this.maxLine - this.carryLen;
    if (room <= 0) return;
    const n = Math.min(room, e - s);
    // A copy: the caller may reuse the chunk's memory (and Buffer#slice would be a view).
    const part = new Uint8Array(n);
    part.set(chunk.subarray(s, s + n));
    this.carry.push(part);
    this.carryLen += n;
  }

  private emitCarry(): void {
    const buf = new Uint8Array(this.carryLen);
    let o = 0;
    for (const c of this.carry) {
      buf.set(c, o);
      o += c.length;
    }
    this.carry = [];
    this.carryLen = 0;
    this.emit(buf, 0, buf.length);
  }

  private emit(buf: Uint8Array, s: number, e: number): void {
    if (e > s && buf[e - 1] === 0x0d) e--;
    this.lineNo++;
    this.onLine(decodeText(buf, s, Math.min(e, s + this.maxLine)), this.lineNo);
  }
}
