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

// Cell metrics of the terminal font (13 px, line height 1.15) and the space around the terminal in
// the session view (sidebar, header, bar); used only before any terminal was shown.
const CELL_W = 7.8;
const CELL_H = 15;
const CHROME_W = 300;
const CHROME_H = 260;

export function expectedViewSize(): TerminalSize {
  if (lastSingle) return lastSingle;
  const main = document.querySelector('.main-col');
  const width = main ? main.clientWidth - 40 : window.innerWidth - CHROME_W;
  const height = main ? main.clientHeight - CHROME_H : window.innerHeight - CHROME_H;
  return { cols: Math.max(20, Math.floor(width / CELL_W)), rows: Math.max(5, Math.floor(height / CELL_H)) };
}
