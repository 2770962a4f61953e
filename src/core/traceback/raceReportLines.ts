// The lines of a race detector report (`go test -race`, `go run -race`), as the race runtime
// (ThreadSanitizer's Go mode, tsan_report.cpp) prints them between `==================` fences:
//   WARNING: DATA RACE
//   Write at 0x00c0000a0010 by goroutine 7:          (an access, then its stack)
//   Previous read at 0x00c0000a0010 by main goroutine:
//   Goroutine 7 (running) created at:                (the stack of its `go` statement)
// Stacks are `  pkg.fn()` / `      file.go:12 +0x44` pairs, which the parser reads like any frames.

/** The main goroutine's id: the race runtime says "main goroutine" for goroutine 1. */
const MAIN_GOROUTINE = 1;

export interface RaceAccessLine {
  readonly access: 'read' | 'write';
  readonly previous: boolean;
  readonly address: string;
  readonly goroutineId: number;
}

export interface RaceCreatedLine {
  readonly goroutineId: number;
  readonly status: 'running' | 'finished';
}

const ACCESS = /^(Previous )?(?:atomic )?(write|read) at (0x[0-9a-f]+) by (?:goroutine (\d+)|main goroutine):$/i;
const CREATED = /^Goroutine (\d+) \((running|finished)\) created at:$/;

export const RACE_HEADER = 'WARNING: DATA RACE';
export const RACE_FENCE = '==================';

/** `Write at 0x… by goroutine 7:` and its variants, or null. */
export function raceAccessLine(text: string): RaceAccessLine | null {
  const m = ACCESS.exec(text);
  if (m === null) return null;
  return {
    previous: m[1] !== undefined,
    access: m[2]!.toLowerCase() === 'write' ? 'write' : 'read',
    address: m[3]!,
    goroutineId: m[4] === undefined ? MAIN_GOROUTINE : Number(m[4]),
  };
}

/** `Goroutine 7 (running) created at:`, or null. */
export function raceCreatedLine(text: string): RaceCreatedLine | null {
  const m = CREATED.exec(text);
  return m === null ? null : { goroutineId: Number(m[1]), status: m[2] === 'running' ? 'running' : 'finished' };
}

/** The state the analysis and views show for an access: `race: write by goroutine 7`. */
export function raceStateText(a: RaceAccessLine): string {
  const who = a.goroutineId === MAIN_GOROUTINE ? 'main goroutine' : `goroutine ${a.goroutineId}`;
  return `race: ${a.previous ? 'previous ' : ''}${a.access} by ${who}`;
}
