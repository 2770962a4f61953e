// The parser's fast path, behind one small interface the debug=2 parser calls at two points:
// where it would read a line it first lets the fast path `read` whatever goroutines it recognises,
// and after it has read a line the fast path stopped at (a header, or the file line of a frame or
// creator seen for the first time), it lets it `learn` that line, so the next goroutine like it is
// recognised. The WebAssembly scanner (goroutineScanner.ts, wasm/goroutineScan.ts) implements it;
// where WebAssembly cannot run there is none, and the parser reads every line itself with the
// same result. Only plain lines are learnt: crash output's `gp=… m=…` headers and `fp= sp= pc=`
// offsets differ per goroutine and would fill the table with keys never seen again.
import type { Labels } from '../model/goroutine';
import type { FrameInterner } from './frameInterner';
import type { GoroutineAssembler } from './goroutineAssembler';
import { ScanStop } from './goroutineScanLayout';
import { createGoroutineScanner, type GoroutineScanner } from './goroutineScanner';
import type { HeaderInfo } from './headerInfo';
import { isPlainHeader, isPlainOffset } from './lineChecks';
import { takeScannerRecords, type AfterRecords, type KnownHeader } from './scannerRecords';
import type { StackTable, TableFrame } from './stackTable';

/** What the last `read` did; one object, reused. */
export interface FastRead {
  /** Where it stopped: the parser reads on from here. */
  readonly pos: number;
  /** Lines it took. */
  readonly lines: number;
  /** Where the goroutines it handed to the assembler left the parser; null: it took none. */
  readonly after: AfterRecords | null;
  /** It stopped only because its buffers were full: read again from `pos`. */
  readonly again: boolean;
}

export interface GoroutineFastPath {
  /**
   * The goroutines it recognises in `bytes` from `pos` go to the assembler. `chunkId` names the
   * bytes (the same id, the same content); `lineNo` is the number of the last line read before
   * `pos`; `inGoroutine`: the parser is inside a goroutine, expecting its next frame.
   */
  read(bytes: Uint8Array, chunkId: number, pos: number, lineNo: number, inGoroutine: boolean): FastRead;
  /** Line `lineNo`, `buf[s, e)`, was read by the parser as this goroutine header. */
  learnHeader(lineNo: number, buf: Uint8Array, s: number, e: number, header: HeaderInfo, labels: Labels): void;
  /**
   * Line `lineNo` was read by the parser as the file line of `frame` (a frame's or a creator's),
   * with `buf[offsetAt, e)` after its line number (` +0x…`, or crash output's `fp= sp= pc=`).
   */
  learnFrame(lineNo: number, buf: Uint8Array, offsetAt: number, e: number, frame: TableFrame): void;
}

/** The fast path over a WebAssembly scanner of its own, or null where WebAssembly cannot run. */
export function createFastPath(
  table: StackTable,
  assembler: GoroutineAssembler,
  frames: FrameInterner,
): GoroutineFastPath | null {
  const scanner = createGoroutineScanner();
  return scanner === null ? null : new ScannerFastPath(scanner, table, assembler, frames);
}

const enum Awaits {
  Nothing,
  Header,
  /** A frame's or a creator's file line: both are filed by their frame's index. */
  Frame,
}

class ScannerFastPath implements GoroutineFastPath {
  private readonly result = { pos: 0, lines: 0, after: null as AfterRecords | null, again: false };
  /** Headers filed, by id. */
  private readonly headers: KnownHeader[] = [];
  /** The line that completes what the last read stopped at, and what it is (-1: none). */
  private keyLine = -1;
  private awaits = Awaits.Nothing;

  constructor(
    private readonly scanner: GoroutineScanner,
    private readonly table: StackTable,
    private readonly assembler: GoroutineAssembler,
    private readonly frames: FrameInterner,
  ) {}

  read(bytes: Uint8Array, chunkId: number, pos: number, lineNo: number, inGoroutine: boolean): FastRead {
    const scanner = this.scanner;
    const stop = scanner.scan(bytes, chunkId, pos, bytes.length, inGoroutine);
    const r = this.result;
    r.pos = scanner.stoppedAt;
    r.lines = scanner.lineCount;
    r.again = stop === ScanStop.More;
    r.after =
      scanner.recordCount > 0
        ? takeScannerRecords(scanner, this.assembler, this.table, this.headers, this.frames)
        : null;
    // A header is its own line; a frame or creator is completed by its file line, the line after.
    const last = lineNo + scanner.lineCount;
    if (stop === ScanStop.UnknownHeader) this.await(Awaits.Header, last + 1);
    else if (stop === ScanStop.UnknownFrame || stop === ScanStop.UnknownCreator) this.await(Awaits.Frame, last + 2);
    else this.await(Awaits.Nothing, -1);
    return r;
  }

  learnHeader(lineNo: number, buf: Uint8Array, s: number, e: number, header: HeaderInfo, labels: Labels): void {
    if (lineNo !== this.keyLine || this.awaits !== Awaits.Header) return;
    this.await(Awaits.Nothing, -1);
    if (!isPlainHeader(buf, s, e)) return;
    this.scanner.fileStopped(this.headers.length);
    this.headers.push({ header, labels });
  }

  learnFrame(lineNo: number, buf: Uint8Array, offsetAt: number, e: number, frame: TableFrame): void {
    if (lineNo !== this.keyLine || this.awaits !== Awaits.Frame) return;
    this.await(Awaits.Nothing, -1);
    if (isPlainOffset(buf, offsetAt, e)) this.scanner.fileStopped(frame.index);
  }

  private await(what: Awaits, line: number): void {
    this.awaits = what;
    this.keyLine = line;
  }
}
