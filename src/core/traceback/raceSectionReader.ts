// Which line of a race report the parser is at: a fence, a new report, or the title of a section
// with a stack (an access, where a goroutine was created, another such as a heap block's
// allocation). Like Debug2HeaderReader, it leaves what it read in its fields for the parser.
import { decodeText, startsWithAscii } from './textBytes';
import {
  RACE_FENCE,
  RACE_HEADER,
  raceAccessLine,
  raceCreatedLine,
  type RaceAccessLine,
  type RaceCreatedLine,
} from './raceReportLines';

const COLON = 0x3a;

export class RaceSectionReader {
  /** The access the last line read opens (`Write at … by goroutine 7:`), or null. */
  access: RaceAccessLine | null = null;
  /** The `Goroutine 7 (running) created at:` the last line read opens, or null. */
  created: RaceCreatedLine | null = null;

  /** A section title, fence or new report inside a race report; its parts are left in access/created. */
  read(buf: Uint8Array, t: number, e: number): boolean {
    this.access = null;
    this.created = null;
    if (buf[t] === 0x3d) return startsWithAscii(buf, t, e, RACE_FENCE);
    if (buf[t] === 0x57 && e - t === RACE_HEADER.length && startsWithAscii(buf, t, e, RACE_HEADER)) return true;
    if (buf[e - 1] !== COLON) return false;
    const text = decodeText(buf, t, Math.min(e, t + 400));
    this.access = raceAccessLine(text);
    if (this.access !== null) return true;
    this.created = raceCreatedLine(text);
    if (this.created !== null) return true;
    // Another section with a stack (`Heap block of size 8 at 0x… allocated by goroutine 7:`).
    return /^[A-Z][\w ]* by (?:goroutine \d+|main goroutine):$/.test(text);
  }
}
