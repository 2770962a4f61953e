// The one error type for bad input: what went wrong, at which stage, where in which input, and
// what to do. The CLI prints `message` as its single stderr line; the extension shows it. The
// message quotes the input (a line, a name, a URL): its control characters are escaped and URL
// credentials redacted here, once for every caller.
import { redactUrls } from './text/redactUrl';
import { escapeControls } from './text/terminalText';

export type InputStage =
  | 'reading'
  | 'detecting format'
  | 'decompressing'
  | 'decoding protobuf'
  | 'validating profile'
  | 'parsing traceback'
  | 'parsing debug=1'
  | 'parsing heap text'
  | 'merging'
  | 'comparing profiles'
  | 'fetching';

export interface InputErrorDetails {
  readonly stage: InputStage;
  /** File name, URL or `-`. */
  readonly input?: string;
  /** Byte offset in the (decompressed) input. */
  readonly offset?: number;
  /** 1-based line number for text inputs. */
  readonly line?: number;
  /** The offending line, shortened. */
  readonly excerpt?: string;
  /** What the user can do about it. */
  readonly hint?: string;
}

export class InputError extends Error {
  readonly stage: InputStage;
  readonly input: string | undefined;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly excerpt: string | undefined;
  readonly hint: string | undefined;

  constructor(problem: string, details: InputErrorDetails) {
    super(formatInputError(problem, details));
    this.name = 'InputError';
    this.stage = details.stage;
    this.input = details.input;
    this.offset = details.offset;
    this.line = details.line;
    this.excerpt = details.excerpt;
    this.hint = details.hint;
  }
}

function formatInputError(problem: string, d: InputErrorDetails): string {
  const where: string[] = [];
  if (d.input !== undefined) where.push(d.input);
  if (d.line !== undefined) where.push(`line ${d.line}`);
  if (d.offset !== undefined) where.push(`byte ${d.offset}`);
  let msg = `${where.length ? where.join(', ') + ': ' : ''}${d.stage}: ${problem}`;
  if (d.excerpt !== undefined) msg += ` (at "${shorten(d.excerpt, 80)}")`;
  if (d.hint !== undefined) msg += `. ${d.hint}`;
  return escapeControls(redactUrls(msg));
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
