// What an input is, from its first (decompressed) bytes, never from its name: people save dumps
// as .txt, .log, .pprof or nothing at all, and paste crash output from CI logs, behind a log
// prefix (kubectl, journalctl, timestamps), indented or quoted.
import { decodeText } from '../traceback/textBytes';
import { isLegacyCpuProfile, legacyTextProfile } from './legacyProfiles';

export type InputFormat =
  | 'empty'
  | 'nul-bytes' // nothing but NUL bytes (a preallocated file never written)
  | 'html'
  | 'debug2' // goroutine tracebacks, with or without surrounding text
  | 'debug1' // goroutine profile: total N
  | 'goroutineleak-debug1'
  | 'heap-text' // heap profile: … (legacy heap debug=1)
  | 'other-text-profile' // threadcreate, block/mutex debug=1 (`--- contention:`), other legacy text (legacyProfiles.ts)
  | 'legacy-cpu' // the binary CPU profile of gperftools and Go before 1.9
  | 'protobuf'
  | 'unknown-text';

/** How many leading bytes `detectFormat` wants to see (it works with fewer at end of input). */
export const DETECT_BYTES = 64 * 1024;

// A goroutine header or a race report's first line, anywhere on a line: behind a log prefix,
// indented, quoted (the parser learns the prefix from it: traceback/linePrefix.ts).
const TRACEBACK_HEADER =
  /(^|\n)[^\n]*?goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[[^\]\n]*\](?: \{[^\n]*\})?:[\t ]*\r?\n|(^|\n)[^\n]*WARNING: DATA RACE[\t ]*\r?\n/;
/** The debug=1 header, possibly behind a prefix. */
const DEBUG1_HEADER = /^[^\n]*?(goroutine|goroutineleak) profile: total /;

export function detectFormat(head: Uint8Array): InputFormat {
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  while (start < head.length && isSpace(head[start]!)) start++;
  if (start >= head.length) return 'empty';
  if (head.every((b) => b === 0)) return 'nul-bytes';
  if (isLegacyCpuProfile(head)) return 'legacy-cpu';
  const text = decodeText(head, start, Math.min(head.length, start + DETECT_BYTES));
  const debug1 = DEBUG1_HEADER.exec(text);
  if (debug1 !== null) return debug1[1] === 'goroutineleak' ? 'goroutineleak-debug1' : 'debug1';
  if (legacyTextProfile(head) !== null) return 'other-text-profile';
  if (/^heap profile: *\d+: *\d+ *\[/.test(text)) return 'heap-text';
  if (/^<(!doctype|html|\?xml|head|body|!--)/i.test(text)) return 'html';
  if (TRACEBACK_HEADER.test(text)) return 'debug2';
  if (looksBinary(head, start)) return 'protobuf';
  return 'unknown-text';
}

/** Control bytes other than whitespace in the first bytes: protobuf, not text. */
function looksBinary(head: Uint8Array, start: number): boolean {
  const end = Math.min(head.length, start + 256);
  for (let i = start; i < end; i++) {
    const c = head[i]!;
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) return true;
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The first line of a text head, for error messages. */
export function firstLine(head: Uint8Array): string {
  let s = 0;
  while (s < head.length && isSpace(head[s]!)) s++;
  let e = s;
  while (e < head.length && e - s < 120 && head[e] !== 0x0a) e++;
  return decodeText(head, s, e).replace(/[\x00-\x1f]/g, '?');
}
