// Finds the terminal queries (sequences a terminal answers by "typing" a reply) in an agent's
// output stream, across chunk boundaries. Used twice: the runner answers them while no terminal is
// attached, and clients strip them from replayed history so a terminal never answers stale ones.
//
// Hand-written because no maintained package exposes a streaming VT parser over raw bytes that
// reports sequence byte ranges; it follows xterm.js's VT500 transition table (the terminal the UI
// uses) where that matters for safety: every ESC and every C1 introducer starts a new sequence in
// any state, C0 controls inside a CSI are executed (not an abort), CAN/SUB abort, an OSC/DCS string
// ends at BEL (OSC), ST, or any ESC. Hot path: ground text is skipped with indexOf, so output
// without escape sequences costs two native scans per chunk.
import { QUERY_OSC, classifyCsi, skipPlainCsi, splitCsiHead } from './term-queries';
import type { QueryEvents, QueryKind } from './term-queries';

export type { QueryEvents, QueryKind, TerminalQuery } from './term-queries';

const ESC = 0x1b;
const C2 = 0xc2; // UTF-8 lead byte of U+0080..U+00BF: C1 controls arrive as C2 80..C2 9F
const CAN = 0x18;
const SUB = 0x1a;
const BEL = 0x07;

const enum S {
  Ground,
  Escape,
  EscapeIntermediate,
  Csi,
  CsiIgnore,
  Osc,
  DcsHead,
  DcsBody,
  String, // SOS/PM/APC: consumed, never a query
}

/** Header bytes kept for classification (params, prefix, intermediates); longer ones are not queries. */
const MAX_HEAD = 64;
/** OSC/DCS payload kept for classification; a longer query-capable string is decided at the cap. */
export const MAX_QUERY_STRING = 4096;

export class QueryScanner {
  /** Stream position of the next byte to be fed. */
  pos = 0;
  private state: S = S.Ground;
  /** Stream position where the current (unfinished) sequence began, or -1. */
  private seqStart = -1;
  private head = new Uint8Array(MAX_HEAD);
  private headLen = 0;
  private headOverflow = false;
  /** OSC number / DCS final, once known; -1 while still reading it. */
  private oscNumber = -1;
  private stringBytes: number[] = [];
  private stringOverflow = false;
  private dcsQuery: QueryKind | null = null;
  /** Saw ESC inside an OSC/DCS/String: ST if `\` follows, else a new sequence. */
  private stringEsc = false;
  /** Saw 0xC2 at this position: the next byte decides whether it was a C1 control. */
  private c2At = -1;

  /** Where the unfinished sequence at the end of the stream so far began, or -1 in ground state. */
  get pendingStart(): number {
    if (this.c2At >= 0 && this.state === S.Ground) return this.c2At;
    return this.state === S.Ground ? -1 : this.seqStart;
  }

  /** Whether the unfinished sequence can still turn out to be a query (clients hold such bytes back). */
  get pendingMayBeQuery(): boolean {
    switch (this.state) {
      case S.Ground:
        return this.c2At >= 0;
      case S.Escape:
      case S.Csi:
      case S.CsiIgnore:
        return !this.headOverflow;
      case S.Osc:
        return this.oscNumber < 0 ? this.headLen < 8 : QUERY_OSC.has(this.oscNumber) && !this.stringOverflow;
      case S.DcsHead:
        return !this.headOverflow;
      case S.DcsBody:
        return this.dcsQuery !== null && !this.stringOverflow;
      default:
        return false;
    }
  }

  feed(chunk: Uint8Array, events: QueryEvents): void {
    const base = this.pos;
    const n = chunk.length;
    // Cached positions of the next interesting bytes (-1: none left in this chunk), so a chunk is
    // scanned for each of them once, however many sequences it holds.
    let nextEsc = -2;
    let nextC2 = -2;
    let nextBel = -2;
    let i = 0;
    while (i < n) {
      const skip = this.skippable();
      if (skip !== 0) {
        // Fast path: text, or a string we do not classify: jump to the next byte that can end it
        // or start a sequence. (CAN/SUB are not searched: missing one only delays our return to
        // ground until the next ESC, and no query can start without an ESC or a C1.)
        if (nextEsc !== -1 && nextEsc < i) nextEsc = chunk.indexOf(ESC, i);
        if (nextC2 !== -1 && nextC2 < i) nextC2 = chunk.indexOf(C2, i);
        let next = nextEsc < 0 ? nextC2 : nextC2 < 0 ? nextEsc : Math.min(nextEsc, nextC2);
        if (skip === 2) {
          if (nextBel !== -1 && nextBel < i) nextBel = chunk.indexOf(BEL, i);
          if (nextBel >= 0 && (next < 0 || nextBel < next)) next = nextBel;
        }
        if (next < 0) break;
        i = next;
        if (i === nextC2 && i + 1 < n) {
          // C2 A0..C2 BF is an ordinary character (NBSP, °, ·); C2 80..C2 9F is a C1 control.
          const after = chunk[i + 1]!;
          if (after >= 0xa0 && after <= 0xbf) {
            i += 2;
            continue;
          }
        }
        if (skip === 1 && this.state === S.Ground) {
          const end = skipPlainCsi(chunk, i);
          if (end > 0) {
            i = end;
            continue;
          }
        }
      }
      this.step(chunk[i]!, base + i, events);
      i++;
    }
    this.pos = base + n;
  }

