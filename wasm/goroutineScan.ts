// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` into
// src/core/traceback/goroutineScanWasm.ts. The hot loop of goroutine dump parsing: it reads whole
// plain goroutines (a header, frames of a function line and its file line, `created by`, the
// blank line) eight bytes per step and writes them as records of ids: a header id, frame ids, a
// creator id. It only recognises lines whose exact bytes the JavaScript parser (debug2Parser.ts)
// has read before and filed here under a key; at anything else it stops and hands over, so it
// never decides what a line means.
//
// Keys are 64-bit hashes: a header's bytes after the goroutine id; a frame's function name (up to
// the argument list) and its whole file line (path, line number, PC offset); a creator's name and
// file line. Lengths are mixed in, and each kind has its own seed.
//
// Memory (one page = 64 KiB):
//   [0, WINDOW_CAP + 64)   the bytes being scanned (JavaScript copies them in), padded
//   [RECS, +4 × RECS_CAP)  i32 records: FIELD_FRAMES fields (flags, header id, creator id, frame
//                          count, goroutine id, parent id), then the frame ids
//   [NUMS, +16 × NUMS_CAP) f64 pairs per record: goroutine id, parent id (NaN: none)
//   [TABLE, …)             open addressing: u64 key (0 = empty), i32 id; grows at the end
//
// Every exported constant is the one source of its value: `npm run build:wasm` reads them from the
// compiled module into src/core/traceback/goroutineScanLayout.ts for the JavaScript side.

export const WINDOW_CAP: i32 = 1 << 20;
export const RECS_CAP: i32 = 1 << 16;
export const NUMS_CAP: i32 = 1 << 13;
const RECS: usize = <usize>WINDOW_CAP + 64;
const NUMS: usize = RECS + (<usize>RECS_CAP << 2);
const TABLE: usize = NUMS + (<usize>NUMS_CAP << 4);

/** Why a scan stopped. */
export const STOP_OTHER_LINE: i32 = 0; // a line that is not part of a plain goroutine
export const STOP_UNKNOWN_HEADER: i32 = 1; // a header not in the table: the parser files its key
export const STOP_UNKNOWN_FRAME: i32 = 2; // a frame not in the table: likewise
export const STOP_UNKNOWN_CREATOR: i32 = 3; // a `created by` not in the table: likewise
export const STOP_END: i32 = 4; // the bytes end inside the line
export const STOP_MORE: i32 = 5; // the records are full: take them and scan again

/** Record flags. */
export const FLAG_CONTINUES: i32 = 1; // the goroutine the parser had started (no header here)
export const FLAG_PARTIAL: i32 = 2; // the scan stopped inside it: the parser carries on
export const FLAG_CREATOR: i32 = 4; // its `created by` was read

/** A record's i32 fields; its frame ids follow from FIELD_FRAMES on. */
export const FIELD_FLAGS: i32 = 0;
export const FIELD_HEADER: i32 = 1;
export const FIELD_CREATOR: i32 = 2;
export const FIELD_FRAME_COUNT: i32 = 3;
export const FIELD_GOROUTINE_ID: i32 = 4;
export const FIELD_PARENT_ID: i32 = 5;
export const FIELD_FRAMES: i32 = 6;

/** The i32 id fields hold the id itself, or one of these (ID_WIDE: read the f64 copy in NUMS). */
export const ID_NONE: i32 = -1;
export const ID_WIDE: i32 = -2;

/** The f64 pair per record in NUMS. */
export const NUM_GOROUTINE_ID: i32 = 0;
export const NUM_PARENT_ID: i32 = 1;
export const NUMS_PER_RECORD: i32 = 2;

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;
const NL8: u64 = 0x0a0a0a0a0a0a0a0a;
const LP8: u64 = 0x2828282828282828;
const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xff51afd7ed558ccd;
const K3: u64 = 0xc4ceb9fe1a85ec53;
const SEED_NAME: u64 = 0x243f6a8885a308d3;
const SEED_FILE: u64 = 0x13198a2e03707344;
const SEED_HEADER: u64 = 0xa4093822299f31d0;
const SEED_CREATOR: u64 = 0x082efa98ec4e6c89;

