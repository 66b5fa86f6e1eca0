// Terminal output as plain text lines, streaming, in bounded memory: what `switchyard logs` prints
// for an interactive session and what "Search all output" searches, so a hit's line number is the
// line `logs` prints. Escape sequences (CSI, OSC, DCS/APC/PM/SOS strings, charset selections) are
// removed; a carriage return, backspace or column move overwrites the line as a terminal would
// (a progress bar leaves its last state); a move to another row (TUIs place text with cursor
// addressing, not newlines) ends the line. Hand-written because strip-ansi and the like only
// delete sequences — they neither end lines on row moves nor overwrite on carriage returns — and a
// headless xterm keeps a screen, not the history a search needs.
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is cut into pieces (a runaway line without a newline). */
export const MAX_LINE_CHARS = 1024 * 1024;
const MAX_COL = 10_000;
const MAX_STRING = 64 * 1024;

type State = 'ground' | 'esc' | 'escInter' | 'csi' | 'osc' | 'str' | 'strEsc';

// Controls, DEL and C1 controls: everything else is printable text.
const SPECIAL = /[\x00-\x1f\x7f-\x9f]/g;
// Whole sequences within one chunk, taken in one step (the state machine handles those cut by a chunk end).
const CSI_AT = /\x1b\[([0-?]*)[ -/]*([@-~])/y;
/** The CSI finals that move the cursor or erase text; all others are ignored. */
const LAYOUT_FINALS = new Set(['K', 'G', '`', 'C', 'a', 'D', 'H', 'f', 'A', 'B', 'd', 'e', 'E', 'F', 'J']);
const OSC_AT = /\x1b\][^\x07\x1b]{0,65536}(?:\x07|\x1b\\)/y;

export class TerminalText {
  private readonly decoder = new StringDecoder('utf8');
  private state: State = 'ground';
  private params = '';
  private stringLen = 0;
  private line = '';
  private col = 0;

