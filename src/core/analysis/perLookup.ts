// One cache per analysis: source facts are memoised by SourceLookup (one per analysis and set of
// source roots), so entries read under one root are never seen by another.
import type { SourceLookup } from '../source/sourceLookup';

/** The cache of one analysis (one SourceLookup each): another source root never sees its entries. */
export function perLookup<V>(caches: WeakMap<SourceLookup, V>, lookup: SourceLookup, make: () => NoInfer<V>): V {
  let c = caches.get(lookup);
  if (c === undefined) {
    c = make();
    caches.set(lookup, c);
  }
  return c;
}
