// Label maps as Go prints them: debug=1 `# labels: {"route":"/x", "k":"v"}` (Go's %q on both
// sides) and Go 1.27 debug=2 headers `{route: "custom-ctx", k: bare}` (quoted only when a key or
// value has a character outside [A-Za-z0-9./_]). Both use Go string quoting, not JSON: `\x1f`,
// `\a` and `\U0001f600` escapes exist, so JSON.parse is not enough.
import type { Labels } from '../model/goroutine';

/** Parse a `{k: v, …}` or `{"k":"v", …}` label map; null when it is not one. */
export function parseLabelMap(text: string): Labels | null {
  const s = text.trim();
  if (s.length < 2 || s[0] !== '{' || s[s.length - 1] !== '}') return null;
  const out: Record<string, string> = {};
  let i = 1;
  const end = s.length - 1;
  const skipSpace = () => {
    while (i < end && s[i] === ' ') i++;
  };
  const token = (stops: string): string | null => {
    skipSpace();
    if (s[i] === '"') {
      const r = unquoteAt(s, i);
      if (r === null) return null;
      i = r.next;
      return r.value;
    }
    const start = i;
    while (i < end && !stops.includes(s[i]!)) i++;
    return s.slice(start, i).trimEnd();
  };
  skipSpace();
  if (i === end) return out;
  for (;;) {
    const key = token(':');
    if (key === null) return null;
    skipSpace();
    if (s[i] !== ':') return null;
    i++;
    const value = token(',');
    if (value === null) return null;
    out[key] = value;
    skipSpace();
    if (i === end) return out;
    if (s[i] !== ',') return null;
    i++;
  }
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Unquote the Go double-quoted string starting at `s[start] === '"'`. */
export function unquoteAt(s: string, start: number): { value: string; next: number } | null {
  let i = start + 1;
  let out = '';
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { value: out, next: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) return null;
    if (e in simpleEscapes) {
      out += simpleEscapes[e];
      i += 2;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = s.slice(i + 2, i + 2 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return null;
      const code = parseInt(hex, 16);
      out += e === 'x' ? String.fromCharCode(code) : String.fromCodePoint(Math.min(code, 0x10ffff));
      i += 2 + width;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const oct = s.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return null;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 4;
      continue;
    }
    return null;
  }
  return null;
}
