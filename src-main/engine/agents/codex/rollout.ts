// Codex's rollout transcript ($CODEX_HOME/sessions/…/rollout-…-<thread>.jsonl), read for what hooks
// do not carry: the thread's token totals (`event_msg` `token_count{info.total_token_usage}`, the
// running totals of the thread, so the latest one is the figure) and whether the thread is the
// user's own (`session_meta.thread_source`). Checked against Codex 0.171.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

type Json = Record<string, unknown>;

export interface CodexTokenTotals {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function parse(line: string): Json | null {
  try {
    return obj(JSON.parse(line));
  } catch {
    return null;
  }
}

function totalsOf(rec: Json): CodexTokenTotals | null {
  const payload = obj(rec.payload);
  if (rec.type !== 'event_msg' || payload?.type !== 'token_count') return null;
  // token_count events that only carry rate limits have `info: null`.
  const total = obj(obj(payload.info)?.total_token_usage);
  if (!total) return null;
  return {
    input: num(total.input_tokens),
    cachedInput: num(total.cached_input_tokens),
    cacheWrite: num(total.cache_write_input_tokens),
    output: num(total.output_tokens),
    reasoning: num(total.reasoning_output_tokens),
  };
}

const BLOCK = 256 * 1024;
const MAX_LINE = 1024 * 1024;

/**
 * The last token totals in the transcript, or null (no file, no model call yet). Read backwards
 * from the end in blocks: a long session's transcript is megabytes and the totals sit near its end.
 */
export function lastTokenTotals(file: string): CodexTokenTotals | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    let end = fstatSync(fd).size;
    // Bytes of the line cut at the start of the previous block, prepended to the next one read.
    let carry = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - BLOCK);
      const block = Buffer.alloc(end - start);
      readSync(fd, block, 0, block.length, start);
      const buf = Buffer.concat([block, carry]);
      // Bytes before the first newline may be the tail of a line that starts in an earlier block:
      // they are kept (as bytes, so no character is cut) and read with that block.
      const cut = start > 0 ? buf.indexOf(0x0a) : -1;
      if (start > 0 && cut < 0) {
        // A line this long is a tool output, never token totals (about a kilobyte): keep a stub of it.
        carry = buf.length > MAX_LINE ? Buffer.from('-') : buf;
        end = start;
        continue;
      }
      const lines = buf.subarray(cut + 1).toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i]!;
        if (!line.includes('"token_count"')) continue;
        const rec = parse(line);
        const totals = rec ? totalsOf(rec) : null;
        if (totals) return totals;
      }
      carry = start > 0 ? buf.subarray(0, cut) : Buffer.alloc(0);
      end = start;
    }
    return null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * The thread's origin from the transcript's first record (`session_meta.thread_source`, "user" for
 * the thread the person works in), or null when the file or the field is missing.
 */
export function threadSource(file: string): string | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    // session_meta carries the full base instructions: tens of kilobytes on one line.
    const chunks: Buffer[] = [];
    for (let pos = 0; pos < 4 * 1024 * 1024; ) {
      const buf = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      const piece = buf.subarray(0, n);
      const nl = piece.indexOf(0x0a);
      chunks.push(nl < 0 ? piece : piece.subarray(0, nl));
      if (nl >= 0) break;
      pos += n;
    }
    const rec = parse(Buffer.concat(chunks).toString('utf8'));
    const meta = rec?.type === 'session_meta' ? obj(rec.payload) : null;
    return typeof meta?.thread_source === 'string' ? meta.thread_source : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
