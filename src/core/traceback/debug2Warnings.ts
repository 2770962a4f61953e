// The texts of the warnings the debug=2 parser gives for what it could not read: each names the
// goroutine and says what was kept, so a reader of a damaged dump knows what the figures miss.
import { escapeControls } from '../text/terminalText';
import { RACE_FENCE } from './raceReportLines';

/** net/http/pprof stops debug=2 output at exactly this many bytes (writeGoroutineStacks). */
const PPROF_DEBUG2_LIMIT = 64 << 20;

export const CONTROL_CHARACTERS_IN_NAMES =
  'function names hold control characters, which Go never prints; they are kept and shown escaped';

export const HIDDEN_RACE_SECTION =
  'a section of the race report that is not shown (only accesses and where their goroutines were created are)';

/** A name quoted in a message: cut, controls escaped. */
export function quoted(text: string): string {
  return `"${escapeControls(text.length > 120 ? text.slice(0, 120) + '…' : text)}"`;
}

export function unclosedRaceReportWarning(reportLine: number): string {
  return `the input ends inside the race report of line ${reportLine} (no closing "${RACE_FENCE}"); it may be incomplete`;
}

export function nulLinesWarning(count: number): string {
  return `${count} line(s) contain NUL bytes and were skipped`;
}

export function unprefixedLinesWarning(count: number, prefix: string): string {
  return `${count} line(s) without the prefix ${quoted(prefix)} of the dump's lines were skipped as noise`;
}

export function badLabelsWarning(goroutineId: number): string {
  return `cannot read the labels of goroutine ${goroutineId}; they are ignored`;
}

/** `creator`: the function still readable on the cut line, or null when none is. */
export function creatorCutShortWarning(goroutineId: number, creator: string | null): string {
  return (
    `the "created by" line of goroutine ${goroutineId} is cut short` +
    (creator !== null
      ? `; its creator ${quoted(creator)} is kept without its parent goroutine`
      : '; its creator is unknown')
  );
}

/** `inputBytes`: the size of the whole input (only an input of exactly net/http/pprof's limit was cut by it). */
export function cutInputWarning(goroutineId: number, inputBytes: number): string {
  // Anything else was cut or damaged on its way here.
  const pprof =
    inputBytes === PPROF_DEBUG2_LIMIT
      ? '. net/http/pprof stops debug=2 output at 64 MiB: capture with runtime.Stack or a smaller process for the full dump'
      : '';
  return `the input ends in the middle of goroutine ${goroutineId}; its stack is incomplete${pprof}`;
}

export function frameWithoutFileLineWarning(fn: string, goroutineId: number): string {
  return `the frame ${quoted(fn)} of goroutine ${goroutineId} has no file line; expected "file.go:LINE +0xOFFSET" after it; the frame is kept without its file`;
}

export function junkBetweenFramesWarning(count: number, goroutineId: number): string {
  return `${count} line(s) that are no part of a traceback interrupt goroutine ${goroutineId} between frames; skipped`;
}

/** `fn`: the name read back from the damaged line, or `?`. */
export function unreadableFunctionLineWarning(goroutineId: number, fn: string): string {
  return (
    `cannot read the function line of a frame of goroutine ${goroutineId}; expected "package.Function(arguments)"` +
    (fn === '?' ? '; the frame is kept without its function' : `; kept as ${fn}`)
  );
}

export function fileLineWithoutFunctionWarning(goroutineId: number): string {
  return `a file line without its function line in goroutine ${goroutineId}; the frame is kept without its function`;
}

/** `overflow`: the line number is there but does not fit in 32 bits. */
export function damagedFrameLineWarning(fn: string, goroutineId: number, overflow: boolean): string {
  return overflow
    ? `the line number of ${quoted(fn)} (goroutine ${goroutineId}) does not fit in 32 bits; the frame is kept without its line`
    : `cannot read the line number in the file line of ${quoted(fn)} (goroutine ${goroutineId}); expected "file.go:LINE +0xOFFSET"; the frame is kept without its line`;
}

export function damagedCreatorLineWarning(goroutineId: number, overflow: boolean): string {
  return overflow
    ? `the line number of the creator of goroutine ${goroutineId} does not fit in 32 bits; it is kept without its line`
    : `cannot read the line number of the creator of goroutine ${goroutineId}; expected "file.go:LINE +0xOFFSET"`;
}

export function creatorWithoutFileLineWarning(goroutineId: number): string {
  return `the "created by" line of goroutine ${goroutineId} has no file line after it; the creator is kept without its file`;
}
