// Interning of frames and stacks for one parse: equal frames are one object and equal stacks are
// one Stack, so 100k goroutines on 2k stacks cost 2k Stack objects. Parsers of every format
// (debug=2 bytes, debug=1 text, protobuf samples) share it, which is also what lets a merge
// compare stacks from different inputs by identity of their frames' text.
import type { Frame, Stack } from '../model/goroutine';
import { HashIndex } from './hashIndex';

/** A Frame with its index in the table (for hashing stacks); still a plain `Frame` to readers. */
export interface TableFrame extends Frame {
  readonly index: number;
}

interface TableStack extends Stack {
  readonly frames: readonly TableFrame[];
}

export class StackTable {
  readonly stacks: Stack[] = [];
  private readonly framesByText = new Map<string, TableFrame>();
  private readonly frameList: TableFrame[] = [];
  private readonly tableStacks: TableStack[] = [];
  // Stack hashes → the first stack with them, in typed arrays: a Map keyed by a 53-bit number
  // boxed the key on each of the 100k lookups of a large dump. Other stacks with the same two
  // hashes (a 64-bit collision: never seen, but possible) are listed under the first one's id.
  private readonly stackIndex = new HashIndex(1024);
  private readonly sameHashes = new Map<number, TableStack[]>();
  /** Frame indexes of the stack being interned by `stack`. */
  private scratch = new Int32Array(128);

  get frameCount(): number {
    return this.frameList.length;
  }

  /** The frame with this `index`. */
  frameAt(index: number): TableFrame {
    return this.frameList[index]!;
  }

  /** The interned frame for this text (creates it on first sight). */
  frame(fn: string, file: string, line: number, inlined: boolean): TableFrame {
    const key = `${fn}\n${file}\n${line}\n${inlined ? 1 : 0}`;
    let f = this.framesByText.get(key);
    if (f === undefined) {
      f = { function: fn, file, line, inlined, index: this.frameList.length };
      this.frameList.push(f);
      this.framesByText.set(key, f);
    }
    return f;
  }

  /** The interned stack of these frames (innermost first). `frames` is copied only when new. */
  stack(frames: readonly TableFrame[], count: number, elidedFrames: number, truncated: boolean): Stack {
    if (this.scratch.length < count) this.scratch = new Int32Array(Math.max(count, 2 * this.scratch.length));
    const ids = this.scratch;
    for (let i = 0; i < count; i++) ids[i] = frames[i]!.index;
    return this.stackOfIndexes(ids, 0, count, elidedFrames, truncated);
  }

  /**
   * The interned stack of the frames with these indexes, `ids[start, start + count)` (the
   * WebAssembly scanner's records): no frame objects are touched unless the stack is new.
   */
  stackOfIndexes(ids: Int32Array, start: number, count: number, elidedFrames: number, truncated: boolean): Stack {
    let h1 = 0x9e3779b9 ^ elidedFrames;
    let h2 = truncated ? 7 : 3;
    for (let i = 0; i < count; i++) {
      const x = ids[start + i]!;
      h1 = Math.imul(h1 ^ x, 0x01000193);
      h2 = (Math.imul(h2, 0x5bd1e995) + x) | 0;
    }
    h2 ^= Math.imul(count, 0x9e3779b1);
    const first = this.stackIndex.get(h1, h2);
    if (first >= 0) {
      const s = this.tableStacks[first]!;
      if (sameIndexes(s, ids, start, count, elidedFrames, truncated)) return s;
      const more = this.sameHashes.get(first);
      if (more !== undefined)
        for (const m of more) if (sameIndexes(m, ids, start, count, elidedFrames, truncated)) return m;
    }
    const frames: TableFrame[] = [];
    for (let i = 0; i < count; i++) frames.push(this.frameList[ids[start + i]!]!);
    return this.newStack(frames, elidedFrames, truncated, first, h1, h2);
  }

  private newStack(
    frames: TableFrame[],
    elidedFrames: number,
    truncated: boolean,
    first: number,
    h1: number,
    h2: number,
  ): Stack {
    const stack: TableStack = { id: this.stacks.length, frames, elidedFrames, truncated };
    this.stacks.push(stack);
    this.tableStacks.push(stack);
    if (first < 0) this.stackIndex.set(h1, h2, stack.id);
    else {
      const more = this.sameHashes.get(first);
      if (more === undefined) this.sameHashes.set(first, [stack]);
      else more.push(stack);
    }
    return stack;
  }
}

function sameIndexes(
  s: TableStack,
  ids: Int32Array,
  start: number,
  count: number,
  elided: number,
  truncated: boolean,
): boolean {
  if (s.frames.length !== count || s.elidedFrames !== elided || s.truncated !== truncated) return false;
  for (let i = 0; i < count; i++) if (s.frames[i]!.index !== ids[start + i]) return false;
  return true;
}
