// goroutine `debug=1` text and the goroutineleak profile's debug=1 text: one record per distinct
// stack and label set, `N @ PC…`, an optional `# labels: {…}` line and one `#\tPC\tfn+0xoff\tfile:line`
// line per frame (frames that share a PC were inlined into the next one). No ids, no states.
// Like a dump, it may come with its tabs expanded, indented, or behind a log prefix (learnt from
// its header line: linePrefix.ts).
import type { DecodeWarning, Labels, Stack } from '../model/goroutine';
import { InputError } from '../inputError';
import { escapeControls } from '../text/terminalText';
import { parseLabelMap } from './goQuoted';
import { LinePrefix } from './linePrefix';
import type { StackTable, TableFrame } from './stackTable';
import { TextLineSplitter } from './textLines';

export interface CountedSink {
  addCounted(stack: Stack, labels: Labels, count: number, leaked: boolean): void;
}

export interface Debug1Summary {
  readonly profile: 'goroutine' | 'goroutineleak';
  /** Sum of the records' counts. */
  readonly goroutines: number;
  readonly records: number;
  readonly warnings: DecodeWarning[];
  /** PCs listed per stack: the runtime caps a record's depth, so a stack at the cap may be cut. */
  readonly pcCounts: Map<Stack, number>;
}

const HEADER = /^(.*?)(goroutine|goroutineleak) profile: total (\d+)$/;
/** `#\t0x6b6813\tmain.(*shop).slowSelect+0x93\t\tshopd/main.go:61`, its tabs possibly spaces. */
const FRAME = /^#\s+(0x[0-9a-f]+)\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(\S.*):(\d+)\s*$/;
const RECORD = /^(\d+) @((?: 0x[0-9a-f]+)*)\s*$/;
const MAX_WARNINGS = 50;
const NO_LABELS: Labels = Object.freeze({});

interface PendingFrame {
  pc: string;
  fn: string;
  file: string;
  line: number;
}

export class Debug1Parser {
  private readonly splitter: TextLineSplitter;
  private readonly warnings: DecodeWarning[] = [];
  private readonly pcCounts = new Map<Stack, number>();
  private profile: 'goroutine' | 'goroutineleak' | null = null;
  private total = 0;
  private goroutines = 0;
  private records = 0;
  // The record being read.
  private count = -1;
  private pcs = 0;
  private labels: Labels = NO_LABELS;
  private frames: PendingFrame[] = [];
  /** The prefix of the header line, stripped from every line; lines without it are counted. */
  private prefix: LinePrefix | null = null;
  private unprefixed = 0;
  private firstUnprefixed = 0;

  constructor(
    private readonly table: StackTable,
    private readonly sink: CountedSink,
    private readonly input: string,
  ) {
    this.splitter = new TextLineSplitter((line, n) => this.line(line, n));
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  finish(): Debug1Summary {
    const lines = this.splitter.finish();
    this.endRecord();
    if (this.profile === null) {
      throw new InputError('not a goroutine debug=1 profile: the "goroutine profile: total N" header is missing', {
        stage: 'parsing debug=1',
        input: this.input,
        line: 1,
      });
    }
    if (this.unprefixed > 0) {
      this.warn(
        `${this.unprefixed} line(s) without the prefix "${escapeControls(this.prefix!.text)}" of the header were skipped as noise`,
        this.firstUnprefixed,
      );
    }
    if (this.goroutines !== this.total) {
      this.warn(
        `the header says ${this.total} goroutines but the records add up to ${this.goroutines}` +
          (lines > 0 ? '; the text may be cut off' : ''),
        1,
      );
    }
    return {
      profile: this.profile,
      goroutines: this.goroutines,
      records: this.records,
      warnings: this.warnings,
      pcCounts: this.pcCounts,
    };
  }

  private line(raw: string, n: number): void {
    if (this.profile === null) {
      const m = HEADER.exec(raw.trim());
      if (m === null) {
        throw new InputError('not a goroutine debug=1 profile', {
          stage: 'parsing debug=1',
          input: this.input,
          line: n,
          excerpt: raw,
          hint: 'Expected a first line like "goroutine profile: total 123"',
        });
      }
      if (m[1] !== '') {
        const bytes = new TextEncoder().encode(m[1]);
        this.prefix = LinePrefix.learn(bytes, 0, bytes.length);
      }
      this.profile = m[2] === 'goroutineleak' ? 'goroutineleak' : 'goroutine';
      this.total = Number(m[3]);
      return;
    }
    const line = this.stripped(raw, n);
    if (line === null) return;
    if (line === '') {
      this.endRecord();
      return;
    }
    if (line.startsWith('#')) {
      if (this.count < 0) {
        this.warn('a frame line outside any record is ignored', n, line);
        return;
      }
      if (line.startsWith('# labels: ')) {
        const l = parseLabelMap(line.slice(10));
        if (l === null) this.warn('cannot read the labels; they are ignored', n, line);
        else this.labels = l;
        return;
      }
      const f = parseFrameLine(line);
      if (f === null) this.warn('not a frame line; ignored', n, line);
      else this.frames.push(f);
      return;
    }
    const m = RECORD.exec(line);
    if (m === null) {
      this.warn('not a debug=1 record; ignored', n, line);
      return;
    }
    this.endRecord();
    this.count = Number(m[1]);
    this.pcs = m[2]!.trim() === '' ? 0 : m[2]!.trim().split(' ').length;
  }

  /** The line past its prefix and indentation; null for a line without the prefix (counted). */
  private stripped(raw: string, n: number): string | null {
    const prefix = this.prefix;
    if (prefix === null || raw.trim() === '') return raw.trim();
    const bytes = new TextEncoder().encode(raw);
    const at = prefix.strip(bytes, 0, bytes.length);
    if (at >= 0) return new TextDecoder().decode(bytes.subarray(at)).trimEnd();
    if (prefix.optional) return raw.trim();
    if (this.unprefixed++ === 0) this.firstUnprefixed = n;
    return null;
  }

  private endRecord(): void {
    if (this.count < 0) return;
    const frames: TableFrame[] = [];
    for (let i = 0; i < this.frames.length; i++) {
      const f = this.frames[i]!;
      const next = this.frames[i + 1];
      frames.push(this.table.frame(f.fn, f.file, f.line, next !== undefined && next.pc === f.pc));
    }
    const stack = this.table.stack(frames, frames.length, 0, false);
    const prev = this.pcCounts.get(stack);
    if (prev === undefined || this.pcs > prev) this.pcCounts.set(stack, this.pcs);
    this.sink.addCounted(stack, this.labels, this.count, this.profile === 'goroutineleak');
    this.goroutines += this.count;
    this.records++;
    this.count = -1;
    this.pcs = 0;
    this.labels = NO_LABELS;
    this.frames = [];
  }

  private warn(message: string, line: number, text?: string): void {
    if (this.warnings.length >= MAX_WARNINGS) return;
    const shown =
      text === undefined ? '' : ` (at "${escapeControls(text.length > 120 ? text.slice(0, 120) + '…' : text)}")`;
    this.warnings.push({ input: this.input, message: message + shown, line });
  }
}

/** `#\t0x6b6813\tmain.(*shop).slowSelect+0x93\t\tshopd/main.go:61` (tabs or spaces). */
function parseFrameLine(line: string): PendingFrame | null {
  const m = FRAME.exec(line);
  if (m === null) return null;
  const lineNo = Number(m[4]);
  if (!Number.isSafeInteger(lineNo) || lineNo > 0x7fffffff) return null;
  return { pc: m[1]!, fn: m[2]!, file: m[3]!.trimEnd(), line: lineNo };
}
