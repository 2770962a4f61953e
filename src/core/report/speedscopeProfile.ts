// A snapshot's stacks in speedscope's file format (https://www.speedscope.app/file-format-schema.json),
// which speedscope and the Firefox Profiler open: one sampled profile, one sample per group with
// its stack root first, weighted by the group's goroutine count.
import type { GoroutineSnapshot } from '../model/goroutine';

export interface SpeedscopeFrame {
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
}

export interface SpeedscopeFile {
  readonly $schema: 'https://www.speedscope.app/file-format-schema.json';
  readonly shared: { readonly frames: SpeedscopeFrame[] };
  readonly profiles: {
    readonly type: 'sampled';
    readonly name: string;
    readonly unit: 'none';
    readonly startValue: number;
    readonly endValue: number;
    readonly samples: number[][];
    readonly weights: number[];
  }[];
  readonly name: string;
  readonly activeProfileIndex: number;
  readonly exporter: string;
}

export function speedscopeProfile(snapshot: GoroutineSnapshot, name: string, exporter: string): SpeedscopeFile {
  const frames: SpeedscopeFrame[] = [];
  const index = new Map<string, number>();
  const frameIndex = (f: SpeedscopeFrame) => {
    const key = `${f.name}\n${f.file ?? ''}\n${f.line ?? 0}`;
    let i = index.get(key);
    if (i === undefined) {
      i = frames.length;
      frames.push(f);
      index.set(key, i);
    }
    return i;
  };
  const samples: number[][] = [];
  const weights: number[] = [];
  let total = 0;
  for (const g of snapshot.groups) {
    const stack = g.stack.frames.map((f) =>
      frameIndex({ name: f.function, ...(f.file ? { file: f.file } : {}), ...(f.line > 0 ? { line: f.line } : {}) }),
    );
    // speedscope reads a sample from the root of the call stack to its leaf; Go prints innermost first.
    samples.push(stack.reverse());
    weights.push(g.count);
    total += g.count;
  }
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    profiles: [
      { type: 'sampled', name: `goroutines: ${name}`, unit: 'none', startValue: 0, endValue: total, samples, weights },
    ],
    name,
    activeProfileIndex: 0,
    exporter,
  };
}
