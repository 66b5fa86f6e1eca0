// The size (columns x rows) a new session's terminal will have when it is shown, so its PTY can
// start at that size: the last size a single session's terminal was fitted to, else an estimate
// from the window (first session of a fresh page). The terminal view resizes the PTY again once it
// is laid out, so an estimate only has to be close.
import type { TerminalSize } from '../../../src-main/api';

let lastSingle: TerminalSize | null = null;

/** Called by the single (not split) session view each time it fits its terminal. */
export function rememberViewSize(size: TerminalSize): void {
  if (size.cols > 1 && size.rows > 1) lastSingle = { cols: size.cols, rows: size.rows };
}

/** The terminals' font (TerminalPane), measured here for the estimate. */
export const TERMINAL_FONT = '"JetBrains Mono", "Cascadia Code", "Fira Code", Menlo, Consolas, "DejaVu Sans Mono", monospace';
export const TERMINAL_FONT_SIZE = 13;
export const TERMINAL_LINE_HEIGHT = 1.15;

// The space around the terminal in the session view (sidebar, header, bar, paddings, scrollbar);
// used only before any terminal was shown.
const CHROME_W = 300;
const MAIN_PAD_W = 70;
const CHROME_H = 260;

function cellWidth(): number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return 7.8;
  ctx.font = `${TERMINAL_FONT_SIZE}px ${TERMINAL_FONT}`;
  return ctx.measureText('W'.repeat(40)).width / 40 || 7.8;
}

export function expectedViewSize(): TerminalSize {
  if (lastSingle) return lastSingle;
  const main = document.querySelector('.main-col');
  const width = main ? main.clientWidth - MAIN_PAD_W : window.innerWidth - CHROME_W;
  const height = main ? main.clientHeight - CHROME_H : window.innerHeight - CHROME_H;
  const rowHeight = Math.ceil(TERMINAL_FONT_SIZE * TERMINAL_LINE_HEIGHT);
  return { cols: Math.max(20, Math.floor(width / cellWidth())), rows: Math.max(5, Math.floor(height / rowHeight)) };
}
