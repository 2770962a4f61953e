// One race report being read: its accesses (each a goroutine with the stack of the access) are
// held until the report has printed the `Goroutine N created at:` stacks, then handed to the sink
// with that stack as their creator (its innermost frame, the `go` statement) and as their one
// ancestor, and the report's details (access, address, goroutine status) as their race.
import type { HeaderInfo } from './headerInfo';
import type { FrameInterner } from './frameInterner';
import { NO_FLAGS, type GoroutineAssembler, type HeldGoroutine } from './goroutineAssembler';
import { raceStateText, type RaceAccessLine } from './raceReportLines';
import type { Stack } from '../model/goroutine';
import type { TableFrame } from './stackTable';

interface HeldAccess {
  readonly held: HeldGoroutine;
  readonly access: RaceAccessLine;
}

interface CreatedAt {
  readonly stack: Stack;
  readonly status: 'running' | 'finished';
}

export class RaceCollector {
  /** Reports finished so far: the next report's number. */
  reports = 0;
  /** 1-based line of the open report's `WARNING: DATA RACE`; 0 when none is open. */
  line = 0;
  private accesses: HeldAccess[] = [];
  private created = new Map<number, CreatedAt>();
  private readonly headers = new Map<string, HeaderInfo>();

  constructor(
    private readonly g: GoroutineAssembler,
    private readonly frames: FrameInterner,
  ) {}

  get open(): boolean {
    return this.line > 0;
  }

  begin(line: number): void {
    this.line = line;
    this.accesses = [];
    this.created = new Map();
  }

  /** The header an access's goroutine record gets: its state says what it did (`race: write by goroutine 7`). */
  headerOf(access: RaceAccessLine): HeaderInfo {
    const state = raceStateText(access);
    let h = this.headers.get(state);
    if (h === undefined) {
      h = { state, waitMinutes: null, flags: NO_FLAGS };
      this.headers.set(state, h);
    }
    return h;
  }

  addAccess(held: HeldGoroutine, access: RaceAccessLine): void {
    this.accesses.push({ held, access });
  }

  addCreated(goroutineId: number, stack: Stack, status: 'running' | 'finished'): void {
    this.created.set(goroutineId, { stack, status });
  }

  /** The report was not one (its line was prose behind a prefix that did not hold): forget it. */
  cancel(): void {
    this.line = 0;
    this.accesses = [];
    this.created = new Map();
  }

  /** The report ended (its closing fence, the next report, or the end of the input): emit its accesses. */
  end(): void {
    if (!this.open) return;
    const report = this.reports++;
    for (const { held, access } of this.accesses) {
      const c = this.created.get(access.goroutineId);
      const top = c?.stack.frames[0] as TableFrame | undefined;
      this.g.emitHeld(
        held,
        top === undefined ? null : this.frames.createdBy(top),
        c === undefined ? null : [{ stack: c.stack, createdBy: null }],
        c === undefined ? null : [access.goroutineId],
        {
          report,
          line: this.line,
          access: access.access,
          previous: access.previous,
          address: access.address,
          goroutineStatus: c?.status ?? null,
        },
      );
    }
    this.line = 0;
    this.accesses = [];
    this.created = new Map();
  }
}
