// An open-addressing table from a pair of 32-bit hashes to a small integer, in typed arrays: the
// parser looks a frame up once per traceback line (1.4 million times for the 100k dump), and a
// Map keyed by a 53-bit number allocates a heap number per lookup. Both hashes must agree, so a
// wrong match needs a 64-bit collision.

const EMPTY = -1;

export class HashIndex {
  private mask: number;
  private h1s: Int32Array;
  private h2s: Int32Array;
  private values: Int32Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.mask = cap - 1;
    this.h1s = new Int32Array(cap);
    this.h2s = new Int32Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
  }

  /** The value stored for (h1, h2), or -1. */
  get(h1: number, h2: number): number {
    const mask = this.mask;
    let i = mix(h1) & mask;
    for (;;) {
      const v = this.values[i]!;
      if (v === EMPTY) return EMPTY;
      if (this.h1s[i] === (h1 | 0) && this.h2s[i] === (h2 | 0)) return v;
      i = (i + 1) & mask;
    }
  }

  /** Store a non-negative value for (h1, h2), which must not be present yet. */
  set(h1: number, h2: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.insert(h1 | 0, h2 | 0, value);
    this.size++;
  }

  private insert(h1: number, h2: number, value: number): void {
    const mask = this.mask;
    let i = mix(h1) & mask;
    while (this.values[i] !== EMPTY) i = (i + 1) & mask;
    this.h1s[i] = h1;
    this.h2s[i] = h2;
    this.values[i] = value;
  }

  private grow(): void {
    const { h1s, h2s, values } = this;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.h1s = new Int32Array(cap);
    this.h2s = new Int32Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
    for (let i = 0; i < values.length; i++) if (values[i] !== EMPTY) this.insert(h1s[i]!, h2s[i]!, values[i]!);
  }
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}
