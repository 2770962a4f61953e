// Profiles in the formats pprof read before the protobuf (gperftools' and Go's before 1.9), which
// `go tool pprof` still reads and converts: the binary CPU profile and the text forms of
// contention, threadcreate, heap growth and fragmentation, threadz and Java profiles. The tools
// here read the protobuf (and Go's heap debug=1 text): these are recognised by their first bytes
// so that the error says what the file is and how to convert it, instead of failing to decode it
// as a protobuf.
import { decodeText } from '../traceback/textBytes';

/**
 * The legacy binary CPU profile's header: the words 0 (header count), 3 (header words), 0
 * (version), the sampling period, 0 (padding), in 64- or 32-bit words of either byte order
 * (google/pprof legacy_profile.go, cpuProfile).
 */
export function isLegacyCpuProfile(head: Uint8Array): boolean {
  for (const size of [8, 4]) {
    if (head.length < 5 * size) continue;
    for (const little of [true, false]) {
      if (word(head, 0, size, little) === 0 && word(head, 1, size, little) === 3 && word(head, 2, size, little) === 0)
        return true;
    }
  }
  return false;
}

function word(b: Uint8Array, index: number, size: number, little: boolean): number {
  let v = 0;
  for (let i = 0; i < size; i++) {
    const byte = b[index * size + (little ? size - 1 - i : i)]!;
    // Only small values matter (0 and 3): a word with a high byte set is neither.
    v = v * 256 + byte;
    if (v > 0xffff) return -1;
  }
  return v;
}

const TEXT_KINDS: readonly [RegExp, string][] = [
  [/^--- contention:/, 'a contention profile (block or mutex) in legacy text form (debug=1)'],
  [/^--- mutex:/, 'a mutex profile in legacy text form (debug=1)'],
  [/^threadcreate profile: total \d+/, 'a threadcreate profile in text form (debug=1)'],
  [/^heap profile: *\d+: *\d+ *\[ *\d+: *\d+ *\] *@ *growthz?/, 'a heap growth profile in legacy text form'],
  [
    /^heap profile: *\d+: *\d+ *\[ *\d+: *\d+ *\] *@ *fragmentationz?/,
    'a heap fragmentation profile in legacy text form',
  ],
  [/^--- threadz \d+ ---/, 'a threadz profile in legacy text form'],
  [/^--- (?:heapz|contentionz|cpuz?) \d+ ---/, 'a Java profile in legacy text form'],
];

/** What a legacy profile in text form is, from its first line; null when it is none of them. */
export function legacyTextProfile(head: Uint8Array): string | null {
  let s = 0;
  while (s < head.length && (head[s] === 0x20 || head[s] === 0x09 || head[s] === 0x0a || head[s] === 0x0d)) s++;
  const text = decodeText(head, s, Math.min(head.length, s + 200));
  for (const [re, what] of TEXT_KINDS) if (re.test(text)) return what;
  return null;
}

/** The command that turns a legacy profile into the protobuf the tools read. */
export const CONVERT_HINT = 'Convert it with `go tool pprof -proto FILE > FILE.pb.gz` and open the .pb.gz';
