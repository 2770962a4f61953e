// What a browser, a chat, an editor, a terminal, a logger or a test runner does to a dump on its
// way to the user, as seeded transformations of its lines: tabs expanded to any width, mixed and
// inconsistent indentation, the whole text indented, CRLF, trailing whitespace, and a prefix on
// every line (kubectl logs --prefix, journalctl, docker logs -t, a quoted reply, go test's t.Log).
// Every transformation maps lines one to one, so line numbers (of warnings) stay the same.
// Test helper, not a test.

export type PasteForm =
  | 'tabs-expanded'
  | 'mixed-indent'
  | 'indented'
  | 'crlf'
  | 'trailing-space'
  | 'kubectl'
  | 'journalctl'
  | 'docker'
  | 'quoted'
  | 'go-test-log';

export const PASTE_FORMS: readonly PasteForm[] = [
  'tabs-expanded',
  'mixed-indent',
  'indented',
  'crlf',
  'trailing-space',
  'kubectl',
  'journalctl',
  'docker',
  'quoted',
  'go-test-log',
];

const HEADER =
  /goroutine \d+ .*\]( \{.*\})?:$|^goroutine(leak)? profile: total \d+$|WARNING: DATA RACE$|^panic: test timed out/;

function expandTabs(line: string, width: number): string {
  let out = '';
  for (const c of line) {
    if (c === '\t') out += ' '.repeat(width - (out.length % width));
    else out += c;
  }
  return out;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** `text` (LF line ends) in `form`, with the random choices of `r`. */
export function pasteForm(text: string, form: PasteForm, r: () => number): string {
  const ends = text.endsWith('\n');
  const lines = (ends ? text.slice(0, -1) : text).split('\n');
  let out: string[];
  let sep = '\n';
  switch (form) {
    case 'tabs-expanded': {
      const width = 1 + Math.floor(r() * 8);
      out = lines.map((l) => expandTabs(l, width));
      break;
    }
    case 'mixed-indent':
      out = lines.map((l) => {
        const body = l.replace(/^[\t ]+/, '');
        if (body === l) return r() < 0.15 ? pick(r, [' ', '  ', '\t']) + l : l;
        return pick(r, ['\t', '  ', '    ', '        ', '\t ', ' \t', '\t\t']) + body;
      });
      break;
    case 'indented': {
      const indent = pick(r, ['  ', '    ', '\t', ' \t ']);
      out = lines.map((l) => (l === '' ? '' : indent + l));
      break;
    }
    case 'crlf': {
      const all = r() < 0.5;
      out = lines.map((l) => (all || r() < 0.5 ? l + '\r' : l));
      break;
    }
    case 'trailing-space':
      out = lines.map((l) => (r() < 0.3 ? l + pick(r, [' ', '  ', '\t', ' \t']) : l));
      break;
    case 'kubectl': {
      const pod = `[pod/api-${Math.floor(r() * 1e6).toString(36)}-x2k4q/api] `;
      out = lines.map((l) => pod + l);
      break;
    }
    case 'journalctl': {
      const pid = 100 + Math.floor(r() * 60000);
      const day = 1 + Math.floor(r() * 28);
      out = lines.map((l, i) => {
        const sec = Math.floor(i / 40);
        const hh = String(9 + Math.floor(sec / 3600)).padStart(2, '0');
        const mm = String(Math.floor(sec / 60) % 60).padStart(2, '0');
        const ss = String(sec % 60).padStart(2, '0');
        return `Dec ${String(day).padStart(2, ' ')} ${hh}:${mm}:${ss} ci-runner-3 api[${pid}]: ${l}`;
      });
      break;
    }
    case 'docker':
      out = lines.map((l, i) => {
        // RFC 3339 with nanoseconds, trailing zeros trimmed as Go's RFC3339Nano does.
        const ns = String(Math.floor(r() * 1e9))
          .padStart(9, '0')
          .replace(/0+$/, '');
        const s = String(i % 60).padStart(2, '0');
        return `2024-12-06T09:52:${s}${ns === '' ? '' : '.' + ns}Z ${l}`;
      });
      break;
    case 'quoted':
      out = lines.map((l) => (l === '' ? '>' : '> ' + l));
      break;
    case 'go-test-log': {
      // testing's decorate(): `    file.go:N: ` before the message's first line, 8 spaces before the others.
      const first = lines.findIndex((l) => HEADER.test(l));
      out = lines.map((l, i) =>
        i < first || first < 0 ? l : i === first ? `    x_test.go:${10 + Math.floor(r() * 90)}: ${l}` : `        ${l}`,
      );
      break;
    }
  }
  if (form === 'crlf') sep = '\n';
  return out.join(sep) + (ends ? '\n' : '');
}
