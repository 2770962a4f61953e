// Markdown from untrusted strings: function names, labels and file names come from a profile and
// must render as text, never as markup or HTML, wherever the report is pasted.

/** `text` as a code span, with a fence longer than any run of backticks inside it. */
export function codeSpan(text: string): string {
  const one = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || one === '' ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/** A fenced code block whose fence no line of `text` can close. */
export function codeBlock(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}

/**
 * Prose with markdown and HTML neutralised; spans between backticks (the rules' own code, such as
 * `case <-ctx.Done(): return`) are kept as code spans.
 */
export function mdText(text: string): string {
  const one = text.replace(/\r?\n/g, ' ');
  let out = '';
  let at = 0;
  for (const m of one.matchAll(/`([^`\n]+)`/g)) {
    out += escapeProse(one.slice(at, m.index)) + codeSpan(m[1]!);
    at = m.index! + m[0].length;
  }
  return out + escapeProse(one.slice(at));
}

function escapeProse(s: string): string {
  return s
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
