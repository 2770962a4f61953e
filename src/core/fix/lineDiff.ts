// A line diff (Myers' O(ND) algorithm) for turning a formatted file back into minimal edits and
// for printing unified diffs. The common head and tail are trimmed first: fixes change a few lines
// of a file, so the search runs over the changed middle only.

export interface LineHunk {
  /** 0-based first line in the old text, and how many old lines are replaced. */
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/** Runs of changed lines between `a` and `b`, in order. */
export function diffLines(a: readonly string[], b: readonly string[]): LineHunk[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  return myers(x, y).map((h) => ({ ...h, oldStart: h.oldStart + head, newStart: h.newStart + head }));
}

function myers(a: readonly string[], b: readonly string[]): LineHunk[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0) return [{ oldStart: 0, oldCount: n, newStart: 0, newCount: m }];
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the trace to the edit script, then merge adjacent edits into hunks.
  const ops: ('=' | '-' | '+')[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1]! < vd[max + k + 1]!) ? k + 1 : k - 1;
    const prevX = vd[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('=');
      x--;
      y--;
    }
    if (x === prevX) {
      ops.push('+');
      y--;
    } else {
      ops.push('-');
      x--;
    }
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    x--;
    y--;
  }
  ops.reverse();
  const hunks: LineHunk[] = [];
  let ai = 0;
  let bi = 0;
  let cur: { oldStart: number; oldCount: number; newStart: number; newCount: number } | null = null;
  for (const op of ops) {
    if (op === '=') {
      if (cur) hunks.push(cur);
      cur = null;
      ai++;
      bi++;
      continue;
    }
    cur ??= { oldStart: ai, oldCount: 0, newStart: bi, newCount: 0 };
    if (op === '-') {
      cur.oldCount++;
      ai++;
    } else {
      cur.newCount++;
      bi++;
    }
  }
  if (cur) hunks.push(cur);
  return hunks;
}

/** Splits into lines keeping a final empty line when the text ends with a newline. */
export function splitLines(text: string): string[] {
  return text.split('\n');
}
