// The goroutine a debug=2 parse is putting together (header, frames as they are read, elisions,
// creator) and its hand-over to the sink: the stack is interned and one reused record goes out.
// The parser (debug2Parser.ts) decides what each line is; this only keeps and ends goroutines.
import type { CreatedBy, GoroutineFlags, GoroutineRecord, Labels } from '../model/goroutine';
import type { HeaderInfo } from './headerInfo';
import { NO_LABELS } from './debug2Header';
import type { StackTable, TableFrame } from './stackTable';

export interface GoroutineSink {
  /**
   * One finished goroutine. The record object is reused for the next goroutine (100k allocations
   * less, measured at a third of the parse's GC time): keep its fields, not the record.
   */
  add(g: GoroutineRecord): void;
}

/** The one reusable record. */
type MutableRecord = { -readonly [K in keyof GoroutineRecord]: GoroutineRecord[K] };

/**
 * Go < 1.21 `runtime.Stack` stops after 100 frames without saying so; up to a few of them are
 * hidden runtime frames (`runtime.gopark`, `runtime.selectgo`), so 95 printed frames mean "cut".
 */
const OLD_FRAME_CAP_PRINTED = 95;

const NO_FLAGS: GoroutineFlags = Object.freeze({
  leaked: false,
  lockedToThread: false,
  scan: false,
  durable: false,
  syncTestBubble: null,
});

export class GoroutineAssembler {
  private goroutines = 0;
  private scanned = 0;

  // The goroutine being put together.
  private id = 0;
  private header: HeaderInfo | null = null;
  private labels: Labels = NO_LABELS;
  private readonly frames: TableFrame[] = [];
  private frameCount = 0;
  private elided = 0;
  private cut = false;
  private createdBy: CreatedBy | null = null;
  private parentId: number | null = null;

  private readonly record: MutableRecord = {
    id: 0,
    state: '',
    waitMinutes: null,
    flags: NO_FLAGS,
    labels: NO_LABELS,
    stack: { id: -1, frames: [], elidedFrames: 0, truncated: false },
    createdBy: null,
    parentId: null,
  };

  constructor(
    private readonly table: StackTable,
    private readonly sink: GoroutineSink,
  ) {}

  /** A header was read: a new goroutine. */
  start(id: number, header: HeaderInfo, labels: Labels): void {
    this.id = id;
    this.header = header;
    this.labels = labels;
    this.frameCount = 0;
    this.elided = 0;
    this.cut = false;
    this.createdBy = null;
    this.parentId = null;
  }

  pushFrame(frame: TableFrame): void {
    this.frameCount++;
    if (this.frameCount > this.frames.length) this.frames.push(frame);
    else this.frames[this.frameCount - 1] = frame;
  }

  /** `...N frames elided...`: N frames the runtime did not print. */
  addElided(n: number): void {
    this.elided += n;
  }

  /** The stack is incomplete (an uncounted elision, or the input ends inside it). */
  markCut(): void {
    this.cut = true;
  }

  /** `created by`: the creator's frame and the creating goroutine (null before Go 1.21). */
  setCreator(createdBy: CreatedBy, parentId: number | null): void {
    this.createdBy = createdBy;
    this.parentId = parentId;
  }

  /** The id of the goroutine being put together, for messages. */
  get currentId(): number {
    return this.id;
  }

  /** Goroutines handed to the sink. */
  get goroutineCount(): number {
    return this.goroutines;
  }

  /** Of those, the ones the WebAssembly scanner read whole (`emitWhole`). */
  get scannedCount(): number {
    return this.scanned;
  }

  /** The goroutine read so far ends where a goroutine without `created by` ends. */
  endsLikeARoot(): boolean {
    if (this.frameCount === 0) return true;
    const outer = this.frames[this.frameCount - 1]!.function;
    return outer === 'main.main' || outer === 'runtime.main' || outer === 'runtime.goexit';
  }

  /** The goroutine is complete (or cut off): intern its stack and hand it to the sink. */
  end(): void {
    const n = this.frameCount;
    // Go < 1.21 stops at 100 frames, counting the runtime frames it does not print, and says
    // nothing; that format is recognizable by a creator line without `in goroutine N`.
    const oldFormat = this.parentId === null;
    const truncated = this.cut || this.elided > 0 || (oldFormat && n >= OLD_FRAME_CAP_PRINTED);
    this.emit(
      this.id,
      this.header!,
      this.labels,
      this.table.stack(this.frames, n, this.elided, truncated),
      this.createdBy,
      this.parentId,
    );
  }

  /**
   * A goroutine the scanner read whole, its frames by index `ids[start, start + count)` (no
   * elisions: those lines stop the scanner), ended as `end` would end it.
   */
  emitWhole(
    id: number,
    header: HeaderInfo,
    labels: Labels,
    ids: Int32Array,
    start: number,
    count: number,
    createdBy: CreatedBy | null,
    parentId: number | null,
  ): void {
    const truncated = parentId === null && count >= OLD_FRAME_CAP_PRINTED;
    this.scanned++;
    this.emit(id, header, labels, this.table.stackOfIndexes(ids, start, count, 0, truncated), createdBy, parentId);
  }

  private emit(
    id: number,
    header: HeaderInfo,
    labels: Labels,
    stack: GoroutineRecord['stack'],
    createdBy: CreatedBy | null,
    parentId: number | null,
  ): void {
    this.goroutines++;
    const r = this.record;
    r.id = id;
    r.state = header.state;
    r.waitMinutes = header.waitMinutes;
    r.flags = header.flags;
    r.labels = labels;
    r.stack = stack;
    r.createdBy = createdBy;
    r.parentId = parentId;
    this.sink.add(r);
  }
}
