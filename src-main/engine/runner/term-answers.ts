// What the runner replies to an agent's terminal queries while no terminal is attached to answer
// them (agents probe their terminal at start and some wait for the replies). The replies are the
// ones xterm.js (the UI's terminal) gives with its defaults, so an agent sees the same terminal
// whether it started detached or in the app. Queries xterm.js leaves unanswered stay unanswered
// here too (kitty keyboard `CSI ? u`, window reports, clipboard reads): apps detect "unsupported"
// by the DA1 reply that follows, which is what they would see in xterm.js or tmux.
import type { TerminalModes } from './protocol';
import type { TerminalQuery } from './term-scanner';

/** The dark UI theme's colours (src-renderer/src/lib/xterm-theme.ts), as X11 rgb: specs. */
const COLOURS: Record<number, string> = {
  10: 'rgb:d7d7/dada/e0e0', // foreground #d7dae0
  11: 'rgb:0d0d/0f0f/1414', // background #0d0f14
  12: 'rgb:7a7a/a2a2/ffff', // cursor #7aa2ff
};

/** DEC private modes xterm.js reports through DECRQM, with its default (1 set, 2 reset, 3/4 permanent). */
const PRIVATE_MODE_DEFAULTS: Record<number, number> = {
  1: 2, 6: 2, 7: 1, 8: 3, 9: 2, 12: 2, 25: 1, 45: 2, 47: 2, 66: 2, 67: 4, 1000: 2, 1002: 2, 1003: 2,
  1004: 2, 1005: 4, 1006: 2, 1015: 4, 1016: 2, 1047: 2, 1048: 1, 1049: 2, 2004: 2, 2026: 2,
};
const ANSI_MODE_DEFAULTS: Record<number, number> = { 2: 4, 4: 2, 12: 3, 20: 2 };
/** Modes whose state the agent changes with DECSET/DECRST (the permanent ones never change). */
const TRACKED = new Set(Object.entries(PRIVATE_MODE_DEFAULTS).filter(([, v]) => v === 1 || v === 2).map(([k]) => Number(k)));

export const TERMINAL_VERSION = 'xterm.js(6.0.0)';
const ST = '\x1b\\';

export class TerminalAnswerer {
  private readonly modes = new Map<number, boolean>();

  /** The agent set or reset a private mode (tracked so DECRQM reports what it did). */
  privateMode(mode: number, set: boolean): void {
    if (TRACKED.has(mode)) this.modes.set(mode, set);
  }

  /** The private modes the agent set and reset so far (its last word on each), for attach snapshots. */
  modeChanges(): TerminalModes {
    const set: number[] = [];
    const reset: number[] = [];
    for (const [mode, on] of this.modes) (on ? set : reset).push(mode);
    return { set, reset };
  }

  /** The reply a terminal would type for `q`, or null for queries answered by silence. */
  answer(q: TerminalQuery): string | null {
    if (q.truncated) return null;
    const p0 = q.params[0] ?? -1;
    switch (q.kind) {
      case 'da1':
        return p0 > 0 ? null : '\x1b[?1;2c';
      case 'da2':
        return p0 > 0 ? null : '\x1b[>0;276;0c';
      case 'dsr':
        if (q.prefix === '' && p0 === 5) return '\x1b[0n';
        // Cursor position: the runner does not emulate the screen, so it reports the home
        // position, which is where a fresh terminal's cursor is when an agent asks at start.
        if (p0 === 6) return q.prefix === '?' ? '\x1b[?1;1R' : '\x1b[1;1R';
        return null;
      case 'decrqm': {
        if (p0 < 0) return null;
        if (q.prefix === '?') {
          const tracked = this.modes.get(p0);
          const value = tracked === undefined ? (PRIVATE_MODE_DEFAULTS[p0] ?? 0) : tracked ? 1 : 2;
          return `\x1b[?${p0};${value}$y`;
        }
        return `\x1b[${p0};${ANSI_MODE_DEFAULTS[p0] ?? 0}$y`;
      }
      case 'xtversion':
        return p0 > 0 ? null : `\x1bP>|${TERMINAL_VERSION}${ST}`;
      case 'osc': {
        const colour = COLOURS[p0];
        if (!colour || q.payload !== '?') return null;
        return `\x1b]${p0};${colour}${q.terminator === 'bel' ? '\x07' : ST}`;
      }
      case 'decrqss':
      case 'xtgettcap':
        // "Not a valid request": the agent falls back to its defaults instead of waiting.
        return q.kind === 'decrqss' ? `\x1bP0$r${ST}` : `\x1bP0+r${ST}`;
      default:
        return null;
    }
  }
}
