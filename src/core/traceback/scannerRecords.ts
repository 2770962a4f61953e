// The WebAssembly scanner's records (goroutineScanner.ts) handed to the goroutine assembler:
// goroutines it read whole go straight to the sink; the one it stopped inside becomes the
// goroutine the parser carries on with.
import type { Labels } from '../model/goroutine';
import type { HeaderInfo } from './headerInfo';
import type { FrameInterner } from './frameInterner';
import type { GoroutineAssembler } from './goroutineAssembler';
import type { GoroutineScanner } from './goroutineScanner';
import { NUMS_PER_RECORD, RecordField, RecordFlag, RecordId, RecordNumber } from './goroutineScanLayout';
import type { StackTable } from './stackTable';

/** Where the records left the parser. */
export const enum AfterRecords {
  /** Between goroutines. */
  Outside,
  /** Inside a goroutine, before its next frame. */
  InGoroutine,
  /** After a goroutine's `created by`: only its end may follow. */
  AfterCreator,
}

/** A header the parser filed for the scanner, by the id it gave it. */
export interface KnownHeader {
  readonly header: HeaderInfo;
  readonly labels: Labels;
}

/** The last scan's records into `g`; `g` must hold a started goroutine if the first record continues one. */
export function takeScannerRecords(
  scanner: GoroutineScanner,
  g: GoroutineAssembler,
  table: StackTable,
  headers: readonly KnownHeader[],
  frames: FrameInterner,
): AfterRecords {
  const rec = scanner.records;
  const nums = scanner.numbers;
  const n = scanner.recordCount;
  let after = AfterRecords.Outside;
  let r = 0;
  for (let k = 0; k < n; k++) {
    const flags = rec[r + RecordField.Flags]!;
    const headerId = rec[r + RecordField.Header]!;
    const creatorId = rec[r + RecordField.Creator]!;
    const count = rec[r + RecordField.FrameCount]!;
    // Ids as int32 (None, or Wide: past int32, read from `nums`): read as doubles, V8 boxed them
    // into heap numbers, and the group builder deoptimized on them.
    const id32 = rec[r + RecordField.GoroutineId]!;
    const parent32 = rec[r + RecordField.ParentId]!;
    r += RecordField.Frames;
    const whole = (flags & (RecordFlag.Continues | RecordFlag.Partial)) === 0;
    const id = id32 >= 0 ? id32 : nums[NUMS_PER_RECORD * k + RecordNumber.GoroutineId]!;
    const parent =
      parent32 === RecordId.None
        ? null
        : parent32 === RecordId.Wide
          ? nums[NUMS_PER_RECORD * k + RecordNumber.ParentId]!
          : parent32;
    if (whole) {
      // A whole goroutine: straight to the sink. Two calls so that the common one passes the
      // int32s themselves (a value that may also be a double would be boxed again).
      const h = headers[headerId]!;
      const createdBy = (flags & RecordFlag.Creator) !== 0 ? frames.createdBy(table.frameAt(creatorId)) : null;
      if (id32 >= 0 && parent32 !== RecordId.Wide)
        g.emitWhole(id32, h.header, h.labels, rec, r, count, createdBy, parent32 === RecordId.None ? null : parent32);
      else g.emitWhole(id, h.header, h.labels, rec, r, count, createdBy, parent);
      r += count;
      continue;
    }
    if ((flags & RecordFlag.Continues) === 0) {
      const h = headers[headerId]!;
      g.start(id, h.header, h.labels);
    }
    for (let i = 0; i < count; i++) g.pushFrame(table.frameAt(rec[r + i]!));
    r += count;
    after = AfterRecords.InGoroutine;
    if ((flags & RecordFlag.Creator) !== 0) {
      g.setCreator(frames.createdBy(table.frameAt(creatorId)), parent);
      after = AfterRecords.AfterCreator;
    }
    if ((flags & RecordFlag.Partial) === 0) {
      g.end();
      after = AfterRecords.Outside;
    }
  }
  return after;
}
