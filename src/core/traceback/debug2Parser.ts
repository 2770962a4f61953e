// Streaming parser of goroutine tracebacks: `goroutine?debug=2`, `runtime.Stack(buf, true)`,
// panics, GOTRACEBACK=all/system crashes (`gp=… m=…`, `fp= sp= pc=`), SIGQUIT dumps, `go test`
// timeouts (with their `running tests:`), GODEBUG=tracebackancestors blocks, race detector
// reports, and all of these pasted between log lines, with their tabs expanded, indented, or
// behind a log prefix on every line (learnt from the first header: linePrefix.ts). It works on
// bytes, chunk by chunk, with an explicit state machine over lines (like panicparse's scanner): a
// frame is hashed from its function name and file:line bytes (arguments and PC offsets ignored)
// and strings are decoded only for frames never seen before, so memory follows the number of
// distinct stacks and a 1 GB dump streams through. Finished goroutines go straight to a sink that
// folds them into groups. Goroutines whose header, frames and creator it has read before are
// recognised by its fast path (goroutineFastPath.ts, the WebAssembly scanner) without coming back
// here line by line: on the 100k dump, nearly all of them.
//
// Lines are read by what they say, not by their indentation (a paste may have turned tabs into
// any number of spaces). A line that cannot be read inside a goroutine costs what it held and a
// warning with its number and text, never the rest of the goroutine: a function line cut in its
// arguments keeps its name, a file line without a usable number keeps its file, a log line
// between frames is skipped, a `created by` cut short keeps what it says.
import type { DecodeWarning, Labels, TestTimeoutInfo } from '../model/goroutine';
import type { HeaderInfo } from './headerInfo';
import { Debug2HeaderReader } from './debug2Header';
import { LineCarry } from './lineCarry';
import { WarningList } from './warningList';
import { FrameInterner } from './frameInterner';
import { ELIDED_UNCOUNTED, elidedFrames, inGoroutineAt } from './elisionLine';
import type { StackTable, TableFrame } from './stackTable';
import { decodeText, excerpt, parseDecimal, skipDigits, startsWithAscii } from './textBytes';
import { hashWords, hashWordsH2, lastIndexOfByte } from './wordHash';
import { createFastPath, type GoroutineFastPath } from './goroutineFastPath';
import { AfterRecords } from './scannerRecords';
import { hasNul, isOtherText } from './lineChecks';
import { GoroutineAssembler, NO_FLAGS, type GoroutineSink } from './goroutineAssembler';
import {
  damagedFileLine,
  endsWithAscii,
  findAscii,
  functionName,
  isFunctionName,
  NameCheck,
  looksLikeFileLine,
  MAX_LINE_NUMBER,
  recoverFunctionName,
} from './frameLines';
import { LinePrefix } from './linePrefix';
import { PrefixTracker, type HeldLine } from './prefixTracker';
import { RaceCollector } from './raceCollector';
import { RACE_HEADER, type RaceAccessLine, type RaceCreatedLine } from './raceReportLines';
import { RaceSectionReader } from './raceSectionReader';
import {
  badLabelsWarning,
  CONTROL_CHARACTERS_IN_NAMES,
  creatorCutShortWarning,
  creatorWithoutFileLineWarning,
  cutInputWarning,
  damagedCreatorLineWarning,
  damagedFrameLineWarning,
  fileLineWithoutFunctionWarning,
  frameWithoutFileLineWarning,
  HIDDEN_RACE_SECTION,
  junkBetweenFramesWarning,
  nulLinesWarning,
  unclosedRaceReportWarning,
  unprefixedLinesWarning,
  unreadableFunctionLineWarning,
} from './debug2Warnings';
import { NO_LABELS } from './debug2Header';
import { TIMEOUT_PANIC_PREFIX, testTimeoutPanic } from './testTimeoutLines';
import { TestTimeoutList, timeoutPanicAt } from './testTimeoutList';

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
  /** Race reports read (their accesses are among `goroutines`). */
  readonly raceReports: number;
  /** A `go test` binary's timeout panic, if the input holds one. */
  readonly testTimeout: TestTimeoutInfo | null;
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
/** Lines that are no part of a traceback tolerated inside one before it is taken as ended. */
const MAX_JUNK = 3;

const enum Expect {
  /** Not inside a goroutine: lines are noise until a header. */
  Outside,
  /** A function line, `created by`, `...elided...`, an ancestor, or the blank line that ends the goroutine. */
  Frame,
  /** The file line of the function line just read. */
  FrameFile,
  /** The file line of `created by`. */
  CreatorFile,
  /** After the creator: an ancestor block or the end of the goroutine. */
  Done,
  /** After `panic: test timed out`: `running tests:` and its entries. */
  TestList,
  /** Inside a race report, between its sections. */
  RaceReport,
}

