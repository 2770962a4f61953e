// What the debug=2 parser makes of frame lines that are not quite right, so that a damaged line
// costs a warning and the part of a frame it held rather than the rest of the goroutine: a
// function name read back from a line cut in its arguments, a file line without a usable line
// number, and a byte search for headers behind a log prefix.

const SPACE = 0x20;
const COLON = 0x3a;

/** The largest line number Go prints (an int32). */
export const MAX_LINE_NUMBER = 0x7fffffff;

/** `functionName`'s verdicts. */
export const enum NameCheck {
  /** Empty, or whitespace in it: prose, not a function. */
  None,
  Name,
  /** A name with control bytes: Go prints none, but what is there is kept (and shown escaped). */
  WithControls,
}

/** Whether `buf[s, e)` is a function name as the runtime prints one: not empty, no whitespace. */
export function functionName(buf: Uint8Array, s: number, e: number): NameCheck {
  if (e <= s) return NameCheck.None;
  let controls = false;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (c <= SPACE || c === 0x7f) {
      if (c === SPACE || c === 0x09) return NameCheck.None;
      controls = true;
    }
  }
  return controls ? NameCheck.WithControls : NameCheck.Name;
}

/** A function name (with or without control bytes). */
export function isFunctionName(buf: Uint8Array, s: number, e: number): boolean {
  return functionName(buf, s, e) !== NameCheck.None;
}

/**
 * The function of a line that should have been a function line but is not one (cut in its
 * arguments: `main.serve(0xc000`), from the text before its argument list's `(` (one not after
 * a `.`, which opens a receiver: `net/http.(*conn).serve`); `?` when no name can be read.
 */
export function recoverFunctionName(text: string): string {
  let at = -1;
  for (let i = text.length - 1; i > 0; i--) {
    if (text.charCodeAt(i) === 0x28 && text.charCodeAt(i - 1) !== 0x2e) {
      at = i;
      break;
    }
  }
  const name = at < 0 ? text : text.slice(0, at);
  return name !== '' && !/[ \t]/.test(name) ? name : '?';
}

/** What a file line without a readable line number still says. */
export interface DamagedFileLine {
  readonly file: string;
  /** The line number is there but does not fit an int32 (or has more digits than a number has). */
  readonly overflow: boolean;
  readonly inlined: boolean;
}

/**
 * Whether `buf[t, e)` (the line's text after its indentation, which started at `s`) is meant as a
 * file line: it was indented as one, or starts with a path, or names a Go file. A log line that
 * fell between a function line and its file line is none of these.
 */
export function looksLikeFileLine(buf: Uint8Array, s: number, t: number, e: number): boolean {
  if (t === e || buf[e - 1] === 0x29 /* ) */) return false;
  if (t > s || buf[t] === 0x2f /* / */) return true;
  return findAscii(buf, t, e, '.go') >= 0;
}

/**
 * A file line whose line number is missing or unusable: the file (up to its `:N` or ` +0x…`) and
 * why; the caller has checked that `buf[t, e)` looks like a file line and does not parse as one.
 */
export function damagedFileLine(text: string): DamagedFileLine {
  const plus = text.indexOf(' +0x');
  const inlined = plus < 0;
  let path = (inlined ? text : text.slice(0, plus)).trimEnd();
  const sp = path.indexOf(' fp=');
  if (sp >= 0) path = path.slice(0, sp);
  const m = /:(\d+)$/.exec(path);
  if (m !== null) return { file: path.slice(0, m.index), overflow: true, inlined };
  return { file: path, overflow: false, inlined };
}

/** The first index of the ASCII `needle` in `buf[s, e)`, or -1. */
export function findAscii(buf: Uint8Array, s: number, e: number, needle: string): number {
  const n = needle.length;
  const first = needle.charCodeAt(0);
  outer: for (let i = s; i + n <= e; i++) {
    if (buf[i] !== first) continue;
    for (let k = 1; k < n; k++) if (buf[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

/** `buf[s, e)` ends with the ASCII `suffix`. */
export function endsWithAscii(buf: Uint8Array, s: number, e: number, suffix: string): boolean {
  const n = suffix.length;
  if (e - s < n) return false;
  for (let k = 0; k < n; k++) if (buf[e - n + k] !== suffix.charCodeAt(k)) return false;
  return true;
}

/** The line ends with a colon: a goroutine header or a race report's section title may be on it. */
export function endsWithColon(buf: Uint8Array, e: number): boolean {
  return buf[e - 1] === COLON;
}
