// Attaching shows the screen, not the history (issue 14): a client attaching to a session with a
// long log gets the terminal as it is now (its screen and a bounded scrollback) instead of every
// byte the agent ever printed, then live output from the exact log offset the snapshot stands for.
//
// The snapshot is computed by the attaching client, from the tail of the log file, not kept in the
// runner: a terminal emulator in every runner would cost each session ~5-8 MB and a parse of every
// byte on the output path (the runner must stay light and fast). The tail is parsed by a headless
// xterm (the UI's emulator) and serialized; what the tail cannot know (a mode the agent set before
// it, such as the alternate screen or a hidden cursor) the runner says in its hello, and is applied
// when the tail does not change it. Output since the last full redraw is therefore exact; older
// scrollback may be partial. The full log stays on disk for `logs` and search.
//
// Terminal queries: the snapshot is history. A serialized screen holds no queries, and it is
// passed through stripTerminalQueries anyway, so nothing in it can make a terminal type a reply.
import { open } from 'node:fs/promises';
import type * as XtermHeadless from '@xterm/headless';
import type * as XtermSerialize from '@xterm/addon-serialize';
import type { RunnerClient } from './client';
import type { TerminalModes } from './protocol';
import { stripTerminalQueries } from './query-filter';
import { QueryScanner } from './term-scanner';

/** Logs up to this size are replayed whole (exact, and no more than a snapshot would send). */
export const SNAPSHOT_ABOVE_BYTES = 1024 * 1024;
/** How much of the log's end a snapshot parses. */
export const SNAPSHOT_TAIL_BYTES = 512 * 1024;
/** Scrollback lines a snapshot keeps (fewer when they would not fit in SNAPSHOT_MAX_BYTES). */
export const SNAPSHOT_SCROLLBACK = 1000;
/** The most a snapshot sends. */
export const SNAPSHOT_MAX_BYTES = 1024 * 1024;
/** How long to wait for the runner's log writes to reach the file up to the hello's size. */
const FLUSH_WAIT_MS = 2000;
/** Which screen buffer is active: the serialized screen says that itself. */
const BUFFER_MODES = new Set([47, 1047, 1048, 1049]);

export interface TerminalSnapshot {
  /** Bytes that draw the screen and its scrollback in a fresh terminal (no queries). */
  data: Buffer;
  /** The log offset the snapshot stands for: live output continues from here, byte-exact. */
  end: number;
  /** Where in the log the parsed tail began (0: the whole log was parsed). */
  from: number;
  cols: number;
  rows: number;
}

export interface SnapshotOptions {
  cols: number;
  rows: number;
  /** The modes the runner reported; those the tail does not touch are applied. */
  modes?: TerminalModes;
  tailBytes?: number;
  scrollback?: number;
  maxBytes?: number;
}

type Headless = typeof XtermHeadless & { default?: typeof XtermHeadless };
type Serialize = typeof XtermSerialize & { default?: typeof XtermSerialize };

