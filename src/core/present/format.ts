// The one way every view (tree, webview, editor decorations, status bar) prints a number of things,
// a wait, a size or a value of a profile, so the same group never reads two ways in two places.

/** A wait range in whole minutes, [min, max] over a group (goroutines without `N minutes` count as 0). */
export type WaitRange = readonly [number, number];

/**
 * `1,234`: grouped the same way in every locale, as the tests and screenshots read it. Integers
 * are grouped by hand: a page's first toLocaleString loads the locale's data (~15 ms of the heap
 * page's first paint in a fresh webview); the rest (fractions, -0) goes through it.
 */
export function numberText(n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
  return n.toLocaleString('en-US');
}

/** `1 goroutine`, `1,234 goroutines`: `word` is the singular and takes an `s` otherwise. */
export function countText(n: number, word: string, plural = `${word}s`): string {
  return `${numberText(n)} ${n === 1 ? word : plural}`;
}

/** `< 1 min` for 0 (the runtime prints no minutes below one), else `N min`. */
export function minutesText(minutes: number): string {
  return minutes === 0 ? '< 1 min' : `${minutes} min`;
}

/** `5 min` when both ends agree, else `2–5 min`. */
export function minuteSpanText(lo: number, hi: number): string {
  return lo === hi ? minutesText(hi) : `${lo}–${hi} min`;
}

export interface WaitRangeOptions {
  /**
   * `span` (default): the group's own range, `2–5 min`. `upTo`: the longest wait only, `up to 5 min`,
   * where one line stands for several groups whose ranges would not read as one.
   */
  readonly style?: 'span' | 'upTo';
}

/**
 * How long a group has waited, or null when nothing is known to be past a minute: no goroutine
 * printed `N minutes` (debug=1, proto, or all under a minute), so "0 min" would claim too much.
 */
export function waitRangeText(range: WaitRange | null, options: WaitRangeOptions = {}): string | null {
  if (!range || range[1] === 0) return null;
  const [lo, hi] = range;
  return options.style === 'upTo' ? `up to ${minutesText(hi)}` : minuteSpanText(lo, hi);
}

/** The widest range over several groups (one decorated line); null when none has one. */
export function mergeWaitRanges(ranges: readonly (WaitRange | null)[]): WaitRange | null {
  let merged: [number, number] | null = null;
  for (const r of ranges) {
    if (!r) continue;
    merged = merged ? [Math.min(merged[0], r[0]), Math.max(merged[1], r[1])] : [r[0], r[1]];
  }
  return merged;
}

/** `512 B`, `3.4 KiB`, `12.0 MiB`: binary units with one decimal, short enough for a table cell. */
export function bytesText(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1048576) return `${(n / 1048576).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** `3.4 MiB`, `120 MiB`: progress through large inputs, in one unit so the numbers can be compared. */
export function mebibytesText(n: number): string {
  return `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MiB`;
}

/** A value of a profile's sample type: bytes as sizes, anything else (objects, goroutines) as a number. */
export function sampleValueText(n: number, unit: string): string {
  return unit === 'bytes' ? bytesText(n) : numberText(n);
}

/** What a suspect group holds, in every view the same: `holds ≈ 18.8 MiB in 75 objects`. */
export function heldText(held: { readonly bytes: number; readonly objects: number }): string {
  return `holds ≈ ${bytesText(held.bytes)} in ${countText(held.objects, 'object')}`;
}

/** Its goroutines' own stacks, which no profile measures: `≈ 80.0 KiB of stacks (estimate)`. */
export function stacksEstimateText(bytes: number): string {
  return `≈ ${bytesText(bytes)} of stacks (estimate)`;
}