/** What the frames being read belong to. */
const enum Block {
  Goroutine,
  /** An access of a race report (`Write at … by goroutine 7:`). */
  RaceAccess,
  /** A race report's `Goroutine 7 (running) created at:`. */
  RaceCreated,
  /** Another section of a race report (a heap block's allocation): read and not kept. */
  RaceOther,
}

export class Debug2Parser {
  private readonly frameCache: FrameInterner;
  private readonly headers = new Debug2HeaderReader();
  private readonly warnings: WarningList;
  /** The goroutine being read, and the hand-over of finished ones to the sink. */
  private readonly g: GoroutineAssembler;
  private readonly prefixes = new PrefixTracker();
  private readonly races: RaceCollector;

  private readonly carry = new LineCarry();
  private dv: DataView = new DataView(new ArrayBuffer(0));
  private lineNo = 0;
  private bytes = 0;
  private atEof = false;
  private nulLines = 0;
  private firstNulLine = 0;

  // What the next line may be, and what its frames belong to.
  private expect = Expect.Outside;
  private block = Block.Goroutine;
  /** A goroutine of the plain dump format (no ancestors): the fast path may read on inside it. */
  private plain = true;
  // The function line waiting for its file line: hash state, where its name is, where it was.
  private fnH1 = 0;
  private fnH2 = 0;
  private fnLen = 0;
  private fnBuf: Uint8Array | null = null;
  private fnStart = 0;
  private fnLine = 0;
  private creatorParent: number | null = null;
  /** The line being read is as the runtime prints it (see `line`); and so was the function or creator line before it. */
  private plainLine = true;
  /** The first function line whose name holds control bytes, for one warning. */
  private controlNameLine = 0;
  private controlNameText = '';
  private plainKey = true;
  /** The `created by` being read had no readable function: the creator is `?`. */
  private creatorName: string | null = null;
  // Lines that are no part of a traceback inside a goroutine, not yet known to be junk between
  // frames (a frame follows), an unreadable function line (a file line follows) or the end of
  // the goroutine (a blank line or header follows).
  private junk = 0;
  private junkLine = 0;
  private junkText = '';
  private lastJunkLine = 0;
  private lastJunkText = '';
  private lastJunkName = '?';
  private readonly testTimeout = new TestTimeoutList();
  // The race report line just classified, and the section being read.
  private readonly raceLines = new RaceSectionReader();
  private openAccess: RaceAccessLine | null = null;
  private openCreated: RaceCreatedLine | null = null;

  /** The WebAssembly fast path; null where WebAssembly cannot run. */
  private readonly fast: GoroutineFastPath | null;
  /** Counts chunks: the fast path keeps a copy of the current one. */
  private chunkId = 0;

  constructor(
    private readonly table: StackTable,
    sink: GoroutineSink,
    input: string,
    options: Debug2Options = {},
  ) {
    this.g = new GoroutineAssembler(table, sink);
    this.warnings = new WarningList(input);
    this.frameCache = new FrameInterner(table);
    this.races = new RaceCollector(this.g, this.frameCache);
    this.fast = options.wasm === false ? null : createFastPath(table, this.g, this.frameCache);
  }

