// Raw (already decompressed) pprof protobuf bytes → the Profile model, in google/pprof's phases:
// wire decode (profileWire.ts), then resolve ids and string indexes and validate (resolveProfile.ts).
import { InputError } from '../inputError';
import type { Profile } from '../model/profile';
import { decodeProfileWire } from './profileWire';
import { resolveProfile } from './resolveProfile';

export interface DecodeProfileOptions {
  /** File name, URL or `-`, for error messages. */
  readonly input: string;
}

export function decodeProfile(bytes: Uint8Array, options: DecodeProfileOptions): Profile {
  const { input } = options;
  if (bytes.length === 0) {
    throw new InputError('the input is empty', {
      stage: 'decoding protobuf',
      input,
      hint: 'Capture the profile again',
    });
  }
  rejectText(bytes, input);
  return resolveProfile(decodeProfileWire(bytes, input), bytes, input);
}

/**
 * A protobuf profile starts with a field tag, never with `<` or a letter followed by text; an
 * HTML error page or a text dump handed to the protobuf decoder deserves a clearer error than
 * "invalid wire type at byte 0".
 */
function rejectText(bytes: Uint8Array, input: string): void {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 256));
  const trimmed = head.trimStart();
  if (/^<(!doctype|html|\?xml|head|body)/i.test(trimmed)) {
    throw new InputError('the input is an HTML or XML page, not a pprof protobuf profile', {
      stage: 'decoding protobuf',
      input,
      offset: 0,
      excerpt: firstLine(trimmed),
      hint: 'The server probably answered with an error page; check the URL and that net/http/pprof is registered',
    });
  }
  // Printable text all the way (a debug=1/debug=2 dump, a 404 body): not a protobuf.
  if (head.length >= 8 && /^[\t\n\r\x20-\x7e]+$/.test(head.slice(0, 64)) && !looksLikeProtobufStart(bytes)) {
    throw new InputError('the input is text, not a pprof protobuf profile', {
      stage: 'decoding protobuf',
      input,
      offset: 0,
      excerpt: firstLine(trimmed),
    });
  }
}

/** Field 1 (sample_type) or 6 (string_table) with wire type 2 is how real profiles begin. */
function looksLikeProtobufStart(bytes: Uint8Array): boolean {
  const b = bytes[0]!;
  return b === 0x0a || b === 0x12 || b === 0x1a || b === 0x22 || b === 0x2a || b === 0x32;
}

function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  return nl < 0 ? s : s.slice(0, nl);
}
