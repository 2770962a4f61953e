// Interning of frames and stacks for one parse: equal frames are one object and equal stacks are
// one Stack, so 100k goroutines on 2k stacks cost 2k Stack objects. Parsers of every format
// (debug=2 bytes, debug=1 text, protobuf samples) share it, which is also what lets a merge
// compare stacks from different inputs by identity of their frames' text.
import type { Frame, Stack } from '../model/goroutine';

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
  private readonly stacksByHash = new Map<number, TableStack | TableStack[]>();

  get frameCount(): number {
    return this.frameList.length;
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
    let h1 = 0x9e3779b9 ^ elidedFrames;
    let h2 = truncated ? 7 : 3;
    for (let i = 0; i < count; i++) {
      const x = frames[i]!.index;
      h1 = Math.imul(h1 ^ x, 0x01000193);
      h2 = (Math.imul(h2, 0x5bd1e995) + x) | 0;
    }
    const key = (h1 >>> 0) * 0x200000 + ((h2 ^ count) & 0x1fffff);
    const found = this.stacksByHash.get(key);
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (sameStack(found, frames, count, elidedFrames, truncated)) return found;
      } else {
        for (const s of found) if (sameStack(s, frames, count, elidedFrames, truncated)) return s;
      }
    }
    const stack: TableStack = {
      id: this.stacks.length,
      frames: frames.slice(0, count),
      elidedFrames,
      truncated,
    };
    this.stacks.push(stack);
    if (found === undefined) this.stacksByHash.set(key, stack);
    else if (Array.isArray(found)) found.push(stack);
    else this.stacksByHash.set(key, [found, stack]);
    return stack;
  }
}

function sameStack(s: TableStack, frames: readonly TableFrame[], count: number, elided: number, truncated: boolean): boolean {
  if (s.frames.length !== count || s.elidedFrames !== elided || s.truncated !== truncated) return false;
  for (let i = 0; i < count; i++) if (s.frames[i] !== frames[i]) return false;
  return true;
}
