// Streaming parser of goroutine tracebacks: `goroutine?debug=2`, `runtime.Stack(buf, true)`,
// panics, GOTRACEBACK=all/system crashes (`gp=… m=…`, `fp= sp= pc=`), SIGQUIT dumps, `go test`
// timeouts, and all of these pasted between log lines. It works on bytes, chunk by chunk, with an
// explicit state machine over lines (like panicparse's scanner): a frame is hashed from its
// function name and file:line bytes (arguments and PC offsets ignored) and strings are decoded
// only for frames never seen before, so memory follows the number of distinct stacks and a 1 GB
// dump streams through. Finished goroutines go straight to a sink that folds them into groups.
// Goroutines whose header, frames and creator it has read before are recognised by its fast path
// (goroutineFastPath.ts, the WebAssembly scanner) without coming back here line by line: on the
// 100k dump, nearly all of them.
import type { DecodeWarning, Labels } from '../model/goroutine';
import type { HeaderInfo } from './headerInfo';
import { Debug2HeaderReader } from './debug2Header';
import { LineCarry } from './lineCarry';
import { WarningList } from './warningList';
import { FrameInterner } from './frameInterner';
import { ELIDED_UNCOUNTED, elidedFrames, inGoroutineAt } from './elisionLine';
import type { StackTable, TableFrame } from './stackTable';
import { excerpt, parseDecimal, skipDigits, startsWithAscii } from './textBytes';
import { hashWords, hashWordsH2, lastIndexOfByte } from './wordHash';
import { createFastPath, type GoroutineFastPath } from './goroutineFastPath';
import { AfterRecords } from './scannerRecords';
import { hasNul } from './lineChecks';
import { GoroutineAssembler, type GoroutineSink } from './goroutineAssembler';

export interface Debug2Options {
  /**
   * Read goroutines it has seen the like of with the WebAssembly scanner (default true; where
   * WebAssembly cannot run, the parser reads every line itself). The result is the same either way.
   */
  readonly wasm?: boolean;
}

export interface Debug2Summary {
  readonly goroutines: number;
  readonly lines: number;
  readonly warnings: DecodeWarning[];
  /** A frame of `runtime/pprof.writeGoroutineLeak` was seen: this dump is the goroutineleak profile. */
  readonly isLeakProfile: boolean;
  /** Goroutines the WebAssembly scanner read whole (the rest went through the parser's own line reading). */
  readonly scanned: number;
}

const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const COLON = 0x3a;
const LPAREN = 0x28;
const RPAREN = 0x29;
const DOT = 0x2e;
/** The hashes' seed as an int32 (as a double it made V8 deoptimize hashWords). */
const FNV_OFFSET = 0x811c9dc5 | 0;

const enum Expect {
  /** Not inside a goroutine: lines are noise until a header. */
  Outside,
  /** A function line, `created by`, `...elided...`, or the blank line that ends the goroutine. */
  Frame,
  /** The tab-indented file:line of the function line just read. */
  FrameFile,
  /** The tab-indented file:line of `created by`. */
  CreatorFile,
  /** After the creator: only the end of the goroutine may follow. */
  Done,
}

export class Debug2Parser {
  private readonly frameCache: FrameInterner;
  private readonly headers = new Debug2HeaderReader();
  private readonly warnings: WarningList;
  /** The goroutine being read, and the hand-over of finished ones to the sink. */
  private readonly g: GoroutineAssembler;

  private readonly carry = new LineCarry();
  private dv: DataView = new DataView(new ArrayBuffer(0));
  private lineNo = 0;
  private atEof = false;
  private nulLines = 0;
  private firstNulLine = 0;

  // What the next line may be.
  private expect = Expect.Outside;
  // The function line waiting for its file line: hash state and where its name is.
  private fnH1 = 0;
  private fnH2 = 0;
  private fnLen = 0;
  private fnBuf: Uint8Array | null = null;
  private fnStart = 0;
  private creatorParent: number | null = null;
  /** The WebAssembly fast path; null where WebAssembly cannot run. */
  private readonly fast: GoroutineFastPath | null;
  /** Counts chunks: the fast path keeps a copy of the current one. */
  private chunkId = 0;

