// The last screen of a full-screen (alternate-screen) agent. A TUI draws in the alternate screen and
// restores the normal one when it exits, so replaying its log ends on a blank normal screen; and
// stripping escapes from its log gives fragments of every frame. What the user last saw is the
// alternate screen just before the TUI left it (or at the end, if it never did): rendered here by
// a headless xterm, server-side, because only the host has the whole log and the byte position of
// the last switch; the UI and `switchyard logs` both show this text.
import type * as XtermHeadless from '@xterm/headless';

// DECSET/DECRST of the alternate screen buffers (1049, 1047, 47), possibly among other modes.
const ALT_TOGGLE = /\x1b\[\?([\d;]+)([hl])/g;
const ALT_MODES = new Set(['1049', '1047', '47']);
// Cursor positions (CSI row;col H) tell how big the screen was; the log does not record resizes.
const CUP = /\x1b\[(\d+)(?:;(\d+))?[Hf]/g;
const CLEAR = '\x1b[2J';
/** At most this much of the log is replayed to draw the screen (from its last full clear if any). */
const MAX_REPLAY = 16 * 1024 * 1024;

export interface AltScreenSpan {
  /** Byte offset of the last switch to the alternate screen. */
  enter: number;
  /** Byte offset of the switch back after it, or null: the log ends in the alternate screen. */
  leave: number | null;
}

/** The last alternate-screen stretch of a log, or null when it never used one. */
export function lastAltScreen(log: Buffer): AltScreenSpan | null {
  // latin1 keeps byte offsets equal to string indexes.
  const text = log.toString('latin1');
  let enter: number | null = null;
  let leave: number | null = null;
  ALT_TOGGLE.lastIndex = 0;
  for (let m = ALT_TOGGLE.exec(text); m; m = ALT_TOGGLE.exec(text)) {
    if (!m[1]!.split(';').some((p) => ALT_MODES.has(p))) continue;
    if (m[2] === 'h') {
      enter = m.index;
      leave = null;
    } else if (enter !== null && leave === null) leave = m.index;
  }
  return enter === null ? null : { enter, leave };
}

export interface LastScreen {
  lines: string[];
  cols: number;
  rows: number;
  /** True when the log ends in the alternate screen (the agent was still full-screen). */
  stillInAltScreen: boolean;
  /** Text the agent printed after leaving the alternate screen (a goodbye, a resume hint). */
  after: string[];
}

function screenSize(segment: string): { cols: number; rows: number } {
  let rows = 24;
  let cols = 80;
  CUP.lastIndex = 0;
  for (let m = CUP.exec(segment); m; m = CUP.exec(segment)) {
    rows = Math.max(rows, Number(m[1]));
    if (m[2]) cols = Math.max(cols, Number(m[2]));
  }
  // A little room on the right: text written past the last addressed column must not wrap.
  return { cols: Math.min(cols + 40, 1000), rows: Math.min(rows, 500) };
}

async function loadTerminal(): Promise<typeof XtermHeadless.Terminal> {
  // A CommonJS package: under Node's ESM loader its exports sit on `default`.
  const mod = (await import('@xterm/headless')) as typeof XtermHeadless & { default?: typeof XtermHeadless };
  const Terminal = mod.Terminal ?? mod.default?.Terminal;
  if (!Terminal) throw new Error('@xterm/headless did not load');
  return Terminal;
}

/** Renders the last alternate screen of `log` (see lastAltScreen) as text lines, trailing blanks dropped. */
export async function renderLastScreen(log: Buffer, span: AltScreenSpan, afterLines: string[] = []): Promise<LastScreen> {
  const end = span.leave ?? log.length;
  const segment = log.subarray(span.enter, end).toString('latin1');
  // Replay from the last full clear: what came before it is no longer on screen.
  let from = segment.lastIndexOf(CLEAR);
  if (from < 0) from = 0;
  if (segment.length - from > MAX_REPLAY) from = segment.length - MAX_REPLAY;
  const size = screenSize(segment.slice(from));
  const Terminal = await loadTerminal();
  const term = new Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true, scrollback: 0 });
  try {
    // Into the alternate screen first, so the replay draws where the agent drew.
    const bytes = Buffer.concat([Buffer.from('\x1b[?1049h'), log.subarray(span.enter + from, end)]);
    await new Promise<void>((resolve) => term.write(bytes, resolve));
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
    return { lines, cols: size.cols, rows: size.rows, stillInAltScreen: span.leave === null, after: afterLines };
  } finally {
    term.dispose();
  }
}
