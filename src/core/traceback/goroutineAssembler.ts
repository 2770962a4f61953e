// The goroutine a debug=2 parse is putting together (header, frames as they are read, elisions,
// creator, the stacks of its ancestors) and its hand-over to the sink: the stacks are interned and
// one reused record goes out. The parser (debug2Parser.ts) decides what each line is; this only
// keeps and ends goroutines. A race report's accesses are held (`endHeld`) until the report has
// printed the stacks that created their goroutines.
import type {
  Ancestor,
  CreatedBy,
  GoroutineFlags,
  GoroutineRecord,
  Labels,
  RaceAccess,
  Stack,
} from '../model/goroutine';
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

/** A goroutine read whole and kept back from the sink (a race report's access). */
export interface HeldGoroutine {
  readonly id: number;
  readonly header: HeaderInfo;
  readonly stack: Stack;
}

/** An ancestor block being read: `[originating from goroutine N]:`, its frames, its creator. */
interface AncestorBlock {
  readonly id: number;
  readonly frames: TableFrame[];
  elided: number;
  cut: boolean;
  createdBy: CreatedBy | null;
}

/**
 * Go < 1.21 `runtime.Stack` stops after 100 frames without saying so; up to a few of them are
 * hidden runtime frames (`runtime.gopark`, `runtime.selectgo`), so 95 printed frames mean "cut".
 */
const OLD_FRAME_CAP_PRINTED = 95;

export const NO_FLAGS: GoroutineFlags = Object.freeze({
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
  /** Ancestor blocks read so far; the last one receives frames while `inAncestor`. */
  private ancestors: AncestorBlock[] = [];
  private inAncestor = false;
  /** Interned ancestor chains by the ids of their stacks and creators. */
  private readonly chains = new Map<string, readonly Ancestor[]>();
  private readonly creatorIds = new Map<CreatedBy, number>();

  private readonly record: MutableRecord = {
    id: 0,
    state: '',
    waitMinutes: null,
    flags: NO_FLAGS,
    labels: NO_LABELS,
    stack: { id: -1, frames: [], elidedFrames: 0, truncated: false },
    createdBy: null,
    parentId: null,
    ancestors: null,
    ancestorIds: null,
    race: null,
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
    if (this.ancestors.length > 0) this.ancestors = [];
    this.inAncestor = false;
  }

  pushFrame(frame: TableFrame): void {
    if (this.inAncestor) {
      this.ancestors[this.ancestors.length - 1]!.frames.push(frame);
      return;
    }
    this.frameCount++;
    if (this.frameCount > this.frames.length) this.frames.push(frame);
    else this.frames[this.frameCount - 1] = frame;
  }

  /** `...N frames elided...`: N frames the runtime did not print. */
  addElided(n: number): void {
    if (this.inAncestor) this.ancestors[this.ancestors.length - 1]!.elided += n;
    else this.elided += n;
  }

  /** The stack is incomplete (an uncounted elision, or the input ends inside it). */
  markCut(): void {
    if (this.inAncestor) this.ancestors[this.ancestors.length - 1]!.cut = true;
    else this.cut = true;
  }

  /** `created by`: the creator's frame and the creating goroutine (null before Go 1.21). */
  setCreator(createdBy: CreatedBy, parentId: number | null): void {
    if (this.inAncestor) {
      this.ancestors[this.ancestors.length - 1]!.createdBy = createdBy;
      return;
    }
    this.createdBy = createdBy;
    this.parentId = parentId;
  }

  /** `[originating from goroutine N]:`: frames and creator now go to that ancestor. */
  startAncestor(id: number): void {
    this.ancestors.push({ id, frames: [], elided: 0, cut: false, createdBy: null });
    this.inAncestor = true;
  }

  /** Frames read so far, of the ancestor being read if any. */
  get currentFrameCount(): number {
    return this.inAncestor ? this.ancestors[this.ancestors.length - 1]!.frames.length : this.frameCount;
  }

  /** Forget the goroutine being put together (a header that turned out to be prose). */
  discard(): void {
    this.frameCount = 0;
    this.header = null;
    this.ancestors = [];
    this.inAncestor = false;
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
    const stack = this.mainStack();
    if (this.ancestors.length === 0) {
      this.emit(this.id, this.header!, this.labels, stack, this.createdBy, this.parentId);
      return;
    }
    const blocks = this.ancestors;
    const chain = this.chain(
      blocks.map((b) => ({
        stack: this.table.stack(b.frames, b.frames.length, b.elided, b.cut || b.elided > 0),
        createdBy: b.createdBy,
      })),
    );
    this.emit(
      this.id,
      this.header!,
      this.labels,
      stack,
      this.createdBy,
      this.parentId,
      chain,
      blocks.map((b) => b.id),
    );
    this.ancestors = [];
    this.inAncestor = false;
  }

  /** The goroutine is complete: its stack interned, kept back from the sink until `emitHeld`. */
  endHeld(): HeldGoroutine {
    return { id: this.id, header: this.header!, stack: this.mainStack() };
  }

  /** A held goroutine to the sink, with what was learnt about it since. */
  emitHeld(
    h: HeldGoroutine,
    createdBy: CreatedBy | null,
    ancestors: readonly Ancestor[] | null,
    ancestorIds: readonly number[] | null,
    race: RaceAccess | null,
  ): void {
    const chain = ancestors === null ? null : this.chain(ancestors);
    this.emit(h.id, h.header, NO_LABELS, h.stack, createdBy, null, chain, ancestorIds, race);
  }

  /** The frames read since `start`, interned as a stack (a race report's `created at:` stack). */
  takeStack(): Stack {
    return this.mainStack();
  }

  private mainStack(): Stack {
    const n = this.frameCount;
    // Go < 1.21 stops at 100 frames, counting the runtime frames it does not print, and says
    // nothing; that format is recognizable by a creator line without `in goroutine N`.
    const oldFormat = this.parentId === null;
    const truncated = this.cut || this.elided > 0 || (oldFormat && n >= OLD_FRAME_CAP_PRINTED);
    return this.table.stack(this.frames, n, this.elided, truncated);
  }

  /** One array per distinct chain, so the group builder can compare chains by identity. */
  private chain(links: readonly Ancestor[]): readonly Ancestor[] {
    let key = '';
    for (const a of links) key += `${a.stack.id}:${a.createdBy === null ? -1 : this.creatorId(a.createdBy)},`;
    let c = this.chains.get(key);
    if (c === undefined) {
      c = Object.freeze(links.slice());
      this.chains.set(key, c);
    }
    return c;
  }

  private creatorId(c: CreatedBy): number {
    let id = this.creatorIds.get(c);
    if (id === undefined) {
      // Creators are interned per frame (FrameInterner.createdBy): one object per text.
      id = this.creatorIds.size;
      this.creatorIds.set(c, id);
    }
    return id;
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
    ancestors: readonly Ancestor[] | null = null,
    ancestorIds: readonly number[] | null = null,
    race: RaceAccess | null = null,
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
    r.ancestors = ancestors;
    r.ancestorIds = ancestorIds;
    r.race = race;
    this.sink.add(r);
  }
}