  /** Feed the next chunk of bytes. Chunks may split lines anywhere. */
  push(chunk: Uint8Array): void {
    const end = chunk.length;
    this.chunkId++;
    this.bytes += end;
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
   * tail of `push` made V8 deoptimize once per chunk). Between goroutines and among frames of a
   * plain goroutine, the fast path reads what it recognises first; every other line is found
   * with the chunk's indexOf and read by `line`. Behind a log prefix the fast path stays out:
   * its keys are whole lines, and a timestamp makes every line new.
   */
  private lines(chunk: Uint8Array, u8: Uint8Array, pos: number): number {
    const fast = this.fast;
    for (;;) {
      if (
        fast !== null &&
        this.prefixes.prefix === null &&
        (this.expect === Expect.Outside || (this.expect === Expect.Frame && this.plain && this.junk === 0))
      ) {
        const r = fast.read(u8, this.chunkId, pos, this.lineNo, this.expect === Expect.Frame);
        this.lineNo += r.lines;
        if (r.after !== null) {
          this.expect =
            r.after === AfterRecords.InGoroutine
              ? Expect.Frame
              : r.after === AfterRecords.AfterCreator
                ? Expect.Done
                : Expect.Outside;
          this.block = Block.Goroutine;
          this.plain = true;
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
    // A prefix still on trial has no line against it: keep it.
    if (this.prefixes.trial) this.replay(this.prefixes.confirm());
    if (this.expect === Expect.FrameFile) {
      this.warnCut(this.lineNo);
      this.pushFrameWithoutFile();
    } else if (this.expect === Expect.CreatorFile) {
      this.warnCut(this.lineNo);
    } else if (
      this.expect === Expect.Frame &&
      this.block === Block.Goroutine &&
      noFinalNewline &&
      (this.junk > 0 || !this.g.endsLikeARoot())
    ) {
      // The runtime ends every dump with a newline; a last line without one that is not the
      // end of a goroutine (`created by`, or the main goroutine's outermost frame) was cut,
      // possibly in the middle of its `+0x` offset.
      this.warnCut(this.lineNo);
    }
    if (this.inBlock()) this.endBlock();
    if (this.races.open) {
      this.warn(unclosedRaceReportWarning(this.races.line), this.lineNo);
      this.races.end();
    }
    if (this.nulLines > 0) this.warn(nulLinesWarning(this.nulLines), this.firstNulLine);
    if (this.controlNameLine > 0) this.warn(CONTROL_CHARACTERS_IN_NAMES, this.controlNameLine, this.controlNameText);
    const p = this.prefixes;
    if (p.unprefixed > 0 && p.prefix !== null)
      this.warn(unprefixedLinesWarning(p.unprefixed, p.prefix.text), p.firstUnprefixedLine, p.firstUnprefixedText);
    const warnings = this.warnings.finish();
    return {
      goroutines: this.g.goroutineCount,
      lines: this.lineNo,
      warnings,
      isLeakProfile: this.frameCache.isLeakProfile,
      scanned: this.g.scannedCount,
      raceReports: this.races.reports,
      testTimeout: this.testTimeout.info(),
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
    let e = buf.length;
    if (e > 0 && buf[e - 1] === CR) e--;
    this.lineIn(buf, 0, e);
  }

  /** `line` over a buffer of its own (the carry, held lines): the hashes read it through `dv`. */
  private lineIn(buf: Uint8Array, s: number, e: number): void {
    const dv = this.dv;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.line(buf, s, e);
    this.dv = dv;
  }

  /** Held lines read again now that the prefix is decided, under their own line numbers. */
  private replay(held: readonly HeldLine[]): void {
    const lineNo = this.lineNo;
    for (const h of held) {
      this.lineNo = h.lineNo;
      this.lineIn(h.bytes, 0, h.bytes.length);
    }
    this.lineNo = lineNo;
  }

  /** One line: its prefix and indentation stripped, then read by what the state allows. */
  private line(buf: Uint8Array, s: number, e: number): void {
    let t = s;
    while (t < e && (buf[t] === TAB || buf[t] === SPACE)) t++;
    // Trailing whitespace (an editor's, a chat's) is no part of any line of a traceback.
    const end = e;
    while (e > t && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    // Only lines exactly as the runtime prints them are filed for the fast path, which reads its
    // keys' lines itself: a creator line with a trailing space would be parsed there otherwise.
    this.plainLine = e === end && (t === s || (t === s + 1 && buf[s] === TAB));
    const prefixes = this.prefixes;
    const prefix = prefixes.prefix;
    if (prefix !== null && t < e) {
      const p = prefix.strip(buf, s, e);
      if (p >= 0) {
        if (prefixes.trial) this.replay(prefixes.confirm());
        t = p;
      } else if (prefixes.trial) {
        const held = prefixes.hold(buf, s, e, this.lineNo, false);
        if (held !== null) this.abandonPrefix(held);
        return;
      } else if (!prefix.optional) {
        // Another prefix may start here (a second dump, another process's log).
        if (this.behindPrefix(buf, s, t, e)) return;
        prefixes.count(buf, s, e, this.lineNo);
        return;
      }
    } else if (prefix !== null && prefixes.trial) {
      const held = prefixes.hold(buf, s, e, this.lineNo, true);
      if (held !== null) this.abandonPrefix(held);
      return;
    }
    switch (this.expect) {
      case Expect.FrameFile:
        this.onFrameFile(buf, s, t, e);
        return;
      case Expect.CreatorFile:
        this.onCreatorFile(buf, s, t, e);
        return;
      case Expect.Frame:
        this.onFrame(buf, s, t, e);
        return;
      case Expect.Done:
        this.onDone(buf, s, t, e);
        return;
      case Expect.TestList:
        this.onTestList(buf, s, t, e);
        return;
      case Expect.RaceReport:
        this.onRaceReport(buf, s, t, e);
        return;
      default:
        this.onOutside(buf, s, t, e);
    }
  }

  private onOutside(buf: Uint8Array, s: number, t: number, e: number): void {
    if (t === e) return;
    const c = buf[t]!;
    if (c === 0x67 /* g */ && this.header2(buf, t, e)) return;
    if (c === 0x57 /* W */ && e - t === RACE_HEADER.length && startsWithAscii(buf, t, e, RACE_HEADER)) {
      this.startRace();
      return;
    }
    if (c === 0x70 /* p */ && this.timeoutPanic(buf, t, e)) return;
    if (this.behindPrefix(buf, s, t, e)) return;
    this.noise(buf, t, e);
  }

  /** A race report or a test timeout starts inside a goroutine: it ends the goroutine. */
  private otherStart(buf: Uint8Array, c: number, t: number, e: number): boolean {
    if (c === 0x57 /* W */ && e - t === RACE_HEADER.length && startsWithAscii(buf, t, e, RACE_HEADER)) {
      this.startRace();
      return true;
    }
    return c === 0x70 /* p */ && this.timeoutPanic(buf, t, e);
  }

  /**
   * A goroutine header, race report or test timeout after other text on its line: the text is
   * the dump's line prefix, on trial (prefixTracker.ts). Only lines that end like one of those are
   * searched, so a log of millions of other lines costs a byte compare per line.
   */
  private behindPrefix(buf: Uint8Array, s: number, t: number, e: number): boolean {
    const last = buf[e - 1];
    let at: number;
    if (last === COLON) {
      at = findAscii(buf, t + 1, e, 'goroutine ');
      if (at < 0 || !this.headers.read(this.dv, buf, at, e)) return false;
    } else if (last === 0x45 /* E */ && endsWithAscii(buf, t, e, RACE_HEADER)) {
      at = e - RACE_HEADER.length;
      if (at <= t) return false;
    } else if (last === 0x73 /* s */) {
      at = findAscii(buf, t + 1, e, TIMEOUT_PANIC_PREFIX);
      if (at < 0 || testTimeoutPanic(decodeText(buf, at, e)) === null) return false;
    } else return false;
    const prefix = LinePrefix.learn(buf, s, at);
    if (prefix === null) return false;
    this.endAll();
    this.prefixes.learn(prefix);
    if (last === COLON) this.header2(buf, at, e);
    else if (last === 0x45) this.startRace();
    else this.timeoutPanic(buf, at, e);
    return true;
  }

  /** The prefix on trial lost: the "header" behind it was prose; read the held lines without it. */
  private abandonPrefix(held: readonly HeldLine[]): void {
    if (this.expect === Expect.Frame && this.block === Block.Goroutine && this.g.currentFrameCount === 0) {
      this.g.discard();
      this.expect = Expect.Outside;
    } else if (this.expect === Expect.RaceReport) {
      this.races.cancel();
      this.expect = Expect.Outside;
    }
    this.replay(held);
  }

  private onFrame(buf: Uint8Array, s: number, t: number, e: number): void {
    if (t === e) {
      this.junk = 0;
      this.endBlock();
      return;
    }
    const c = buf[t]!;
    if (c === 0x67 /* g */) {
      if (this.header2(buf, t, e)) return;
      // A goroutine running on another thread when a crash dump is taken has no stack, only this line.
      if (startsWithAscii(buf, t, e, 'goroutine running on other thread')) return;
    }
    if (this.block === Block.Goroutine && this.otherStart(buf, c, t, e)) return;
    if (this.block !== Block.Goroutine && (c === 0x3d /* = */ || buf[e - 1] === COLON || c === 0x57)) {
      // A race report's next section (or its end) ends the stack being read.
      if (this.raceLines.read(buf, t, e)) {
        this.junk = 0;
        this.endBlock();
        this.onRaceReport(buf, s, t, e);
        return;
      }
    }
    if (c === 0x63 /* c */ && startsWithAscii(buf, t, e, 'created')) {
      if (this.creator(buf, t, e)) return;
    }
    if (c === DOT && this.elision(buf, t, e)) return;
    if (c === 0x5b /* [ */ && this.ancestor(buf, t, e)) return;
    if (buf[e - 1] === RPAREN && this.functionLine(buf, t, e)) return;
    if (this.strayFileLine(buf, s, t, e)) return;
    this.holdJunk(buf, s, t, e);
  }

  /** A line that is no part of a traceback inside one: held until the next line says what it was. */
  private holdJunk(buf: Uint8Array, s: number, t: number, e: number): void {
    if (this.behindPrefix(buf, s, t, e)) return;
    if (hasNul(buf, t, e) && this.nulLines++ === 0) this.firstNulLine = this.lineNo;
    if (this.junk >= MAX_JUNK) {
      // That many lines of something else: the goroutine ended before them.
      this.junk = 0;
      this.endBlock();
      this.noise(buf, t, e);
      return;
    }
    if (this.junk++ === 0) {
      this.junkLine = this.lineNo;
      this.junkText = excerpt(buf, t, e);
    }
    this.lastJunkLine = this.lineNo;
    this.lastJunkText = excerpt(buf, t, e);
    this.lastJunkName = recoverFunctionName(decodeText(buf, t, Math.min(e, t + 4096)));
  }

  /** A frame or creator follows held junk: it was junk between frames. */
  private junkBetweenFrames(): void {
    if (this.junk === 0) return;
    this.warn(junkBetweenFramesWarning(this.junk, this.g.currentId), this.junkLine, this.junkText);
    this.junk = 0;
  }

  /**
   * A file line where a function line should be: the junk held just before it was the function
   * line, unreadable (cut in its arguments, garbled); its name is read back where it can be.
   */
  private strayFileLine(buf: Uint8Array, s: number, t: number, e: number): boolean {
    if (!looksLikeFileLine(buf, s, t, e)) return false;
    const frame = this.fileLineFrame(buf, t, e);
    if (frame === null) return false;
    let fn = '?';
    if (this.junk > 0) {
      fn = this.lastJunkName;
      this.warn(unreadableFunctionLineWarning(this.g.currentId, fn), this.lastJunkLine, this.lastJunkText);
      this.junk--;
      this.junkBetweenFrames();
    } else {
      this.warn(fileLineWithoutFunctionWarning(this.g.currentId), this.lineNo, excerpt(buf, t, e));
    }
    this.g.pushFrame(this.table.frame(fn, frame.file, frame.line, frame.inlined));
    return true;
  }

  private onFrameFile(buf: Uint8Array, s: number, t: number, e: number): void {
    if (t < e) {
      const frame = this.fileLine(buf, t, e);
      if (frame !== null) {
        this.pushFrame(frame);
        this.junkBetweenFrames();
        return;
      }
      if (looksLikeFileLine(buf, s, t, e)) {
        this.damagedFrame(buf, t, e);
        this.junkBetweenFrames();
        return;
      }
      if (this.junk < MAX_JUNK && isOtherText(buf, t, e)) {
        this.holdJunk(buf, s, t, e);
        return;
      }
    }
    // The function line has no file line after it.
    this.junkBetweenFrames();
    this.frameWithoutFileLine();
    this.onFrame(buf, s, t, e);
  }

  /** The pending function line as a frame with no file (its file line is missing). */
  private pushFrameWithoutFile(): void {
    const fn = decodeText(this.fnBuf!, this.fnStart, this.fnStart + this.fnLen);
    this.g.pushFrame(this.table.frame(fn, '', 0, false));
    this.fnBuf = null;
    this.expect = Expect.Frame;
  }

  /** A file line whose line number is missing or overflows: the frame is kept without its line. */
  private damagedFrame(buf: Uint8Array, t: number, e: number): void {
    const d = damagedFileLine(decodeText(buf, t, Math.min(e, t + 4096)));
    const fn = decodeText(this.fnBuf!, this.fnStart, this.fnStart + this.fnLen);
    this.warn(damagedFrameLineWarning(fn, this.g.currentId, d.overflow), this.lineNo, excerpt(buf, t, e));
    this.g.pushFrame(this.table.frame(fn, d.file, 0, d.inlined));
    this.fnBuf = null;
    this.expect = Expect.Frame;
  }

  private onCreatorFile(buf: Uint8Array, s: number, t: number, e: number): void {
    if (t < e) {
      if (this.creatorName === null) {
        const frame = this.fileLine(buf, t, e);
        if (frame !== null) {
          this.setCreator(frame);
          return;
        }
      } else {
        // A creator without a readable name: its file line is read as text.
        const f = this.fileLineFrame(buf, t, e);
        if (f !== null) {
          this.setCreator(this.table.frame(this.creatorName, f.file, f.line, f.inlined));
          return;
        }
      }
      if (looksLikeFileLine(buf, s, t, e)) {
        const d = damagedFileLine(decodeText(buf, t, Math.min(e, t + 4096)));
        this.warn(damagedCreatorLineWarning(this.g.currentId, d.overflow), this.lineNo, excerpt(buf, t, e));
        this.setCreator(this.table.frame(this.creatorFunction(), d.file, 0, d.inlined));
        return;
      }
    }
    if (this.atEof) this.warnCut(this.lineNo);
    else this.warn(creatorWithoutFileLineWarning(this.g.currentId), this.fnLine);
    this.setCreator(this.table.frame(this.creatorFunction(), '', 0, false));
    this.onDone(buf, s, t, e);
  }

  private onDone(buf: Uint8Array, s: number, t: number, e: number): void {
    if (t === e) {
      this.endBlock();
      return;
    }
    const c = buf[t]!;
    if (c === 0x67 && this.header2(buf, t, e)) return;
    if (this.otherStart(buf, c, t, e)) return;
    if (c === 0x5b && this.ancestor(buf, t, e)) return;
    if (this.behindPrefix(buf, s, t, e)) return;
    this.noise(buf, t, e);
  }

  private onTestList(buf: Uint8Array, s: number, t: number, e: number): void {
    if (this.testTimeout.readLine(buf, t, e)) return;
    this.expect = Expect.Outside;
    this.onOutside(buf, s, t, e);
  }

  /** `panic: test timed out after 10m0s` at `t`. */
  private timeoutPanic(buf: Uint8Array, t: number, e: number): boolean {
    const after = timeoutPanicAt(buf, t, e);
    if (after === null) return false;
    this.endAll();
    this.testTimeout.begin(this.lineNo, after);
    this.expect = Expect.TestList;
    return true;
  }

  // ---- race reports ------------------------------------------------------------------------

  private startRace(): void {
    this.endAll();
    this.races.begin(this.lineNo);
    this.expect = Expect.RaceReport;
  }

  private onRaceReport(buf: Uint8Array, s: number, t: number, e: number): void {
    if (t === e) return;
    const c = buf[t]!;
    if (c === 0x67 && this.header2(buf, t, e)) return;
    if (!this.raceLines.read(buf, t, e)) {
      // `Global var x of size 8 at 0x… declared at f.go:3`, `[failed to restore the stack]`: no stack to read.
      if (this.behindPrefix(buf, s, t, e)) return;
      this.noise(buf, t, e);
      return;
    }
    if (c === 0x3d) {
      this.races.end();
      this.expect = Expect.Outside;
      return;
    }
    if (c === 0x57) {
      this.startRace();
      return;
    }
    const access = this.raceLines.access;
    const created = this.raceLines.created;
    if (access !== null) {
      this.block = Block.RaceAccess;
      this.openAccess = access;
      this.g.start(access.goroutineId, this.races.headerOf(access), NO_LABELS);
    } else if (created !== null) {
      this.block = Block.RaceCreated;
      this.openCreated = created;
      this.g.start(created.goroutineId, STACK_ONLY, NO_LABELS);
    } else {
      this.warn(HIDDEN_RACE_SECTION, this.lineNo, excerpt(buf, t, e));
      this.block = Block.RaceOther;
      this.g.start(0, STACK_ONLY, NO_LABELS);
    }
    this.plain = false;
    this.expect = Expect.Frame;
  }

  // ---- goroutines --------------------------------------------------------------------------

  /** `goroutine 57 [select, 2 minutes] {route: x}:` or `goroutine 1 gp=0x… m=0 mp=0x… [running]:`. */
  private header2(buf: Uint8Array, s: number, e: number): boolean {
    const hr = this.headers;
    if (!hr.read(this.dv, buf, s, e)) return false;
    if (hr.badLabels) {
      this.warn(badLabelsWarning(hr.id), this.lineNo, excerpt(buf, s, e));
    }
    this.endAll();
    // Bad labels warn each time: such a header is never handed to the fast path.
    if (!hr.badLabels && this.plainLine && this.prefixes.prefix === null)
      this.fast?.learnHeader(this.lineNo, buf, s, e, hr.header!, hr.labels);
    this.startGoroutine(hr.id, hr.header!, hr.labels);
    return true;
  }

  private startGoroutine(id: number, header: HeaderInfo, labels: Labels): void {
    this.expect = Expect.Frame;
    this.block = Block.Goroutine;
    this.plain = true;
    this.g.start(id, header, labels);
  }

  /** `pkg.fn(args)`: hash the name (up to the argument list's parenthesis) and wait for the file line. */
  private functionLine(buf: Uint8Array, s: number, e: number): boolean {
    // The argument list's parenthesis is the last one (arguments never contain one).
    const lp = lastIndexOfByte(this.dv, buf, s + 1, e - 1, LPAREN, 0x28282828);
    if (lp < 0) return false;
    const name = functionName(buf, s, lp);
    if (name === NameCheck.None) return false;
    if (name === NameCheck.WithControls && this.controlNameLine === 0) {
      this.controlNameLine = this.lineNo;
      this.controlNameText = excerpt(buf, s, e);
    }
    this.junkBetweenFrames();
    this.fnH1 = hashWords(this.dv, buf, s, lp, FNV_OFFSET, 0);
    this.fnH2 = hashWordsH2();
    this.fnLen = lp - s;
    this.fnBuf = buf;
    this.fnStart = s;
    this.fnLine = this.lineNo;
    this.plainKey = this.plainLine;
    this.expect = Expect.FrameFile;
    return true;
  }

  /**
   * `file.go:88 +0x14f` (its indentation stripped; an inlined frame has no `+0x`; crash output
   * adds `fp= sp= pc=`): the frame of it and the function line before it, or null when the line
   * is not a file line with a usable line number.
   */
  private fileLine(buf: Uint8Array, s: number, e: number): TableFrame | null {
    // The last colon: paths may hold one (`C:/…`), the line number and offset never do.
    const colon = lastIndexOfByte(this.dv, buf, s + 1, e, COLON, 0x3a3a3a3a);
    if (colon < 0) return null;
    const digitsEnd = skipDigits(buf, colon + 1, e);
    if (digitsEnd === colon + 1 || (digitsEnd < e && buf[digitsEnd] !== SPACE)) return null;
    const line = parseDecimal(buf, colon + 1, digitsEnd);
    if (line < 0 || line > MAX_LINE_NUMBER) return null;
    const inlined = !(
      digitsEnd + 3 < e &&
      buf[digitsEnd + 1] === 0x2b /* + */ &&
      buf[digitsEnd + 2] === 0x30 &&
      buf[digitsEnd + 3] === 0x78
    );
    let h1 = hashWords(this.dv, buf, s, colon, this.fnH1 ^ 0xff, this.fnH2);
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
        s,
        colon,
        line,
        inlined,
      );
    }
    if (this.plainLine && this.plainKey && this.prefixes.prefix === null)
      this.fast?.learnFrame(this.lineNo, buf, digitsEnd, e, frame);
    return frame;
  }

  /** The file, line and inlining of a file line with no function line before it (strayFileLine). */
  private fileLineFrame(
    buf: Uint8Array,
    s: number,
    e: number,
  ): { file: string; line: number; inlined: boolean } | null {
    const colon = lastIndexOfByte(this.dv, buf, s + 1, e, COLON, 0x3a3a3a3a);
    if (colon < 0) return null;
    const digitsEnd = skipDigits(buf, colon + 1, e);
    if (digitsEnd === colon + 1 || (digitsEnd < e && buf[digitsEnd] !== SPACE)) return null;
    const line = parseDecimal(buf, colon + 1, digitsEnd);
    if (line < 0 || line > MAX_LINE_NUMBER) return null;
    const inlined = !startsWithAscii(buf, digitsEnd, e, ' +0x');
    return { file: decodeText(buf, s, colon), line, inlined };
  }

  private pushFrame(frame: TableFrame): void {
    this.g.pushFrame(frame);
    this.fnBuf = null;
    this.expect = Expect.Frame;
  }

  /**
   * `created by F in goroutine N` (Go 1.21+) or `created by F`; a line cut short (`created by F
   * in gorou`, `created b`) keeps what it still says, with a warning.
   */
  private creator(buf: Uint8Array, s: number, e: number): boolean {
    const full = startsWithAscii(buf, s, e, 'created by ');
    // `created`, `created b`, `created by`: the start of a creator line, and nothing more.
    if (!full && (e - s < 7 || !'created by '.startsWith(decodeText(buf, s, e)))) return false;
    this.junkBetweenFrames();
    this.creatorName = null;
    this.creatorParent = null;
    this.fnLine = this.lineNo;
    this.plainKey = this.plainLine;
    const nameStart = s + 11;
    let nameEnd = e;
    let cut = !full;
    if (full) {
      const at = inGoroutineAt(buf, s, e);
      if (at >= 0) {
        nameEnd = at;
        this.creatorParent = parseDecimal(buf, at + 14, e);
      } else {
        // Anything after the name but ` in goroutine N` is what is left of it.
        const space = findAscii(buf, nameStart, e, ' ');
        if (space >= 0) {
          nameEnd = space;
          cut = true;
        }
      }
    }
    const named = full && isFunctionName(buf, nameStart, nameEnd);
    if (cut || !named) {
      const creator = named ? decodeText(buf, nameStart, nameEnd) : null;
      this.warn(creatorCutShortWarning(this.g.currentId, creator), this.lineNo, excerpt(buf, s, e));
    }
    if (!named) {
      this.creatorName = '?';
      this.fnBuf = null;
    } else {
      this.fnH1 = hashWords(this.dv, buf, nameStart, nameEnd, FNV_OFFSET ^ 0x5a, 0);
      this.fnH2 = hashWordsH2();
      this.fnLen = nameEnd - nameStart;
      this.fnBuf = buf;
      this.fnStart = nameStart;
    }
    this.expect = Expect.CreatorFile;
    return true;
  }

  /** The creator's function when its file line is not read the normal way. */
  private creatorFunction(): string {
    return this.creatorName ?? decodeText(this.fnBuf!, this.fnStart, this.fnStart + this.fnLen);
  }

  private setCreator(frame: TableFrame): void {
    this.g.setCreator(this.frameCache.createdBy(frame), this.creatorParent);
    this.fnBuf = null;
    this.creatorName = null;
    this.expect = Expect.Done;
  }

  /** `...12 frames elided...` (Go 1.21+) or `...additional frames elided...` (older crash output). */
  private elision(buf: Uint8Array, s: number, e: number): boolean {
    const n = elidedFrames(buf, s, e);
    if (n === -1) return false;
    this.junkBetweenFrames();
    if (n === ELIDED_UNCOUNTED) this.g.markCut();
    else this.g.addElided(n);
    return true;
  }

  /** `[originating from goroutine 18]:` (GODEBUG=tracebackancestors): an ancestor's creation stack follows. */
  private ancestor(buf: Uint8Array, s: number, e: number): boolean {
    if (this.block !== Block.Goroutine || !startsWithAscii(buf, s, e, '[originating from goroutine ')) return false;
    const id = parseDecimal(buf, s + 28, e);
    if (id < 0 || !startsWithAscii(buf, skipDigits(buf, s + 28, e), e, ']:')) return false;
    this.junkBetweenFrames();
    this.g.startAncestor(id);
    this.plain = false;
    this.expect = Expect.Frame;
    return true;
  }

  private noise(buf: Uint8Array, s: number, e: number): void {
    if (hasNul(buf, s, e)) {
      if (this.nulLines++ === 0) this.firstNulLine = this.lineNo;
    }
    if (this.inBlock()) {
      if (this.atEof && this.expect === Expect.Frame) this.warnCut(this.lineNo);
      this.endBlock();
    }
  }

  private warnCut(line: number): void {
    this.g.markCut();
    this.warn(cutInputWarning(this.g.currentId, this.bytes), line);
  }

  /** Frames are being read: a goroutine's, an ancestor's or a race report section's. */
  private inBlock(): boolean {
    const x = this.expect;
    return x === Expect.Frame || x === Expect.FrameFile || x === Expect.CreatorFile || x === Expect.Done;
  }

  /** The frames being read are complete: end the goroutine (or the race report's section). */
  private endBlock(): void {
    this.junk = 0;
    this.fnBuf = null;
    const inBlock = this.inBlock();
    switch (this.block) {
      case Block.Goroutine:
        if (inBlock) this.g.end();
        this.expect = Expect.Outside;
        return;
      case Block.RaceAccess:
        this.races.addAccess(this.g.endHeld(), this.openAccess!);
        break;
      case Block.RaceCreated:
        this.races.addCreated(this.g.currentId, this.g.takeStack(), this.openCreated!.status);
        break;
      case Block.RaceOther:
        this.g.discard();
        break;
    }
    this.block = Block.Goroutine;
    this.expect = this.races.open ? Expect.RaceReport : Expect.Outside;
  }

  /** Whatever is open ends: a goroutine, a race report, a test list. */
  private endAll(): void {
    if (this.expect === Expect.FrameFile) this.frameWithoutFileLine();
    if (this.inBlock()) this.endBlock();
    if (this.races.open) this.races.end();
    this.expect = Expect.Outside;
  }

  /** The pending function line has no file line after it: kept without its file, with a warning. */
  private frameWithoutFileLine(): void {
    const fn = decodeText(this.fnBuf!, this.fnStart, this.fnStart + this.fnLen);
    this.warn(frameWithoutFileLineWarning(fn, this.g.currentId), this.fnLine);
    this.pushFrameWithoutFile();
  }

  private warn(message: string, line?: number, text?: string): void {
    this.warnings.add(message, line, text);
  }
}

/** The header of a race report's stacks that are not accesses: read for their frames, never emitted. */
const STACK_ONLY: HeaderInfo = { state: '', waitMinutes: null, flags: NO_FLAGS };
