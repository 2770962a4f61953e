// The frames of a debug=2 dump, found by the parser's hash of their function and file:line bytes:
// strings are decoded only for a frame never seen before, so a 1 GB dump with a few thousand
// distinct frames decodes a few thousand names. Also remembers each frame's `created by` form.
import type { CreatedBy } from '../model/goroutine';
import type { StackTable, TableFrame } from './stackTable';
import { HashIndex } from './hashIndex';
import { decodeText } from './textBytes';

const LEAK_WRITER = 'runtime/pprof.writeGoroutineLeak';

export class FrameInterner {
  /** A frame of `runtime/pprof.writeGoroutineLeak` was seen: the dump is the goroutineleak profile. */
  isLeakProfile = false;

  private readonly index = new HashIndex(4096);
  private readonly list: TableFrame[] = [];
  private readonly createdByFrame = new Map<TableFrame, CreatedBy>();

  constructor(private readonly table: StackTable) {}

  /** The frame interned under (h1, h2), or null. */
  find(h1: number, h2: number): TableFrame | null {
    const i = this.index.get(h1, h2);
    return i >= 0 ? this.list[i]! : null;
  }

  /** Intern the frame of function `fnBuf[fnStart, fnEnd)` at file `buf[fileStart, fileEnd)`:`line`. */
  add(
    h1: number,
    h2: number,
    fnBuf: Uint8Array,
    fnStart: number,
    fnEnd: number,
    buf: Uint8Array,
    fileStart: number,
    fileEnd: number,
    line: number,
    inlined: boolean,
  ): TableFrame {
    const fn = decodeText(fnBuf, fnStart, fnEnd);
    const file = decodeText(buf, fileStart, fileEnd);
    if (fn === LEAK_WRITER) this.isLeakProfile = true;
    const frame = this.table.frame(fn, file, line, inlined);
    this.index.set(h1, h2, this.list.length);
    this.list.push(frame);
    return frame;
  }

  /** The `created by` form of a frame, one object per frame. */
  createdBy(f: TableFrame): CreatedBy {
    let cb = this.createdByFrame.get(f);
    if (cb === undefined) {
      cb = { function: f.function, file: f.file, line: f.line };
      this.createdByFrame.set(f, cb);
    }
    return cb;
  }
}