  constructor(table: StackTable, sink: GoroutineSink, input: string, options: Debug2Options = {}) {
    this.g = new GoroutineAssembler(table, sink);
    this.warnings = new WarningList(input);
    this.frameCache = new FrameInterner(table);
    this.fast = options.wasm === false ? null : createFastPath(table, this.g, this.frameCache);
  }

  /** Feed the next chunk of bytes. Chunks may split lines anywhere. */
  push(chunk: Uint8Array): void {
    const end = chunk.length;
    this.chunkId++;
    this.dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Lines are found with the chunk's own indexOf (Node's Buffer: memchr), but read through a
    // plain Uint8Array view so the hot functions only ever see one kind of array.
    const u8 =
      chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    const carry = this.carry;
    if (carry.buf !== null || carry.skippingLongLine) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        carry.append(chunk, 0, end);
        return;
      }
      carry.append(chunk, 0, nl);
      pos = nl + 1;
      this.flushCarry();
    }
    pos = this.lines(chunk, u8, pos);
    if (pos < end) {
      carry.append(chunk, pos, end);
    }
    // The caller may reuse the chunk's memory: keep a pending function name in a copy.
    if (this.fnBuf === u8) {
      // (Buffer#slice would be a view of the same memory.)
      const copy = new Uint8Array(this.fnLen);
      copy.set(chunk.subarray(this.fnStart, this.fnStart + this.fnLen));
      this.fnBuf = copy;
      this.fnStart = 0;
    }
  }

  /**
   * Every complete line of the chunk from `pos`; returns where the incomplete rest begins. Its own
   * function so that the optimized loop never runs into code it has no type feedback for (the
   * tail of `push` made V8 deoptimize once per chunk). Between goroutines and among frames, the
   * fast path reads what it recognises first; every other line is found with the chunk's indexOf
   * and read by `line`.
   */
  private lines(chunk: Uint8Array, u8: Uint8Array, pos: number): number {
    const fast = this.fast;
    for (;;) {
      if (fast !== null && (this.expect === Expect.Outside || this.expect === Expect.Frame)) {
        const r = fast.read(u8, this.chunkId, pos, this.lineNo, this.expect === Expect.Frame);
        this.lineNo += r.lines;
        if (r.after !== null) {
          this.expect =
            r.after === AfterRecords.InGoroutine
              ? Expect.Frame
              : r.after === AfterRecords.AfterCreator
                ? Expect.Done
                : Expect.Outside;
          this.fnBuf = null;
        }
        pos = r.pos;
        if (r.again) continue;
      }
      const nl = chunk.indexOf(NL, pos);
      if (nl < 0) return pos;
      const e = nl > pos && u8[nl - 1] === CR ? nl - 1 : nl;
      this.lineNo++;
      this.line(u8, pos, e);
      pos = nl + 1;
    }
  }

  /** End of input: the last line may lack its newline, and the last goroutine may be cut off. */
  finish(): Debug2Summary {
    this.atEof = true;
    const noFinalNewline = this.carry.buf !== null;
    if (this.carry.buf !== null || this.carry.skippingLongLine) this.flushCarry();
    if (this.expect !== Expect.Outside) {
      if (this.expect === Expect.FrameFile || this.expect === Expect.CreatorFile) {
        this.warnCut(this.lineNo);
      } else if (this.expect === Expect.Frame && noFinalNewline && !this.g.endsLikeARoot()) {
        // The runtime ends every dump with a newline; a last line without one that is not the
        // end of a goroutine (`created by`, or the main goroutine's outermost frame) was cut,
        // possibly in the middle of its `+0x` offset.
        this.warnCut(this.lineNo);
      }
      this.endGoroutine();
    }
    if (this.nulLines > 0) {
      this.warn(`${this.nulLines} line(s) contain NUL bytes and were skipped`, this.firstNulLine);
    }
    const warnings = this.warnings.finish();
    return {
      goroutines: this.g.goroutineCount,
      lines: this.lineNo,
      warnings,
      isLeakProfile: this.frameCache.isLeakProfile,
      scanned: this.g.scannedCount,
    };
  }

  /** The line the carry completes. */
  private flushCarry(): void {
    this.lineNo++;
    const buf = this.carry.take();
    if (buf === null) {
      // Too long to be a traceback line: it ends any goroutine in progress like other noise.
      this.noise(new Uint8Array(0), 0, 0);
      return;
    }
    const dv = this.dv;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let e = buf.length;
    if (e > 0 && buf[e - 1] === CR) e--;
    this.line(buf, 0, e);
    this.dv = dv;
  }

  private line(buf: Uint8Array, s: number, e: number): void {
    switch (this.expect) {
      case Expect.FrameFile: {
        const frame = buf[s] === TAB ? this.fileLine(buf, s, e) : null;
        if (frame !== null) {
          this.pushFrame(frame);
          return;
        }
        // A function line without its file line: log noise that looked like a frame, or a cut.
        if (this.atEof) this.warnCut(this.lineNo);
        this.endGoroutine();
        this.line(buf, s, e);
        return;
      }
      case Expect.CreatorFile:
        if (buf[s] === TAB && this.creatorFile(buf, s, e)) return;
        if (this.atEof) this.warnCut(this.lineNo);
        this.endGoroutine();
        this.line(buf, s, e);
        return;
      case Expect.Frame: {
        if (e === s) {
          this.endGoroutine();
          return;
        }
        const c = buf[s]!;
        if (c === 0x67 /* g */ && this.header2(buf, s, e)) return;
        if (c === 0x63 /* c */ && startsWithAscii(buf, s, e, 'created by ')) {
          this.creator(buf, s, e);
          return;
        }
        if (c === DOT && this.elision(buf, s, e)) return;
        // A goroutine running on another thread when a crash dump is taken has no stack, only this line.
        if (c === TAB && startsWithAscii(buf, s, e, '\tgoroutine running on other thread')) return;
        if (c !== TAB && c !== SPACE && buf[e - 1] === RPAREN && this.functionLine(buf, s, e)) return;
        this.noise(buf, s, e);
        return;
      }
      case Expect.Done:
        if (e === s) {
          this.endGoroutine();
          return;
        }
        if (buf[s] === 0x67 && this.header2(buf, s, e)) return;
        this.noise(buf, s, e);
        return;
      default:
        if (e > s && buf[s] === 0x67 && this.header2(buf, s, e)) return;
        if (e > s) this.noise(buf, s, e);
    }
  }

  /** `goroutine 57 [select, 2 minutes] {route: x}:` or `goroutine 1 gp=0x… m=0 mp=0x… [running]:`. */
  private header2(buf: Uint8Array, s: number, e: number): boolean {
    const hr = this.headers;
    if (!hr.read(this.dv, buf, s, e)) return false;
    if (hr.badLabels) {
      this.warn(`cannot read the labels of goroutine ${hr.id}; they are ignored`, this.lineNo, excerpt(buf, s, e));
    }
    if (this.expect !== Expect.Outside) this.endGoroutine();
    // Bad labels warn each time: such a header is never handed to the fast path.
    if (!hr.badLabels) this.fast?.learnHeader(this.lineNo, buf, s, e, hr.header!, hr.labels);
    this.startGoroutine(hr.id, hr.header!, hr.labels);
    return true;
  }

  private startGoroutine(id: number, header: HeaderInfo, labels: Labels): void {
    this.expect = Expect.Frame;
    this.g.start(id, header, labels);
  }

  /** `pkg.fn(args)`: hash the name (up to the argument list's parenthesis) and wait for the file line. */
  private functionLine(buf: Uint8Array, s: number, e: number): boolean {
    // The argument list's parenthesis is the last one (arguments never contain one).
    const lp = lastIndexOfByte(this.dv, buf, s + 1, e - 1, LPAREN, 0x28282828);
    if (lp < 0) return false;
    this.fnH1 = hashWords(this.dv, buf, s, lp, FNV_OFFSET, 0);
    this.fnH2 = hashWordsH2();
    this.fnLen = lp - s;
    this.fnBuf = buf;
    this.fnStart = s;
    this.expect = Expect.FrameFile;
    return true;
  }

  /**
   * `\tfile.go:88 +0x14f` (an inlined frame has no `+0x`; crash output adds `fp= sp= pc=`): the
   * frame of it and the function line before it, or null when the line is not a file line.
   */
  private fileLine(buf: Uint8Array, s: number, e: number): TableFrame | null {
    // The last colon: paths may hold one (`C:/…`), the line number and offset never do.
    const colon = lastIndexOfByte(this.dv, buf, s + 2, e, COLON, 0x3a3a3a3a);
    if (colon < 0) return null;
    const digitsEnd = skipDigits(buf, colon + 1, e);
    if (digitsEnd === colon + 1 || (digitsEnd < e && buf[digitsEnd] !== SPACE)) return null;
    const line = parseDecimal(buf, colon + 1, digitsEnd);
    const inlined = !(
      digitsEnd + 3 < e &&
      buf[digitsEnd + 1] === 0x2b /* + */ &&
      buf[digitsEnd + 2] === 0x30 &&
      buf[digitsEnd + 3] === 0x78
    );
    let h1 = hashWords(this.dv, buf, s + 1, colon, this.fnH1 ^ 0xff, this.fnH2);
    let h2 = hashWordsH2();
    // Lengths go into the hashes too: a wrong match would need both 32-bit hashes to collide
    // for a name and a path of the same lengths.
    h1 = Math.imul(h1 ^ line, 0x01000193) ^ Math.imul(this.fnLen, 0x9e3779b1);
    h2 = (Math.imul(h2, 31) + (inlined ? 1 : 2)) ^ Math.imul(colon - s, 0x85ebca77);
    let frame = this.frameCache.find(h1, h2);
    if (frame === null) {
      frame = this.frameCache.add(
        h1,
        h2,
        this.fnBuf!,
        this.fnStart,
        this.fnStart + this.fnLen,
        buf,
        s + 1,
        colon,
        line,
        inlined,
      );
    }
    this.fast?.learnFrame(this.lineNo, buf, digitsEnd, e, frame);
    return frame;
  }

  private pushFrame(frame: TableFrame): void {
    this.g.pushFrame(frame);
    this.fnBuf = null;
    this.expect = Expect.Frame;
  }

  /** `created by F in goroutine N` (Go 1.21+) or `created by F`. */
  private creator(buf: Uint8Array, s: number, e: number): void {
    const at = inGoroutineAt(buf, s, e);
    const fnEnd = at < 0 ? e : at;
    const parent = at < 0 ? null : parseDecimal(buf, at + 14, e);
    this.fnH1 = hashWords(this.dv, buf, s + 11, fnEnd, FNV_OFFSET ^ 0x5a, 0);
    this.fnH2 = hashWordsH2();
    this.fnLen = fnEnd - s - 11;
    this.fnBuf = buf;
    this.fnStart = s + 11;
    this.creatorParent = parent;
    this.expect = Expect.CreatorFile;
  }

  private creatorFile(buf: Uint8Array, s: number, e: number): boolean {
    const frame = this.fileLine(buf, s, e);
    if (frame === null) return false;
    this.g.setCreator(this.frameCache.createdBy(frame), this.creatorParent);
    this.fnBuf = null;
    this.expect = Expect.Done;
    return true;
  }

  /** `...12 frames elided...` (Go 1.21+) or `...additional frames elided...` (older crash output). */
  private elision(buf: Uint8Array, s: number, e: number): boolean {
    const n = elidedFrames(buf, s, e);
    if (n === -1) return false;
    if (n === ELIDED_UNCOUNTED) this.g.markCut();
    else this.g.addElided(n);
    return true;
  }

  private noise(buf: Uint8Array, s: number, e: number): void {
    if (hasNul(buf, s, e)) {
      if (this.nulLines++ === 0) this.firstNulLine = this.lineNo;
    }
    if (this.expect !== Expect.Outside) {
      if (this.atEof && this.expect === Expect.Frame) this.warnCut(this.lineNo);
      this.endGoroutine();
    }
  }

  private warnCut(line: number): void {
    this.g.markCut();
    this.warn(
      `the input ends in the middle of goroutine ${this.g.currentId}; its stack is incomplete. ` +
        'net/http/pprof stops debug=2 output at 64 MiB: capture with runtime.Stack or a smaller process for the full dump',
      line,
    );
  }

  private endGoroutine(): void {
    this.g.end();
    this.expect = Expect.Outside;
    this.fnBuf = null;
  }

  private warn(message: string, line?: number, text?: string): void {
    this.warnings.add(message, line, text);
  }
}
