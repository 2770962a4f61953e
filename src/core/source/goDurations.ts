// Constant durations in Go source (`30 * time.Minute`), exact or as a lower bound.
import type { Node } from 'web-tree-sitter';

/** A constant duration such as `30 * time.Minute` or `500 * time.Millisecond`, in ms; null otherwise. */
export function durationMs(n: Node): number | null {
  const UNITS: Record<string, number> = {
    'time.Nanosecond': 1e-6,
    'time.Microsecond': 1e-3,
    'time.Millisecond': 1,
    'time.Second': 1e3,
    'time.Minute': 60e3,
    'time.Hour': 3600e3,
  };
  switch (n.type) {
    case 'int_literal':
    case 'float_literal': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isFinite(v) ? v * 1e-6 : null; // a bare number is nanoseconds
    }
    case 'selector_expression':
      return UNITS[n.text] ?? null;
    case 'parenthesized_expression':
      return n.firstNamedChild ? durationMs(n.firstNamedChild) : null;
    case 'binary_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text;
      if (!l || !r || op !== '*') return null;
      const lv = numberOrDuration(l);
      const rv = numberOrDuration(r);
      if (lv === null || rv === null) return null;
      // One side is a unit (ms), the other a plain count.
      if (lv.unit && !rv.unit) return lv.value * rv.value;
      if (rv.unit && !lv.unit) return lv.value * rv.value;
      return null;
    }
    case 'call_expression': {
      // time.Duration(n) * time.Second is handled by the binary case; a lone conversion is ns.
      const arg = n.childForFieldName('arguments')?.firstNamedChild;
      return n.childForFieldName('function')?.text === 'time.Duration' && arg ? durationMs(arg) : null;
    }
    default:
      return null;
  }
}

function numberOrDuration(n: Node): { value: number; unit: boolean } | null {
  if (n.type === 'int_literal' || n.type === 'float_literal') {
    const v = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(v) ? { value: v, unit: false } : null;
  }
  const d = durationMs(n);
  return d === null ? null : { value: d, unit: true };
}

/**
 * A lower bound of a duration expression in ms, taking unknown factors of a product as at least 1:
 * `time.Duration(attempt+1) * 10 * time.Minute` ≥ 10 minutes. Null when no unit is known.
 */
export function durationLowerBoundMs(n: Node): number | null {
  if (!UNIT_TEXT.test(n.text)) return null;
  const exact = durationMs(n);
  if (exact !== null) return exact;
  if (n.type === 'parenthesized_expression') return n.firstNamedChild ? durationLowerBoundMs(n.firstNamedChild) : null;
  if (n.type !== 'binary_expression' || n.childForFieldName('operator')?.text !== '*') return null;
  const l = n.childForFieldName('left');
  const r = n.childForFieldName('right');
  if (!l || !r) return null;
  const [unit, factor] = UNIT_TEXT.test(l.text) ? [l, r] : [r, l];
  if (UNIT_TEXT.test(factor.text)) return null;
  const u = durationLowerBoundMs(unit);
  return u === null ? null : u * (constantFactor(factor) ?? lowerBoundFactor(factor));
}

const UNIT_TEXT = /\btime\.(Nanosecond|Microsecond|Millisecond|Second|Minute|Hour)\b/;

/** A product of literals and unknowns without units, each unknown taken as 1. */
function lowerBoundFactor(n: Node): number {
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '*') {
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    return (l ? (constantFactor(l) ?? lowerBoundFactor(l)) : 1) * (r ? (constantFactor(r) ?? lowerBoundFactor(r)) : 1);
  }
  if (n.type === 'parenthesized_expression' && n.firstNamedChild)
    return constantFactor(n.firstNamedChild) ?? lowerBoundFactor(n.firstNamedChild);
  return 1;
}

/** An integer literal factor, or null (an unknown count, assumed ≥ 1 by the caller). */
function constantFactor(n: Node): number | null {
  if (n.type !== 'int_literal' && n.type !== 'float_literal') return null;
  const v = Number(n.text.replace(/_/g, ''));
  return Number.isFinite(v) && v >= 1 ? v : null;
}
