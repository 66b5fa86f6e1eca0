// Splits a byte stream into JSON objects, one per line, as agent CLIs print them. Input may come
// from a PTY: chunks end mid-line or mid-character, lines end in CRLF, and escape sequences or
// plain text can sit between (or in front of) the JSON lines. Anything that is not a JSON object
// is skipped, never an error: a metrics parser must not break the session it watches.
import { StringDecoder } from 'node:string_decoder';

/** One unterminated line longer than this is dropped (a runaway non-JSON line, not a record). */
export const MAX_LINE_CHARS = 32 * 1024 * 1024;

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other escapes (charset, keypad modes), and stray C0
// controls except tab. Raw control bytes cannot occur inside a JSON string (they must be
// escaped there), so removing them never alters a real record.
const TERMINAL_NOISE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]|[\x00-\x08\x0b-\x1f\x7f]/g;

export function stripTerminalNoise(line: string): string {
  return line.replace(TERMINAL_NOISE, '');
}

/** Parses one line; returns the object, or null for anything else. */
export function parseJsonObjectLine(line: string): Record<string, unknown> | null {
  const clean = stripTerminalNoise(line).trim();
  const start = clean.indexOf('{');
  const end = clean.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    const value: unknown = JSON.parse(clean.slice(start, end + 1));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export class JsonLineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  /** Lines that were not JSON objects (terminal noise, warnings). */
  skippedLines = 0;

  /** Feeds a chunk; returns the objects of the lines it completed. */
  push(chunk: Buffer | Uint8Array | string): Array<Record<string, unknown>> {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.from(chunk));
    const out: Array<Record<string, unknown>> = [];
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      this.take(this.pending.slice(0, nl), out);
      this.pending = this.pending.slice(nl + 1);
      nl = this.pending.indexOf('\n');
    }
    if (this.pending.length > MAX_LINE_CHARS) {
      this.pending = '';
      this.skippedLines++;
    }
    return out;
  }

  /** Flushes the last line when the stream ends without a newline. */
  end(): Array<Record<string, unknown>> {
    this.pending += this.decoder.end();
    const out: Array<Record<string, unknown>> = [];
    if (this.pending.length > 0) this.take(this.pending, out);
    this.pending = '';
    return out;
  }

  private take(line: string, out: Array<Record<string, unknown>>): void {
    if (line.trim() === '') return;
    const value = parseJsonObjectLine(line);
    if (value) out.push(value);
    else this.skippedLines++;
  }
}
