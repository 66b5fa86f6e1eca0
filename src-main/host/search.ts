// Search across every session's output log, newest sessions first. Each log is read from its start
// as terminal text (engine/transcript/terminal-text.ts: escape sequences removed, TUI cursor moves
// turned into line ends), so a hit's line number is the line `switchyard logs --text` prints (and
// plain `logs` of an interactive session that did not end full-screen) — for any size of log. One search reads at most SEARCH_BUDGET_BYTES in all;
// a log it stopped reading is listed in `partial`, and the UI says so.
import { open } from 'node:fs/promises';
import type { SearchHit, SearchPartial } from '../api';
import { TerminalText } from '../engine/transcript';
import type { Store } from '../engine/store';

// About a second of reading on a laptop: a search runs as the user types.
export const SEARCH_BUDGET_BYTES = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const MAX_LINE = 300;

export interface SearchOptions {
  /** Bytes of log one search reads in all (tests make it small). */
  budgetBytes?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  truncated: boolean;
  partial: SearchPartial[];
}

function clipAround(line: string, at: number): string {
  const from = Math.max(0, Math.min(at - 80, line.length - MAX_LINE));
  return line.slice(from, from + MAX_LINE);
}

export async function searchOutput(store: Store, query: string, limit: number, opts: SearchOptions = {}): Promise<SearchResult> {
  const needle = query.toLowerCase();
  const hits: SearchHit[] = [];
  const partial: SearchPartial[] = [];
  let budget = opts.budgetBytes ?? SEARCH_BUDGET_BYTES;
  let truncated = false;
  for (const session of store.listSessions()) {
    const log = store.getOutputLog(session.id);
    if (!log) continue;
    let handle;
    try {
      handle = await open(log.logPath, 'r');
    } catch {
      continue;
    }
    try {
      const size = (await handle.stat()).size;
      let lineNo = 0;
      const text = new TerminalText((line) => {
        lineNo += 1;
        if (truncated) return;
        const at = line.toLowerCase().indexOf(needle);
        if (at < 0) return;
        if (hits.length >= limit) {
          truncated = true;
          return;
        }
        hits.push({ sessionId: session.id, task: session.task, line: lineNo, text: clipAround(line, at) });
      });
      let offset = 0;
      const buf = Buffer.allocUnsafe(CHUNK);
      while (offset < size && budget > 0 && !truncated) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, size - offset, budget), offset);
        if (bytesRead === 0) break;
        text.push(buf.subarray(0, bytesRead));
        offset += bytesRead;
        budget -= bytesRead;
      }
      if (!truncated) {
        if (offset < size) partial.push({ sessionId: session.id, searchedBytes: offset, totalBytes: size });
        else text.end();
      }
    } finally {
      await handle.close();
    }
    if (truncated) break;
  }
  return { hits, truncated, partial };
}
