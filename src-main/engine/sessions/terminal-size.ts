// The size of the terminal view that will show a session, kept beside its log so the runner can
// start the agent's PTY at that size (an agent draws its first screen for the size it starts at;
// a resize a second later leaves that first screen drawn too narrow). Written when the UI starts or
// resumes a session and on every resize from a view, so a relaunch (resume, a queued worktree
// session) also starts at the last size someone saw it at.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionDir } from '../paths';
import { mkdirPrivate, PRIVATE_FILE_MODE } from '../private-fs';

export interface TerminalSize {
  cols: number;
  rows: number;
}

const FILE = 'terminal-size.json';
const MAX = 10_000;

function valid(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX;
}

export function rememberTerminalSize(home: string, sessionId: string, size: TerminalSize): void {
  if (!valid(size.cols) || !valid(size.rows)) return;
  const dir = sessionDir(home, sessionId);
  mkdirPrivate(dir);
  writeFileSync(join(dir, FILE), JSON.stringify({ cols: size.cols, rows: size.rows }), { mode: PRIVATE_FILE_MODE });
}

/** The remembered size, or undefined (never sized by a view, or an unreadable file: the runner's default). */
export function terminalSizeFor(home: string, sessionId: string): TerminalSize | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(sessionDir(home, sessionId), FILE), 'utf8')) as Partial<TerminalSize>;
    return valid(parsed.cols) && valid(parsed.rows) ? { cols: parsed.cols, rows: parsed.rows } : undefined;
  } catch {
    return undefined;
  }
}