  /** 0: every byte matters; 1: only ESC/C1 can change anything; 2: the same, plus BEL (an OSC). */
  private skippable(): 0 | 1 | 2 {
    if (this.c2At >= 0 || this.stringEsc) return 0;
    switch (this.state) {
      case S.Ground:
      case S.String:
        return 1;
      case S.DcsBody:
        return this.dcsQuery ? 0 : 1;
      case S.Osc:
        return this.oscNumber >= 0 && !QUERY_OSC.has(this.oscNumber) ? 2 : 0;
      default:
        return 0;
    }
  }

  private step(b: number, at: number, ev: QueryEvents): void {
    if (this.c2At >= 0) {
      const c2At = this.c2At;
      this.c2At = -1;
      if (b >= 0x80 && b <= 0x9f) {
        this.c1(b, c2At, at, ev);
        return;
      }
      // An ordinary character U+00A0..U+00BF: inside a CSI/escape it aborts, in strings it is payload.
      if (this.state === S.Escape || this.state === S.EscapeIntermediate || this.state === S.Csi || this.state === S.DcsHead) this.toGround();
      else if (this.state === S.Osc) this.pushString(0xc2);
      if (b === ESC || b === C2) {
        this.step(b, at, ev);
        return;
      }
      if (this.state === S.Osc) this.pushString(b);
      return;
    }
    if (this.stringEsc) {
      this.stringEsc = false;
      if (b === 0x5c) {
        this.endString('st', at + 1, ev);
        return;
      }
      // The string ended at that ESC (xterm.js dispatches it); the ESC begins the next sequence.
      this.endString('st', at - 1, ev);
      this.begin(S.Escape, at - 1);
      this.step(b, at, ev);
      return;
    }
    if (b === CAN || b === SUB) {
      this.toGround();
      return;
    }
    if (b === C2) {
      this.c2At = at;
      return;
    }
    switch (this.state) {
      case S.Ground:
        if (b === ESC) this.begin(S.Escape, at);
        return;
      case S.Escape:
        return this.escape(b, at, ev);
      case S.EscapeIntermediate:
        if (b === ESC) this.begin(S.Escape, at);
        else if (b >= 0x30 && b <= 0x7e) this.toGround();
        else if (b >= 0x80) this.toGround();
        return;
      case S.Csi:
      case S.CsiIgnore:
        return this.csi(b, at, ev);
      case S.Osc:
        if (b === ESC) this.stringEsc = true;
        else if (b === BEL) this.endString('bel', at + 1, ev);
        else this.osc(b);
        return;
      case S.DcsHead:
        return this.dcsHead(b, at);
      case S.DcsBody:
      case S.String:
        if (b === ESC) this.stringEsc = true;
        else if (this.state === S.DcsBody && this.dcsQuery) this.pushString(b);
        return;
    }
  }

  private c1(b: number, start: number, at: number, ev: QueryEvents): void {
    if (b === 0x9c) {
      // ST: ends a string (dispatching an OSC/DCS); elsewhere it is ignored.
      if (this.state === S.Osc || this.state === S.DcsBody || this.state === S.String) this.endString('st', at + 1, ev);
      else this.toGround();
      return;
    }
    if (this.state === S.Osc || this.state === S.DcsBody || this.state === S.String) this.endString('st', start, ev);
    if (b === 0x9b) this.begin(S.Csi, start);
    else if (b === 0x9d) this.begin(S.Osc, start);
    else if (b === 0x90) this.begin(S.DcsHead, start);
    else if (b === 0x98 || b === 0x9e || b === 0x9f) this.begin(S.String, start);
    else this.toGround(); // other C1 controls are executed and abort a sequence
  }

  private escape(b: number, at: number, ev: QueryEvents): void {
    if (b === ESC) return this.begin(S.Escape, at);
    if (b < 0x20) return; // executed, the escape continues
    switch (b) {
      case 0x5b: // [
        return this.enter(S.Csi);
      case 0x5d: // ]
        return this.enter(S.Osc);
      case 0x50: // P
        return this.enter(S.DcsHead);
      case 0x58: // X
      case 0x5e: // ^
      case 0x5f: // _
        return this.enter(S.String);
      case 0x5a: // Z: DECID, answered like DA1 by xterm
        ev.query({ kind: 'decid', prefix: '', params: [], payload: '', terminator: '' }, this.seqStart, at + 1);
        return this.toGround();
    }
    if (b >= 0x20 && b <= 0x2f) this.state = S.EscapeIntermediate;
    else this.toGround();
  }

