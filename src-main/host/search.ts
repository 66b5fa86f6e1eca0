// Search across every session's output log, escape sequences removed. Only the tail of a very
// large log is read, so one search stays quick and bounded whatever the logs' sizes.
import { open } from 'node:fs/promises';
import type { SearchHit } from '../api';
import type { Store } from '../engine/store';

const TAIL_BYTES = 4 * 1024 * 1024;
const MAX_LINE = 300;
// CSI, OSC (BEL or ST terminated) and two-byte escapes.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripTerminalEscapes(text: string): string {
  return text.replace(ESCAPES, '');
}

async function readTail(path: string): Promise<{ text: string; skippedBytes: number } | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = (await handle.stat()).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    return { text: buf.toString('utf8'), skippedBytes: start };
  } finally {
    await handle.close();
  }
}

export async function searchOutput(store: Store, query: string, limit: number): Promise<{ hits: SearchHit[]; truncated: boolean }> {
  const needle = query.toLowerCase();
  const hits: SearchHit[] = [];
  for (const session of store.listSessions()) {
    const log = store.getOutputLog(session.id);
    if (!log) continue;
    const tail = await readTail(log.logPath);
    if (!tail) continue;
    const lines = stripTerminalEscapes(tail.text).split('\n');
    for (let i = 0; i < lines.length; i++) {
      // A carriage return redraws the line: what is visible is the last segment written.
      const segments = lines[i]!.split('\r').filter((seg) => seg.trim() !== '');
      const line = (segments[segments.length - 1] ?? '').trimEnd();
      const at = line.toLowerCase().indexOf(needle);
      if (at < 0) continue;
      if (hits.length >= limit) return { hits, truncated: true };
      const from = Math.max(0, Math.min(at - 80, line.length - MAX_LINE));
      hits.push({ sessionId: session.id, task: session.task, line: i + 1, text: line.slice(from, from + MAX_LINE) });
    }
  }
  return { hits, truncated: false };
}
