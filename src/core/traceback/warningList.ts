// The warnings of one parse: at most MAX_WARNINGS are kept, the rest only counted, so a dump that
// is mostly noise cannot grow the list without bound.
import type { DecodeWarning } from '../model/goroutine';

const MAX_WARNINGS = 50;

export class WarningList {
  private readonly warnings: DecodeWarning[] = [];
  private dropped = 0;

  constructor(private readonly input: string) {}

  add(message: string, line?: number, text?: string): void {
    if (this.warnings.length >= MAX_WARNINGS) {
      this.dropped++;
      return;
    }
    const w: DecodeWarning =
      line === undefined
        ? { input: this.input, message }
        : { input: this.input, message: text === undefined ? message : `${message} (at "${text}")`, line };
    this.warnings.push(w);
  }

  /** The warnings kept, by line (those of the whole input last), ending with how many more there were. Call once, at the end. */
  finish(): DecodeWarning[] {
    // Some are only known at the end (NUL lines, names with control bytes): put them in place.
    this.warnings.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    if (this.dropped > 0) {
      this.warnings.push({ input: this.input, message: `${this.dropped} more warnings not shown` });
    }
    return this.warnings;
  }
}
