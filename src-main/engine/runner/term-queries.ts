// What counts as a terminal query: the sequences a terminal answers by "typing" a reply, as the
// scanner (term-scanner.ts) classifies them once it has a sequence's bytes.

export type QueryKind =
  | 'da1' // CSI c, CSI 0 c
  | 'da2' // CSI > c
  | 'da3' // CSI = c
  | 'dsr' // CSI 5 n, CSI 6 n (CPR), CSI ? 6 n (DECXCPR), other DSRs
  | 'decrqm' // CSI ? Ps $ p, CSI Ps $ p
  | 'xtversion' // CSI > q, CSI > 0 q
  | 'kitty-keyboard' // CSI ? u
  | 'csi-report' // other CSI requests that make a terminal reply (XTWINOPS reports, DECRQCRA, ...)
  | 'decid' // ESC Z
  | 'osc' // OSC 4/5/10-19/21/22/52/99 with a `?` (colour, clipboard, notification queries)
  | 'clipboard' // OSC 52 that sets the clipboard: never replayed, so history cannot overwrite it
  | 'decrqss' // DCS $ q Pt ST
  | 'xtgettcap'; // DCS + q Pt ST

export interface TerminalQuery {
  kind: QueryKind;
  /** CSI/DCS prefix character ('?', '>', '=', '<') or '' */
  prefix: string;
  /** Numeric parameters (CSI), the OSC number first for OSC; -1 for an empty parameter. */
  params: number[];
  /** OSC payload after the number (e.g. `?` for `OSC 11;?`), DCS payload; '' otherwise. */
  payload: string;
  /** How the sequence ended: BEL or ST (answers to OSC queries reuse it). */
  terminator: 'bel' | 'st' | '';
  /** The string was longer than MAX_QUERY_STRING: its payload was not kept (never answered). */
  truncated?: boolean;
}

export interface QueryEvents {
  /** A complete query occupying stream positions [start, end). */
  query(q: TerminalQuery, start: number, end: number): void;
  /** DECSET/DECRST of a private mode (`CSI ? Pm h/l`), so DECRQM answers can report it. */
  privateMode?(mode: number, set: boolean): void;
}

const ESC = 0x1b;

/** OSC numbers whose `?` form asks the terminal for something. */
export const QUERY_OSC = new Set([4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 52, 99]);

export interface CsiHead {
  /** '?', '>', '=', '<' or '' */
  prefix: string;
  params: number[];
  intermediates: string;
}

/** The query a dispatched CSI is, or null. `questionAfterPrefix`: a `?` among its parameters. */
export function classifyCsi(head: CsiHead, final: number, ignored: boolean, questionAfterPrefix: boolean): QueryKind | null {
  const { prefix, params, intermediates } = head;
  const f = String.fromCharCode(final);
  // XTQMODKEYS (CSI ? Pp m) and `CSI > Pp ; ? m` (malformed, but some terminals answer it).
  if (f === 'm') return prefix === '?' || (prefix === '>' && questionAfterPrefix) ? 'csi-report' : null;
  if (ignored) return null;
  if (f === 'c' && intermediates === '') return prefix === '>' ? 'da2' : prefix === '=' ? 'da3' : prefix === '' ? 'da1' : null;
  if (f === 'n' && intermediates === '' && (prefix === '' || prefix === '?')) return 'dsr';
  if (f === 'p' && intermediates === '$' && (prefix === '' || prefix === '?')) return 'decrqm';
  if (f === 'q' && prefix === '>' && intermediates === '') return 'xtversion';
  if (f === 'u') {
    if (prefix === '?' && intermediates === '') return 'kitty-keyboard';
    return intermediates === '$' || intermediates === '&' ? 'csi-report' : null; // DECRQTSR, DECRQUPSS
  }
  if (f === 't' && prefix === '' && intermediates === '') {
    // XTWINOPS reports (sizes, positions, titles).
    const p = params[0] ?? -1;
    return p === 11 || p === 13 || p === 14 || p === 15 || p === 16 || p === 18 || p === 19 || p === 20 || p === 21 ? 'csi-report' : null;
  }
  if (
    (f === 'x' && prefix === '' && intermediates === '') || // DECREQTPARM
    (f === 'y' && intermediates === '*') || // DECRQCRA
    (f === 'w' && intermediates === '$') || // DECRQPSR
    (f === 'S' && prefix === '?') || // XTSMGRAPHICS
    (f === '|' && (intermediates === '#' || intermediates === "'")) // XTREPORTSGR, DECRQLP
  ) {
    return 'csi-report';
  }
  return null;
}

export function isPrefix(b: number): boolean {
  return b >= 0x3c && b <= 0x3f;
}

/** Prefix, numeric parameters (-1 for an empty one) and intermediates of a CSI/DCS header. */
export function splitCsiHead(head: Uint8Array, length: number): CsiHead {
  let k = 0;
  let prefix = '';
  if (length > 0 && isPrefix(head[0]!)) prefix = String.fromCharCode(head[k++]!);
  const params: number[] = [];
  let current = -1;
  let any = false;
  for (; k < length; k++) {
    const b = head[k]!;
    if (b >= 0x30 && b <= 0x39) {
      current = (current < 0 ? 0 : current * 10) + (b - 0x30);
      any = true;
    } else if (b === 0x3b || b === 0x3a) {
      params.push(current);
      current = -1;
      any = true;
    } else break;
  }
  if (any) params.push(current);
  let intermediates = '';
  for (; k < length; k++) {
    const b = head[k]!;
    if (b >= 0x20 && b <= 0x2f) intermediates += String.fromCharCode(b);
  }
  return { prefix, params, intermediates };
}
/** CSI finals that can make a query or a mode change; any other complete CSI is skipped whole. */
const CSI_FINAL_OF_INTEREST = new Uint8Array(128);
for (const f of 'cnpqutxywS|hl') CSI_FINAL_OF_INTEREST[f.charCodeAt(0)] = 1;

/**
 * The common case, fast: a complete CSI that is none of ours (SGR colours, cursor moves, erases)
 * lying wholly in this chunk. Returns the index after it, or 0 to let the state machine handle the
 * sequence (a possible query, an incomplete one, a control byte inside, or a malformed one).
 */
export function skipPlainCsi(chunk: Uint8Array, at: number): number {
  if (chunk[at] !== ESC || chunk[at + 1] !== 0x5b) return 0;
  let j = at + 2;
  const first = chunk[j];
  const n = chunk.length;
  while (j < n) {
    const c = chunk[j]!;
    if (c < 0x20 || c > 0x3f) break;
    j++;
  }
  if (j >= n) return 0;
  const f = chunk[j]!;
  if (f < 0x40 || f > 0x7e) return 0;
  // `m` is SGR unless it carries a `?`/`>` prefix (the modifier-key queries).
  if (f === 0x6d ? first === 0x3f || first === 0x3e : CSI_FINAL_OF_INTEREST[f] === 1) return 0;
  return j + 1;
}
