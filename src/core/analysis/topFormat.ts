// How `go tool pprof -top` prints values and percentages, so `goroutine-inspector top` reads the
// same: google/pprof's internal/measurement (units by type: bytes B…PB, time ns…hrs, GCU; any
// other unit printed after the number, and count, sample or unit printed bare) and report's
// selectOutputUnit (one unit for the whole table: that of the smallest non-zero value, moved up
// one step when the total would need a larger one and the smallest is under 1% of it).
import type { Profile } from '../model/profile';
import { escapeControls } from '../text/terminalText';
import type { TopEntry } from './top';

interface Unit {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly factor: number;
}

const UNIT_TYPES: readonly (readonly Unit[])[] = [
  [
    { name: 'B', aliases: ['b', 'byte'], factor: 1 },
    { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
    { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
    { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
    { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
    { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
  ],
  [
    { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
    { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
    { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
    { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
    { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
  ],
  [
    { name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
    { name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
    { name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
    { name: 'GCU', aliases: ['gcu'], factor: 1 },
    { name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
    { name: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
    { name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
    { name: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
    { name: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
  ],
];
/** Each type's default unit (bytes, seconds, GCU): what a value is shown in when asked for no known unit. */
const DEFAULTS = ['B', 's', 'GCU'];

/** measurement's sniffUnit: lower case, a plural `s` dropped (`nanoseconds` → `nanosecond`). */
function sniff(units: readonly Unit[], unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return units.find((x) => x.aliases.includes(u));
}

/** measurement.Scale: `value` in `from` as a number of `to` ("minimum": the largest unit ≥ 1) and that unit. */
export function scale(value: number, from: string, to: string): [number, string] {
  if (value < 0) {
    const [v, u] = scale(-value, from, to);
    return [-v, u];
  }
  for (let t = 0; t < UNIT_TYPES.length; t++) {
    const units = UNIT_TYPES[t]!;
    const f = sniff(units, from);
    if (f === undefined) continue;
    const v = value * f.factor;
    const def = units.find((u) => u.name === DEFAULTS[t])!;
    if (to === 'minimum' || to === 'auto') {
      let best: Unit | undefined;
      for (const u of units) if (v / u.factor >= 1 && (best === undefined || u.factor >= best.factor)) best = u;
      const by = best ?? def;
      return [v / by.factor, by.name];
    }
    const target = sniff(units, to) ?? def;
    return [v / target.factor, target.name];
  }
  return ['count', 'sample', 'unit', 'minimum', 'auto'].includes(to) ? [value, ''] : [value, to];
}

/** Go's `%.Nf`: like toFixed, but an exact tie rounds to even (toFixed rounds it away from zero). */
function goFixed(v: number, decimals: number): string {
  const p = 10 ** decimals;
  const y = v * p;
  if (Number.isFinite(y) && Math.abs(y - Math.trunc(y)) === 0.5 && Math.trunc(y) % 2 === 0)
    return (Math.trunc(y) / p).toFixed(decimals);
  return v.toFixed(decimals);
}

function fixed2(v: number): string {
  return goFixed(v, 2);
}

/** measurement.ScaledLabel: `1.90ms`, `512kB`, `1900` (counts are bare), `0`. */
export function scaledLabel(value: number, from: string, to: string): string {
  const [v, u] = scale(value, from, to);
  let s = fixed2(v);
  if (s.endsWith('.00')) s = s.slice(0, -3);
  return s === '0' || s === '-0' ? '0' : s + u;
}

/** report.selectOutputUnit: the unit of the whole table. */
export function outputUnit(entries: readonly TopEntry[], total: number, sampleUnit: string): string {
  let min = 0;
  for (const e of entries) {
    const m = Math.abs(e.flat) || Math.abs(e.cum);
    if (m > 0 && (min === 0 || m < min)) min = m;
  }
  if (min === 0) min = total;
  const minUnit = scale(min, sampleUnit, 'minimum')[1];
  const maxUnit = scale(total, sampleUnit, 'minimum')[1];
  let unit = minUnit;
  if (minUnit !== maxUnit && min * 100 < total) unit = scale(100 * min, sampleUnit, 'minimum')[1];
  return unit !== '' ? unit : sampleUnit;
}

/** report's computeTotal: the sum of the absolute values of every sample (stacks or not). */
export function profileTotal(profile: Profile, sampleIndex: number): number {
  let total = 0;
  for (const s of profile.samples) total += Math.abs(s.values[sampleIndex] ?? 0);
  return total;
}

/** measurement.Percentage: `65.31%`, `  100%`, ` 0.5%`, `0.012%`. */
export function percentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${fixed2(ratio).padStart(5)}%`;
  return `${goG2(ratio).padStart(5)}%`;
}

/** Go's `%.2g`: two significant digits, trailing zeros dropped, an exponent below 1e-4. */
function goG2(x: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4) {
    const [m, e] = x.toExponential(1).split('e');
    const mant = m!.replace(/\.0$/, '');
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  // Two significant digits: as many decimals as that takes, a tie rounded to even as Go does.
  return String(Number(goFixed(x, Math.max(0, 1 - exp))));
}

/** What the table is of: the sample type, its unit, what percentages divide by, and a diff's base. */
export interface TopHead {
  readonly type: string;
  /** The sample type's unit (`nanoseconds`, `bytes`, `count`). */
  readonly unit: string;
  /** pprof's computeTotal (the base's in a diff). */
  readonly total: number;
  /** The earlier profile of a diff (`top --base`). */
  readonly base?: string;
}

/**
 * The table as `go tool pprof -top` prints it, after a `Type:` (and a diff's `Base:`) and a
 * `Total:` line: one unit for every value (`1.90ms`, `7.70MB`, counts bare), flat%, sum% and
 * cum%, function names escaped.
 */
export function topLines(entries: readonly TopEntry[], head: TopHead): string[] {
  const { type, unit: sampleUnit, total } = head;
  const unit = outputUnit(entries, total, sampleUnit);
  const fmt = (v: number) => scaledLabel(v, sampleUnit, unit);
  const out: string[] = [`Type: ${escapeControls(type)}`];
  if (head.base !== undefined) out.push(`Base: ${escapeControls(head.base)} (values are this profile minus the base)`);
  out.push(`Total: ${fmt(total)}${head.base !== undefined ? ' (the base)' : ''}`);
  out.push(
    `${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`,
  );
  let sum = 0;
  for (const e of entries) {
    sum += e.flat;
    out.push(
      `${fmt(e.flat).padStart(10)} ${percentage(e.flat, total)} ${percentage(sum, total)} ${fmt(e.cum).padStart(10)} ` +
        `${percentage(e.cum, total)}  ${escapeControls(e.function)}`,
    );
  }
  return out;
}