async function readRange(logPath: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(logPath, 'r');
  try {
    const out = Buffer.allocUnsafe(end - start);
    let filled = 0;
    while (filled < out.length) {
      const { bytesRead } = await handle.read(out, filled, out.length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return out.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** The private modes `bytes` sets or resets. */
function modesTouched(bytes: Buffer): Set<number> {
  const touched = new Set<number>();
  new QueryScanner().feed(bytes, { query: () => undefined, privateMode: (mode) => void touched.add(mode) });
  return touched;
}

function modeSequence(modes: TerminalModes, skip: (mode: number) => boolean): string {
  const set = modes.set.filter((m) => !skip(m));
  const reset = modes.reset.filter((m) => !skip(m));
  return (set.length ? `\x1b[?${set.join(';')}h` : '') + (reset.length ? `\x1b[?${reset.join(';')}l` : '');
}

/** The screen and scrollback as of log offset `end`, from the log's last `tailBytes` before it. */
export async function snapshotFromLog(logPath: string, end: number, opts: SnapshotOptions): Promise<TerminalSnapshot> {
  const tail = opts.tailBytes ?? SNAPSHOT_TAIL_BYTES;
  let from = Math.max(0, end - tail);
  let bytes = await readRange(logPath, from, end);
  if (from > 0) {
    // Start at a line: not inside an escape sequence or a character.
    const nl = bytes.subarray(0, 64 * 1024).indexOf(0x0a);
    if (nl >= 0) {
      bytes = bytes.subarray(nl + 1);
      from += nl + 1;
    }
  }
  const headless = (await import('@xterm/headless')) as Headless;
  const serializeMod = (await import('@xterm/addon-serialize')) as Serialize;
  const Terminal = headless.Terminal ?? headless.default?.Terminal;
  const SerializeAddon = serializeMod.SerializeAddon ?? serializeMod.default?.SerializeAddon;
  if (!Terminal || !SerializeAddon) throw new Error('@xterm/headless or @xterm/addon-serialize did not load');
  const scrollback = opts.scrollback ?? SNAPSHOT_SCROLLBACK;
  const term = new Terminal({ cols: opts.cols, rows: opts.rows, scrollback, allowProposedApi: true });
  try {
    const serializer = new SerializeAddon();
    term.loadAddon(serializer);
    const touched = from > 0 && opts.modes ? modesTouched(bytes) : new Set<number>();
    // Modes set before the tail that it never changes were in force all along it.
    if (from > 0 && opts.modes) await write(term, modeSequence(opts.modes, (m) => touched.has(m)));
    await write(term, bytes);
    const maxBytes = opts.maxBytes ?? SNAPSHOT_MAX_BYTES;
    // The modes the runner reports are the agent's last word: applied after the screen, so the
    // attached terminal's keys, mouse and cursor behave as the agent asked (the serializer knows
    // only some of them). The screen buffer in use is the serializer's to restore.
    const modes = opts.modes ? modeSequence(opts.modes, (m) => BUFFER_MODES.has(m)) : '';
    for (let lines = scrollback; ; lines = Math.floor(lines / 2)) {
      const data = stripTerminalQueries(Buffer.from(serializer.serialize({ scrollback: lines }) + modes, 'utf8'));
      if (data.length <= maxBytes || lines === 0) return { data, end, from, cols: opts.cols, rows: opts.rows };
    }
  } finally {
    term.dispose();
  }
}

function write(term: XtermHeadless.Terminal, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** The file's size, once it has reached `want` bytes or FLUSH_WAIT_MS passed. */
async function flushedSize(logPath: string, want: number): Promise<number> {
  const deadline = Date.now() + FLUSH_WAIT_MS;
  for (;;) {
    const handle = await open(logPath, 'r');
    const size = await handle
      .stat()
      .then((s) => s.size)
      .finally(() => handle.close());
    if (size >= want || Date.now() > deadline) return Math.min(size, want);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface AttachPlan {
  /** Draw this first (null: the log is short, the whole of it is replayed). */
  snapshot: TerminalSnapshot | null;
  /** Attach from here: the first live byte after the snapshot. */
  fromOffset: number;
}

/**
 * How a client that shows the session in a terminal starts: for a log over SNAPSHOT_ABOVE_BYTES, a
 * snapshot up to the log size the runner reported on connect, then the runner streams from exactly
 * there (it reads what came meanwhile from its log), so no byte is lost or shown twice.
 */
export async function planAttach(client: RunnerClient, logPath: string, fallbackSize: { cols: number; rows: number }, opts: Partial<SnapshotOptions> & { above?: number } = {}): Promise<AttachPlan> {
  const { hello } = client;
  if (hello.bytes <= (opts.above ?? SNAPSHOT_ABOVE_BYTES)) return { snapshot: null, fromOffset: 0 };
  const end = await flushedSize(logPath, hello.bytes);
  const snapshot = await snapshotFromLog(logPath, end, {
    cols: hello.cols ?? fallbackSize.cols,
    rows: hello.rows ?? fallbackSize.rows,
    ...(hello.modes ? { modes: hello.modes } : {}),
    ...opts,
  });
  return { snapshot, fromOffset: end };
}
