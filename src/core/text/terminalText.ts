// Text that came from an input (function names, file names, labels, lines quoted in errors, URLs)
// is untrusted: a dump or a server can put ESC sequences in it that clear the screen, retitle the
// window, rewrite earlier lines or hide text when printed to a terminal. Every human-readable
// output passes its untrusted parts through `escapeControls`; JSON goes through `safeJson`.
//
// Escaped: C0 controls (U+0000–U+001F) and DEL, C1 controls (U+0080–U+009F: U+009B is a
// one-character CSI that many terminals obey), and the Unicode format controls that reorder or
// hide text (bidirectional overrides and isolates, the line and paragraph separators). They are
// written as `\xHH` / `\uHHHH`, so the output stays one line per field and shows what was there.

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x09) return '\\t';
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character written as an escape: safe to print on a terminal. */
export function escapeControls(s: string): string {
  return s.replace(CONTROLS, escapeOne);
}

/**
 * Untrusted text for a view (a tree item, a webview node, a canvas label): the same escapes, but
 * tabs and line breaks kept as layout. A bidirectional override in a function name would otherwise
 * reorder what the user reads (the Trojan Source trick), and a NUL or ESC shows as nothing.
 */
export function displayText(s: string): string {
  return s.replace(CONTROLS, (c) => (c === '\n' || c === '\t' ? c : escapeOne(c)));
}

/** Text of several lines: each line escaped, the line breaks kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeControls).join('\n');
}

// JSON.stringify escapes C0 controls but leaves C1 controls, DEL and the format controls raw; a
// document printed to a terminal (`analyze --json` without a pipe) would obey them. They only
// ever occur inside string literals of the serialised text, so replacing them there is exact.
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify whose output holds no control character outside `\u` escapes. */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_RAW,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