let tableMask: u32 = 0;
let tableSize: u32 = 0;
let pendingKey: u64 = 0;
// Results of the last scan.
let stopAt: i32 = 0;
let recordCount: i32 = 0;
let lineCount: i32 = 0;
// The record being written: where it starts in RECS, and the next free i32.
let rec: usize = 0;
let out: usize = 0;

/** Bytes of `w` equal to the byte repeated in `rep`: the high bit of each such byte is set (the lowest one exactly). */
@inline function bytesEqual(w: u64, rep: u64): u64 {
  const x = w ^ rep;
  return (x - ONES) & ~x & HIGHS;
}

@inline function mix(h: u64, w: u64): u64 {
  return rotl<u64>((h ^ w) * K1, 31);
}

@inline function finish(h: u64): u64 {
  h ^= h >> 33;
  h *= K2;
  h ^= h >> 33;
  h *= K3;
  h ^= h >> 33;
  return h;
}

/** The low `n` bytes of `w` (0 ≤ n < 8). */
@inline function low(w: u64, n: usize): u64 {
  return w & ((<u64>1 << (<u64>n << 3)) - 1);
}

// ---- the table -------------------------------------------------------------------------------

/** Set up (or empty) the table with room for `capacity` keys (a power of two). */
export function reset(capacity: i32): void {
  const bytes = <usize>capacity << 4;
  ensureMemory(TABLE + bytes);
  memory.fill(TABLE, 0, bytes);
  tableMask = <u32>capacity - 1;
  tableSize = 0;
}