  private csi(b: number, at: number, ev: QueryEvents): void {
    if (b === ESC) return this.begin(S.Escape, at);
    if (b < 0x20 || b === 0x7f) return; // C0 executed inside the sequence, DEL ignored
    if (b >= 0x40 && b <= 0x7e) {
      if (!this.headOverflow) this.dispatchCsi(b, this.state === S.CsiIgnore, this.seqStart, at + 1, ev);
      this.toGround();
      return;
    }
    if (b >= 0x80) return this.toGround(); // xterm.js: non-ASCII aborts a CSI
    // 0x20-0x3f: prefix, parameters, intermediates. A prefix byte after the first position, or a
    // parameter after an intermediate, makes it malformed (xterm.js ignores it: CSI_IGNORE).
    if (b >= 0x3c && b <= 0x3f && this.headLen > 0) this.state = S.CsiIgnore;
    else if (b >= 0x30 && b <= 0x3f && this.headLen > 0 && this.head[this.headLen - 1]! < 0x30) this.state = S.CsiIgnore;
    this.pushHead(b);
  }

  private dispatchCsi(final: number, ignored: boolean, start: number, end: number, ev: QueryEvents): void {
    const head = splitCsiHead(this.head, this.headLen);
    if (!ignored && (final === 0x68 || final === 0x6c)) {
      // DECSET/DECRST: tracked so DECRQM answers report what the agent set.
      if (head.prefix === '?' && head.intermediates === '' && ev.privateMode) for (const p of head.params) if (p >= 0) ev.privateMode(p, final === 0x68);
      return;
    }
    const kind = classifyCsi(head, final, ignored, this.headHas(0x3f, 1));
    if (kind) ev.query({ kind, prefix: head.prefix, params: head.params, payload: '', terminator: '' }, start, end);
  }

  private osc(b: number): void {
    if (this.oscNumber < 0) {
      if (b >= 0x30 && b <= 0x39 && this.headLen < 8) {
        this.pushHead(b);
        return;
      }
      this.oscNumber = this.headLen > 0 && this.headLen < 8 ? Number(String.fromCharCode(...this.head.subarray(0, this.headLen))) : 1_000_000;
      if (b !== 0x3b) this.oscNumber = 1_000_000; // not `Ps;`: nothing we classify
      return;
    }
    if (QUERY_OSC.has(this.oscNumber)) this.pushString(b);
  }

  private dcsHead(b: number, at: number): void {
    if (b === ESC) return this.begin(S.Escape, at);
    if (b < 0x20 || b === 0x7f) return;
    if (b >= 0x80) return this.toGround();
    if (b >= 0x40 && b <= 0x7e) {
      const { prefix, intermediates } = splitCsiHead(this.head, this.headLen);
      this.dcsQuery = b === 0x71 && prefix === '' && intermediates === '$' ? 'decrqss' : b === 0x71 && prefix === '' && intermediates === '+' ? 'xtgettcap' : null;
      this.state = S.DcsBody;
      return;
    }
    this.pushHead(b);
  }

  private endString(terminator: 'bel' | 'st', end: number, ev: QueryEvents): void {
    const start = this.seqStart;
    const state = this.state;
    const payload = this.stringOverflow ? '' : Buffer.from(this.stringBytes).toString('latin1');
    const overflow = this.stringOverflow;
    const osc = this.oscNumber;
    const dcs = this.dcsQuery;
    this.toGround();
    if (state === S.Osc && QUERY_OSC.has(osc)) {
      if (osc === 52 && (overflow || !payload.includes('?'))) {
        ev.query({ kind: 'clipboard', prefix: '', params: [52], payload: '', terminator, truncated: overflow }, start, end);
      } else if (!overflow && payload.includes('?')) {
        ev.query({ kind: 'osc', prefix: '', params: [osc], payload, terminator }, start, end);
      }
    } else if (state === S.DcsBody && dcs) {
      ev.query({ kind: dcs, prefix: '', params: [], payload, terminator, truncated: overflow }, start, end);
    }
  }

  private begin(state: S, at: number): void {
    this.toGround();
    this.state = state;
    this.seqStart = at;
  }

  private enter(state: S): void {
    this.state = state;
    this.headLen = 0;
    this.headOverflow = false;
  }

  private toGround(): void {
    this.state = S.Ground;
    this.seqStart = -1;
    this.headLen = 0;
    this.headOverflow = false;
    this.oscNumber = -1;
    if (this.stringBytes.length) this.stringBytes = [];
    this.stringOverflow = false;
    this.dcsQuery = null;
    this.stringEsc = false;
  }

  private pushHead(b: number): void {
    if (this.headLen < MAX_HEAD) this.head[this.headLen++] = b;
    else this.headOverflow = true;
  }

  private pushString(b: number): void {
    if (this.stringOverflow) return;
    if (this.stringBytes.length >= MAX_QUERY_STRING) {
      this.stringOverflow = true;
      this.stringBytes = [];
      return;
    }
    this.stringBytes.push(b);
  }

  private headHas(byte: number, from: number): boolean {
    for (let k = from; k < this.headLen; k++) if (this.head[k] === byte) return true;
    return false;
  }
}
