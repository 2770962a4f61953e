// pprof labels compared as values: `{route: x}` from a Go 1.27 header equals `{"route":"x"}` from debug=1.
import type { Labels } from '../model/goroutine';

/** Labels as a canonical string (keys sorted); '' for no labels. */
export function canonicalLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  keys.sort();
  return JSON.stringify(keys.map((k) => [k, labels[k]]));
}

/** `route=/slow-select, tenant=a` for sentences. */
export function formatLabels(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(', ');
}
