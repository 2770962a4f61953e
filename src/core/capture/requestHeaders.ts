// Request headers the user configures for an endpoint (an Authorization token, an API key), read
// from `Name: value` text. A value is a secret: messages name headers, never their values, and a
// value with a line break (which would inject headers of its own) or another control character
// is refused here, before fetch would echo it in its own error.

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** `Authorization: Bearer x` → [name, value]; throws a message naming the header, not its value. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  // Without a colon the text may be a bare token: it is not quoted back.
  if (colon <= 0) throw new Error('a header is written as Name: value (this one has no name and colon)');
  const name = text.slice(0, colon).trim();
  if (!TOKEN.test(name)) throw new Error(`"${shown(name)}" is not a valid header name`);
  const value = text.slice(colon + 1).trim();
  checkHeaderValue(name, value);
  return [name, value];
}

/** Throws unless every name is a token and no value holds a control character. */
export function checkHeaders(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new Error(`"${shown(name)}" is not a valid header name`);
    checkHeaderValue(name, value);
  }
}

function checkHeaderValue(name: string, value: string): void {
  if (BAD_VALUE.test(value)) throw new Error(`the value of header ${name} holds a line break or control character`);
}

/** Lines of `Name: value` (a header file, an environment variable); blank lines and `#` comments skipped. */
export function parseHeaderLines(text: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      const [name, value] = parseHeader(line);
      out[name] = value;
    } catch (e) {
      throw new Error(`${where}, line ${i + 1}: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}

/** A header name as typed, cut short. */
function shown(name: string): string {
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}
