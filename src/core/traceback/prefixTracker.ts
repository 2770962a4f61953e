// Which line prefix (linePrefix.ts) the parser strips, and how a newly learnt one is confirmed.
// A header found behind text is taken as a prefixed dump on trial: the next lines must carry the
// same prefix. Lines that do not are held, not read; the first line that does confirms the
// prefix (the held lines are then read under it: blank lines end goroutines, the rest are
// counted as lines without the prefix), and a trial with no such line within a few lines
// abandons it (the "header" was prose that mentioned a goroutine, and the held lines are read
// as if nothing had been learnt). Once confirmed, lines without the prefix are noise, counted for
// one warning, and never end a goroutine: another container's lines interleave anywhere.
import type { LinePrefix } from './linePrefix';
import { excerpt } from './textBytes';

/** Non-blank lines without the prefix a trial tolerates before it is abandoned. */
const TRIAL_MISSES = 2;
/** Lines held during a trial at most (blank lines included). */
const TRIAL_HELD = 6;

export interface HeldLine {
  readonly bytes: Uint8Array;
  readonly lineNo: number;
}

export class PrefixTracker {
  /** The prefix lines are stripped of; null: none. */
  prefix: LinePrefix | null = null;
  /** The prefix before the one on trial, restored if the trial fails. */
  private previous: LinePrefix | null = null;
  private misses = 0;
  private held: HeldLine[] = [];
  private onTrial = false;

  /** Lines without the prefix once it was confirmed, the first of them, and its text. */
  unprefixed = 0;
  firstUnprefixedLine = 0;
  firstUnprefixedText = '';

  get trial(): boolean {
    return this.onTrial;
  }

  /** Take `prefix` on trial (null: the header had only indentation before it; nothing to try). */
  learn(prefix: LinePrefix | null): void {
    if (prefix === null) return;
    this.previous = this.prefix;
    this.prefix = prefix;
    this.misses = 0;
    this.held = [];
    // go test's decoration never rejects a line, so there is nothing to confirm.
    this.onTrial = !prefix.optional;
  }

  /** A line with the prefix arrived: the trial is won. Returns the lines held meanwhile, to read now. */
  confirm(): HeldLine[] {
    this.onTrial = false;
    const held = this.held;
    this.held = [];
    return held;
  }

  /**
   * A line without the prefix (or a blank one) during the trial: held. Returns null while the trial
   * goes on; when it is lost, the held lines (this one included) to read again without the prefix.
   */
  hold(buf: Uint8Array, s: number, e: number, lineNo: number, blank: boolean): HeldLine[] | null {
    this.held.push({ bytes: buf.slice(s, e), lineNo });
    if (!blank) this.misses++;
    if (this.misses <= TRIAL_MISSES && this.held.length < TRIAL_HELD) return null;
    this.onTrial = false;
    this.prefix = this.previous;
    const held = this.held;
    this.held = [];
    return held;
  }

  /** A line without the confirmed prefix: noise, counted. */
  count(buf: Uint8Array, s: number, e: number, lineNo: number): void {
    if (this.unprefixed++ === 0) {
      this.firstUnprefixedLine = lineNo;
      this.firstUnprefixedText = excerpt(buf, s, e);
    }
  }
}