  /** `onLine` gets each finished line, right-trimmed, in order. */
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.feed(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** Flushes the last line (if it has text). */
  end(): void {
    this.feed(this.decoder.end());
    if (this.line.trim() !== '') this.emit();
    this.line = '';
    this.col = 0;
  }

  private emit(): void {
    this.onLine(this.line.trimEnd());
    this.line = '';
    this.col = 0;
  }

  /** A move to another row: the text so far is a line of its own. */
  private breakLine(col = this.col): void {
    if (this.line.trim() !== '') this.emit();
    else this.line = '';
    this.col = Math.min(col, MAX_COL);
  }

  private write(text: string): void {
    if (this.col === this.line.length) this.line += text;
    else if (this.col > this.line.length) this.line = this.line.padEnd(this.col) + text;
    else this.line = this.line.slice(0, this.col) + text + this.line.slice(this.col + text.length);
    this.col += text.length;
    while (this.line.length > MAX_LINE_CHARS) {
      const rest = this.line.slice(MAX_LINE_CHARS);
      this.line = this.line.slice(0, MAX_LINE_CHARS);
      this.emit();
      this.line = rest;
      this.col = rest.length;
    }
  }

  private feed(text: string): void {
    let i = 0;
    while (i < text.length) {
      if (this.state === 'ground') {
        SPECIAL.lastIndex = i;
        const m = SPECIAL.exec(text);
        const stop = m ? m.index : text.length;
        if (stop > i) this.write(text.slice(i, stop));
        if (!m) return;
        const code = text.charCodeAt(stop);
        if (code === 0x1b) {
          CSI_AT.lastIndex = stop;
          const csi = CSI_AT.exec(text);
          if (csi) {
            this.csi(csi[2]!, csi[1]!);
            i = stop + csi[0].length;
            continue;
          }
          OSC_AT.lastIndex = stop;
          const osc = OSC_AT.exec(text);
          if (osc) {
            i = stop + osc[0].length;
            continue;
          }
        }
        this.control(code);
        i = stop + 1;
        continue;
      }
      this.sequence(text[i]!);
      i++;
    }
  }

  private control(code: number): void {
    switch (code) {
      case 0x0a: // LF: a real line end, kept even when blank
      case 0x0b:
      case 0x0c:
        this.emit();
        return;
      case 0x0d:
        this.col = 0;
        return;
      case 0x08:
        this.col = Math.max(0, this.col - 1);
        return;
      case 0x09: {
        const next = Math.min(MAX_COL, (Math.floor(this.col / 8) + 1) * 8);
        if (next > this.line.length) this.line = this.line.padEnd(next);
        this.col = next;
        return;
      }
      case 0x1b:
        this.state = 'esc';
        return;
      case 0x9b:
        this.state = 'csi';
        this.params = '';
        return;
      default:
        return; // BEL, NUL, other C0/C1 controls: nothing to show
    }
  }

  private sequence(ch: string): void {
    switch (this.state) {
      case 'esc':
        this.state = 'ground';
        if (ch === '[') {
          this.state = 'csi';
          this.params = '';
        } else if (ch === ']') this.startString('osc');
        else if (ch === 'P' || ch === 'X' || ch === '^' || ch === '_') this.startString('str');
        else if (ch >= ' ' && ch <= '/') this.state = 'escInter'; // ESC ( B and friends: one more byte
        else if (ch === 'D' || ch === 'M') this.breakLine();
        else if (ch === 'E' || ch === 'c') this.breakLine(0);
        return;
      case 'escInter':
        if (ch < ' ' || ch > '/') this.state = 'ground';
        return;
      case 'csi': {
        const c = ch.charCodeAt(0);
        if (c >= 0x40 && c <= 0x7e) {
          this.state = 'ground';
          this.csi(ch, this.params);
        } else if (c < 0x20 || this.params.length > 256) this.state = 'ground';
        else this.params += ch;
        return;
      }
      case 'osc':
      case 'str':
        if (ch === '\x07' && this.state === 'osc') this.state = 'ground';
        else if (ch === '\x1b') this.state = 'strEsc';
        else if (++this.stringLen > MAX_STRING) this.state = 'ground';
        return;
      case 'strEsc':
        // ESC \ ends the string; any other ESC starts a new sequence.
        if (ch === '\\') this.state = 'ground';
        else {
          this.state = 'esc';
          this.sequence(ch);
        }
        return;
      default:
        return;
    }
  }

  private startString(state: 'osc' | 'str'): void {
    this.state = state;
    this.stringLen = 0;
  }

  private csi(final: string, params: string): void {
    // Colours (the most frequent by far) and private modes/queries (?, >, =, <) change no text.
    if (final === 'm' || (params.length > 0 && params.charCodeAt(0) >= 0x3c)) return;
    if (!LAYOUT_FINALS.has(final)) return;
    const nums = params === '' ? [] : params.split(';').map((p) => Number.parseInt(p, 10));
    const n = (i: number, dflt = 1) => (Number.isFinite(nums[i]) && nums[i]! > 0 ? nums[i]! : dflt);
    switch (final) {
      case 'K': {
        const mode = Number.isFinite(nums[0]) ? nums[0]! : 0;
        if (mode === 0) this.line = this.line.slice(0, this.col);
        else if (mode === 1) this.line = ' '.repeat(Math.min(this.col + 1, this.line.length)) + this.line.slice(this.col + 1);
        else this.line = '';
        return;
      }
      case 'G':
      case '`':
        this.col = Math.min(n(0) - 1, MAX_COL);
        return;
      case 'C':
      case 'a':
        this.col = Math.min(this.col + n(0), MAX_COL);
        return;
      case 'D':
        this.col = Math.max(0, this.col - n(0));
        return;
      case 'H':
      case 'f':
        this.breakLine(n(1) - 1);
        return;
      case 'A':
      case 'B':
      case 'd':
      case 'e':
        this.breakLine();
        return;
      case 'E':
      case 'F':
        this.breakLine(0);
        return;
      case 'J':
        if (n(0, 0) >= 2) this.breakLine(0);
        return;
      default:
        return; // colours (m), scroll regions, modes...: nothing to show
    }
  }
}

/** A whole log's text lines. */
export function terminalTextLines(bytes: Buffer | string): string[] {
  const lines: string[] = [];
  const t = new TerminalText((l) => lines.push(l));
  t.push(bytes);
  t.end();
  return lines;
}
