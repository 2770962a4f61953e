// The prefix a logger, a container runtime or a test runner puts before every line of a dump:
// `[pod/api-7d9f/api] ` (kubectl logs --prefix), `Dec 06 09:52:01 host app[4242]: ` (journalctl),
// `2024-12-06T09:52:01.123Z ` (docker logs -t), `> ` (a quoted reply), `    x_test.go:40: ` (t.Log
// under go test -v). It is learnt from the text before the first goroutine header (or race
// report) and kept as a shape, not as bytes: digit runs match any digits and space runs any
// spaces, so timestamps, pids and padded days that change from line to line still match, while
// every other byte must be equal. Leading and trailing whitespace are not part of it: the parser
// strips indentation anyway.
import { decodeText } from './textBytes';

const SPACE = 0x20;
const TAB = 0x09;

const enum Token {
  Literal,
  Digits,
  Spaces,
}

/**
 * `name_test.go:40:` at the end of a prefix: testing's decoration of a t.Log message, which only
 * its first line carries (its later lines are indented), inside whatever prefix is around it.
 */
const GO_TEST_LOG = /(?:^|[ \t])([\w.+-]+\.go:\d+:)$/;

interface Tokens {
  readonly kinds: readonly Token[];
  readonly literals: readonly Uint8Array[];
}

export class LinePrefix {
  private constructor(
    /** What every line carries. */
    private readonly required: Tokens,
    /** What only some lines carry after it (go test's decoration of a logged message's first line). */
    private readonly optionalTail: Tokens | null,
    /** The prefix as learnt, for warnings. */
    readonly text: string,
  ) {}

  /** Lines may lack it without being noise: it is only go test's decoration of a logged message. */
  get optional(): boolean {
    return this.required.kinds.length === 0;
  }

  /**
   * The prefix `buf[s, e)` (the bytes before a header on its line), or null when it is only
   * whitespace (indentation needs no prefix). Control bytes are kept: a coloured log's escapes.
   */
  static learn(buf: Uint8Array, s: number, e: number): LinePrefix | null {
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    if (s === e) return null;
    const text = decodeText(buf, s, e);
    // Decorations, possibly nested (a test logging what another test logged), are the tail.
    let head = text;
    for (let m = GO_TEST_LOG.exec(head); m !== null; m = GO_TEST_LOG.exec(head)) {
      head = head.slice(0, head.length - m[1]!.length).trimEnd();
    }
    if (head === text) return new LinePrefix(tokens(buf, s, e), null, text);
    const split = e - (new TextEncoder().encode(text).length - new TextEncoder().encode(head).length);
    return new LinePrefix(tokens(buf, s, split), tokens(buf, split, e), text);
  }

  /**
   * Where the line `buf[s, e)` goes on past the prefix (and the whitespace after it), or -1 when it
   * does not start with the prefix. Indentation before the prefix is skipped.
   */
  strip(buf: Uint8Array, s: number, e: number): number {
    let p = s;
    while (p < e && (buf[p] === SPACE || buf[p] === TAB)) p++;
    p = match(this.required, buf, p, e);
    if (p < 0) return -1;
    while (p < e && (buf[p] === SPACE || buf[p] === TAB)) p++;
    if (this.optionalTail !== null) {
      const q = match(this.optionalTail, buf, p, e);
      if (q >= 0) p = q;
    }
    while (p < e && (buf[p] === SPACE || buf[p] === TAB)) p++;
    return p;
  }
}

/** The tokens of `buf[s, e)`: digit runs, whitespace runs, and the literal bytes between. */
function tokens(buf: Uint8Array, s: number, e: number): Tokens {
  while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  const kinds: Token[] = [];
  const literals: Uint8Array[] = [];
  for (let i = s; i < e;) {
    const c = buf[i]!;
    let j = i + 1;
    let kind: Token;
    if (isDigit(c)) {
      while (j < e && isDigit(buf[j]!)) j++;
      kind = Token.Digits;
    } else if (c === SPACE || c === TAB) {
      while (j < e && (buf[j] === SPACE || buf[j] === TAB)) j++;
      kind = Token.Spaces;
    } else {
      while (j < e && !isDigit(buf[j]!) && buf[j] !== SPACE && buf[j] !== TAB) j++;
      kind = Token.Literal;
    }
    kinds.push(kind);
    literals.push(kind === Token.Literal ? buf.slice(i, j) : new Uint8Array(0));
    i = j;
  }
  return { kinds, literals };
}

/** Where `buf[p, e)` goes on past `t`, or -1. A line that ends where a run of spaces would is a blank line. */
function match(t: Tokens, buf: Uint8Array, p: number, e: number): number {
  const kinds = t.kinds;
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k]!;
    if (kind === Token.Literal) {
      const lit = t.literals[k]!;
      if (e - p < lit.length) return -1;
      for (let i = 0; i < lit.length; i++) if (buf[p + i] !== lit[i]) return -1;
      p += lit.length;
    } else if (kind === Token.Digits) {
      if (p >= e || !isDigit(buf[p]!)) return -1;
      while (p < e && isDigit(buf[p]!)) p++;
    } else {
      if (p === e) return e;
      if (buf[p] !== SPACE && buf[p] !== TAB) return -1;
      while (p < e && (buf[p] === SPACE || buf[p] === TAB)) p++;
    }
  }
  return p;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
