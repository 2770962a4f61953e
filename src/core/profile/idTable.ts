// Lookup of profile records by their uint64 id during decoding.

/** Ids are usually 1..n; a dense array beats a Map, but only when the ids are not sparse. */
export class IdTable<T> {
  private readonly dense: (T | undefined)[] = [];
  private readonly sparse = new Map<number, T>();
  private readonly denseLimit: number;

  constructor(count: number) {
    this.denseLimit = count * 4 + 1024;
  }

  get(id: number): T | undefined {
    return id < this.denseLimit ? this.dense[id] : this.sparse.get(id);
  }

  set(id: number, value: T): void {
    if (id < this.denseLimit) this.dense[id] = value;
    else this.sparse.set(id, value);
  }
}
