// The bracket of a debug=2 goroutine header, `[select (scan), 2 minutes, locked to thread]`,
// split into wait state, minutes and flags. Parsed once per distinct bracket text (a dump has a
// few hundred), then looked up by a hash of its bytes.
import type { GoroutineFlags } from '../model/goroutine';

export interface HeaderInfo {
  /** Wait reason without flag suffixes. */
  readonly state: string;
  readonly waitMinutes: number | null;
  readonly flags: GoroutineFlags;
}

// Suffixes the runtime appends to the wait reason; `(nil chan)` and `(no cases)` are part of it.
const FLAG_SUFFIXES = [' (scan)', ' (leaked)', ' (durable)', ' (synctest)'];

export function parseHeaderBracket(text: string): HeaderInfo {
  const parts = text.split(', ');
  let state = parts[0]!;
  let scan = false;
  let leaked = false;
  let durable = false;
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of FLAG_SUFFIXES) {
      if (state.endsWith(suffix)) {
        state = state.slice(0, -suffix.length);
        if (suffix === ' (scan)') scan = true;
        else if (suffix === ' (leaked)') leaked = true;
        else durable = true;
        changed = true;
      }
    }
  }
  let waitMinutes: number | null = null;
  let lockedToThread = false;
  let syncTestBubble: number | null = null;
  const unknown: string[] = [];
  for (const p of parts.slice(1)) {
    let m: RegExpMatchArray | null;
    if ((m = /^(\d+) minutes?$/.exec(p)) !== null) waitMinutes = Number(m[1]);
    else if (p === 'locked to thread') lockedToThread = true;
    else if ((m = /^synctest bubble (\d+)$/.exec(p)) !== null) syncTestBubble = Number(m[1]);
    else unknown.push(p);
  }
  // A part we do not know is kept in the state rather than dropped: a later Go may add one.
  if (unknown.length > 0) state = [state, ...unknown].join(', ');
  return { state, waitMinutes, flags: { leaked, lockedToThread, scan, durable, syncTestBubble } };
}