function ensureMemory(bytes: usize): void {
  const need = <i32>((bytes + 0xffff) >> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
}

function lookup(key: u64): i32 {
  let i = <u32>key & tableMask;
  while (true) {
    const slot = TABLE + (<usize>i << 4);
    const k = load<u64>(slot);
    if (k == key) return load<i32>(slot, 8);
    if (k == 0) return -1;
    i = (i + 1) & tableMask;
  }
  return -1;
}

function insert(key: u64, id: i32): void {
  let i = <u32>key & tableMask;
  while (true) {
    const slot = TABLE + (<usize>i << 4);
    const k = load<u64>(slot);
    if (k == key) return;
    if (k == 0) {
      store<u64>(slot, key);
      store<i32>(slot, id, 8);
      tableSize++;
      return;
    }
    i = (i + 1) & tableMask;
  }
}

function grow(): void {
  const oldCap = tableMask + 1;
  const oldBytes = <usize>oldCap << 4;
  const newCap = oldCap << 1;
  const newBytes = <usize>newCap << 4;
  // Copy the old table past the new one's end, then re-insert from there.
  const scratch = TABLE + newBytes;
  ensureMemory(scratch + oldBytes);
  memory.copy(scratch, TABLE, oldBytes);
  memory.fill(TABLE, 0, newBytes);
  tableMask = newCap - 1;
  tableSize = 0;
  for (let i: usize = 0; i < oldCap; i++) {
    const slot = scratch + (i << 4);
    const k = load<u64>(slot);
    if (k != 0) insert(k, load<i32>(slot, 8));
  }
}

/** File the key of the header, frame or creator the last scan stopped at under `id`. */
export function addPendingKey(id: i32): void {
  if (pendingKey == 0) return;
  if ((tableSize + 1) << 1 > tableMask + 1) grow();
  insert(pendingKey, id);
  pendingKey = 0;
}

// ---- results ---------------------------------------------------------------------------------

/** Where the last scan stopped: the start of the first line it did not take. */
export function stoppedAt(): i32 {
  return stopAt;
}

export function records(): i32 {
  return recordCount;
}

/** Lines the last scan took (all of them, partial goroutine included). */
export function lines(): i32 {
  return lineCount;
}

export function recordsOffset(): i32 {
  return <i32>RECS;
}

export function numbersOffset(): i32 {
  return <i32>NUMS;
}

// ---- the scan --------------------------------------------------------------------------------

/**
 * An id as the i32 the parser reads without boxing a number: itself below 2^31, -2 above (the
 * parser then reads the f64 copy), -1 for none. Goroutine ids pass 2^31 only in processes that
 * started billions of goroutines.
 */
@inline function smallId(id: f64): i32 {
  if (isNaN(id)) return ID_NONE;
  return id >= 0 && id < 2147483648 ? <i32>id : ID_WIDE;
}

/** Where field `f` of the record at `r` lies. */
@inline function field(r: usize, f: i32): usize {
  return r + (<usize>f << 2);
}

/** Where number `n` of record `k` lies. */
@inline function number(k: i32, n: i32): usize {
  return NUMS + (<usize>(k * NUMS_PER_RECORD) << 3) + (<usize>n << 3);
}

function beginRecord(flags: i32, headerId: i32, goroutineId: f64): void {
  rec = out;
  store<i32>(field(rec, FIELD_FLAGS), flags);
  store<i32>(field(rec, FIELD_HEADER), headerId);
  store<i32>(field(rec, FIELD_CREATOR), ID_NONE);
  store<i32>(field(rec, FIELD_FRAME_COUNT), 0);
  store<i32>(field(rec, FIELD_GOROUTINE_ID), smallId(goroutineId));
  store<i32>(field(rec, FIELD_PARENT_ID), ID_NONE);
  out = field(rec, FIELD_FRAMES);
  store<f64>(number(recordCount, NUM_GOROUTINE_ID), goroutineId);
  store<f64>(number(recordCount, NUM_PARENT_ID), NaN);
  recordCount++;
}

@inline function endRecord(flags: i32): void {
  store<i32>(field(rec, FIELD_FLAGS), load<i32>(field(rec, FIELD_FLAGS)) | flags);
}

/** The line starting at `s` ends at the returned newline, or at a value ≥ `limit` when it does not end before it. */
function newlineFrom(s: usize, limit: usize): usize {
  let p = s;
  while (p < limit) {
    const m = bytesEqual(load<u64>(p), NL8);
    if (m != 0) return p + <usize>(ctz<u64>(m) >> 3);
    p += 8;
  }
  return limit;
}

/** Hash of `[s, e)` from `h`: whole words, then the tail's bytes. */
function hashRange(h: u64, s: usize, e: usize): u64 {
  let p = s;
  while (p + 8 <= e) {
    h = mix(h, load<u64>(p));
    p += 8;
  }
  return mix(h, low(load<u64>(p), e - p));
}

// The function line being read: set by `functionLine`.
let lineEnd: usize = 0;
let lineKey: u64 = 0;

/**
 * `pkg.(*T).fn(args)` at `s`, then its tab-indented file line: true with `lineEnd` (the file
 * line's newline) and `lineKey` set, false when the two lines are not that (or not within `limit`:
 * then `lineEnd` ≥ `limit`).
 */
function frameLines(s: usize, limit: usize): bool {
  lineEnd = 0;
  const c = load<u8>(s);
  if (c == 0x0a || c == 0x0d || c == 0x09 || c == 0x20 || c == 0x2e) return false;
  const first4 = load<u32>(s);
  if (first4 == 0x6f726f67 /* goro */ || first4 == 0x61657263 /* crea */) return false;
  // The name: whole words until the argument list's `(` (one not after a `.`, which opens a
  // receiver: `net/http.(*conn).serve`).
  let h = SEED_NAME;
  let p = s;
  let paren: usize = 0;
  while (true) {
    if (p >= limit) { lineEnd = limit; return false; }
    const w = load<u64>(p);
    let m = bytesEqual(w, LP8) | bytesEqual(w, NL8);
    if (m == 0) {
      h = mix(h, w);
      p += 8;
      continue;
    }
    let found = false;
    while (m != 0) {
      const at = p + <usize>(ctz<u64>(m) >> 3);
      if (at >= limit) { lineEnd = limit; return false; }
      const b = load<u8>(at);
      if (b == 0x0a) return false;
      if (b == 0x28 && at > s && load<u8>(at - 1) != 0x2e) {
        paren = at;
        found = true;
        break;
      }
      m &= m - 1;
    }
    if (found) {
      h = mix(h, low(w, paren - p));
      break;
    }
    h = mix(h, w);
    p += 8;
  }
  // The arguments: up to the newline, with no other `(`.
  p = paren + 1;
  let nl: usize = 0;
  while (true) {
    if (p >= limit) { lineEnd = limit; return false; }
    const m = bytesEqual(load<u64>(p), LP8) | bytesEqual(load<u64>(p), NL8);
    if (m == 0) {
      p += 8;
      continue;
    }
    const at = p + <usize>(ctz<u64>(m) >> 3);
    if (at >= limit) { lineEnd = limit; return false; }
    if (load<u8>(at) == 0x28) return false;
    nl = at;
    break;
  }
  let e = nl;
  if (load<u8>(e - 1) == 0x0d) e--;
  if (e - 1 <= paren || load<u8>(e - 1) != 0x29) return false;
  // The file line.
  const f = nl + 1;
  if (f >= limit) { lineEnd = limit; return false; }
  if (load<u8>(f) != 0x09) return false;
  const fnl = newlineFrom(f + 1, limit);
  if (fnl >= limit) { lineEnd = limit; return false; }
  const g = hashRange(SEED_FILE, f + 1, fnl);
  let key = finish(h ^ rotl<u64>(finish(g), 23) ^ (<u64>(paren - s) << 40) ^ (<u64>(fnl - f) << 8));
  if (key == 0) key = 1;
  lineKey = key;
  lineEnd = fnl;
  return true;
}

/** Decimal digits at `s` (1 to 15 of them, as the parser accepts) up to `digitsEnd`, or -1. */
let digitsEnd: usize = 0;
function decimal(s: usize, limit: usize): f64 {
  let v: f64 = 0;
  let p = s;
  while (p < limit) {
    const c = load<u8>(p);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + <f64>(c - 0x30);
    p++;
  }
  digitsEnd = p;
  return p == s || p - s > 15 ? -1 : v;
}

/** A blank line at `s` (`\n` or `\r\n`): where the next line starts, or 0. */
@inline function blankLine(s: usize): usize {
  const c = load<u8>(s);
  if (c == 0x0a) return s + 1;
  if (c == 0x0d && load<u8>(s + 1) == 0x0a) return s + 2;
  return 0;
}

/**
 * Read goroutines from `pos` up to `end` (window offsets). `inGoroutine` says the parser is inside
 * a goroutine, expecting its next frame: the first record continues it. Stops at a line it does
 * not know; a goroutine it stopped inside is the last record, marked partial.
 */
export function scan(pos: i32, end: i32, inGoroutine: bool): i32 {
  recordCount = 0;
  lineCount = 0;
  pendingKey = 0;
  out = RECS;
  const limit = <usize>end;
  let s = <usize>pos;
  let inside = inGoroutine;
  if (inside) beginRecord(FLAG_CONTINUES, ID_NONE, 0);
  while (true) {
    stopAt = <i32>s;
    if (!inside) {
      // A header: `goroutine 17 [chan receive, 3 minutes]:` and the like.
      if (recordCount == NUMS_CAP || out + 72 > RECS + (<usize>RECS_CAP << 2)) return STOP_MORE;
      if (s + 10 > limit) return STOP_END;
      if (load<u64>(s) != 0x6e6974756f726f67 /* goroutin */ || load<u16>(s, 8) != 0x2065 /* "e " */) return STOP_OTHER_LINE;
      const id = decimal(s + 10, limit);
      if (digitsEnd >= limit) return STOP_END;
      if (id < 0) return STOP_OTHER_LINE;
      const nl = newlineFrom(digitsEnd, limit);
      if (nl >= limit) return STOP_END;
      let key = finish(hashRange(SEED_HEADER, digitsEnd, nl) ^ (<u64>(nl - digitsEnd) << 32));
      if (key == 0) key = 1;
      const header = lookup(key);
      if (header < 0) {
        pendingKey = key;
        return STOP_UNKNOWN_HEADER;
      }
      beginRecord(0, header, id);
      lineCount++;
      s = nl + 1;
      inside = true;
      continue;
    }
    // Inside a goroutine: a frame, `created by`, or the blank line that ends it.
    if (s >= limit) {
      endRecord(FLAG_PARTIAL);
      return STOP_END;
    }
    const next = blankLine(s);
    if (next != 0) {
      if (next > limit) {
        endRecord(FLAG_PARTIAL);
        return STOP_END;
      }
      lineCount++;
      s = next;
      inside = false;
      continue;
    }
    if (out + 4 > RECS + (<usize>RECS_CAP << 2)) {
      endRecord(FLAG_PARTIAL);
      return STOP_MORE;
    }
    if (frameLines(s, limit)) {
      const id = lookup(lineKey);
      if (id < 0) {
        pendingKey = lineKey;
        endRecord(FLAG_PARTIAL);
        return STOP_UNKNOWN_FRAME;
      }
      store<i32>(out, id);
      out += 4;
      store<i32>(field(rec, FIELD_FRAME_COUNT), load<i32>(field(rec, FIELD_FRAME_COUNT)) + 1);
      lineCount += 2;
      s = lineEnd + 1;
      continue;
    }
    if (lineEnd >= limit) {
      endRecord(FLAG_PARTIAL);
      return STOP_END;
    }
    // `created by F in goroutine N` (Go 1.21+) or `created by F`, then its file line.
    if (load<u64>(s) != 0x2064657461657263 /* created  */ || load<u16>(s, 8) != 0x7962 /* by */ || load<u8>(s + 10) != 0x20) {
      endRecord(FLAG_PARTIAL);
      return STOP_OTHER_LINE;
    }
    const nl = newlineFrom(s, limit);
    if (nl >= limit) {
      endRecord(FLAG_PARTIAL);
      return STOP_END;
    }
    let e = nl;
    if (load<u8>(e - 1) == 0x0d) e--;
    // ` in goroutine N` at the end, as the parser finds it (elisionLine.ts inGoroutineAt).
    let j = e;
    while (j > s && load<u8>(j - 1) >= 0x30 && load<u8>(j - 1) <= 0x39) j--;
    let nameEnd = e;
    let parent: f64 = NaN;
    if (j < e && j - 14 > s + 11 && matchesInGoroutine(j - 14)) {
      nameEnd = j - 14;
      parent = decimal(j, e);
    }
    const f = nl + 1;
    if (f >= limit) {
      endRecord(FLAG_PARTIAL);
      return STOP_END;
    }
    if (load<u8>(f) != 0x09) {
      endRecord(FLAG_PARTIAL);
      return STOP_OTHER_LINE;
    }
    const fnl = newlineFrom(f + 1, limit);
    if (fnl >= limit) {
      endRecord(FLAG_PARTIAL);
      return STOP_END;
    }
    const h = hashRange(SEED_CREATOR, s + 11, nameEnd);
    const g = hashRange(SEED_FILE, f + 1, fnl);
    let key = finish(h ^ rotl<u64>(finish(g), 23) ^ (<u64>(nameEnd - s - 11) << 40) ^ (<u64>(fnl - f) << 8));
    if (key == 0) key = 1;
    const creator = lookup(key);
    if (creator < 0) {
      pendingKey = key;
      endRecord(FLAG_PARTIAL);
      return STOP_UNKNOWN_CREATOR;
    }
    store<i32>(field(rec, FIELD_CREATOR), creator);
    endRecord(FLAG_CREATOR);
    store<f64>(number(recordCount - 1, NUM_PARENT_ID), parent);
    store<i32>(field(rec, FIELD_PARENT_ID), smallId(parent));
    lineCount += 2;
    s = fnl + 1;
    // Only the blank line may follow.
    stopAt = <i32>s;
    if (s >= limit) {
      endRecord(FLAG_PARTIAL);
      return STOP_END;
    }
    const after = blankLine(s);
    if (after == 0 || after > limit) {
      endRecord(FLAG_PARTIAL);
      return after > limit ? STOP_END : STOP_OTHER_LINE;
    }
    lineCount++;
    s = after;
    inside = false;
  }
  return STOP_OTHER_LINE;
}

/** ` in goroutine ` at `p`. */
function matchesInGoroutine(p: usize): bool {
  // " in goro", "utin", "e "
  return load<u64>(p) == 0x6f726f67206e6920 && load<u32>(p, 8) == 0x6e697475 && load<u16>(p, 12) == 0x2065;
}
