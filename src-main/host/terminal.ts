// A terminal subscription: the session's log replayed from an offset, then live output, through
// the runner socket while the runner runs, else straight from the log file. A fresh terminal
// (from offset 0) on a running session with a long log gets the screen as it is now instead of the
// whole history: one output event standing for [0, end) that draws the screen and a bounded
// scrollback (the runner's snapshot.ts), then live output from exactly `end`.
//
// The subscriber is an xterm, which answers terminal queries by "typing" replies that the UI sends
// to the agent. So queries are removed here, before the xterm sees them, from everything except
// live output the runner assigned to this terminal to answer (an interactive session's view):
// replayed history never makes the xterm type anything. Offsets stay log offsets: an event's
// [offset, end) is the stretch of log its data stands for, and bytes of an unfinished sequence held
// back by the filter are not counted in `end` until they are sent.
import { existsSync, statSync } from 'node:fs';
import type { TerminalEvent } from '../api';
import { QueryFilter, SNAPSHOT_ABOVE_BYTES, connectRunner, planAttach, readLogFrom, readLogHeadSync } from '../engine/runner';
import type { RunnerClient } from '../engine/runner';
import type { Store } from '../engine/store';
import { OutputBatcher } from './output-batcher';

const FILE_CHUNK = 256 * 1024;

export interface TerminalStreamOptions {
  store: Store;
  sessionId: string;
  fromOffset: number;
  listener: (event: TerminalEvent) => void;
  congested?: () => boolean;
  /** Batching knobs (tests shorten them). */
  intervalMs?: number;
  maxBytes?: number;
  capBytes?: number;
}

function logSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return Number.POSITIVE_INFINITY; // no file yet: nothing to send first
  }
}

/** Starts streaming; the returned function stops it (closing the runner connection). */
export function openTerminalStream(opts: TerminalStreamOptions): () => void {
  const { store, sessionId, listener } = opts;
  let closed = false;
  let client: RunnerClient | null = null;
  const send = (event: TerminalEvent) => {
    if (!closed) listener(event);
  };
  const queries = new QueryFilter();
  /** Log offsets where the runner switched this terminal to answering (true) or not (false). */
  const switches: Array<{ offset: number; answering: boolean }> = [];
  let answering = false;
  let emittedEnd = opts.fromOffset;
  const filterBatch = (data: Buffer, offset: number): Buffer => {
    const parts: Buffer[] = [];
    let at = 0;
    while (at < data.length) {
      while (switches.length && switches[0]!.offset <= offset + at) answering = switches.shift()!.answering;
      const next = switches.length ? Math.min(data.length, switches[0]!.offset - offset) : data.length;
      parts.push(queries.push(data.subarray(at, next), answering));
      at = next;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  };
  const emitOutput = (data: Buffer, end: number) => {
    const event: TerminalEvent = { kind: 'output', offset: emittedEnd, end, data: data.toString('utf8') };
    emittedEnd = end;
    if (data.length > 0) send(event);
  };
  /** Before the stream ends: an unfinished sequence at the very end is not a query. */
  const flushHeld = () => {
    const rest = queries.flush();
    if (rest.length) emitOutput(rest, emittedEnd + rest.length);
  };
  const makeBatcher = (from: number) => new OutputBatcher(from, {
    emit: (b) => {
      const data = filterBatch(b.data, b.offset);
      emitOutput(data, b.end - queries.heldBytes);
    },
    onOverflow: (offset) => {
      client?.close();
      send({ kind: 'gap', offset });
      closed = true;
    },
    ...(opts.congested ? { congested: opts.congested } : {}),
    ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
    ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
    ...(opts.capBytes !== undefined ? { capBytes: opts.capBytes } : {}),
  });
  let batcher = makeBatcher(opts.fromOffset);
  let delivered = opts.fromOffset;
  let exited = false;

  const replayFile = async (logPath: string) => {
    let offset = opts.fromOffset;
    if (existsSync(logPath)) {
      for (;;) {
        if (closed || batcher.isStopped) return;
        const chunk = await readLogFrom(logPath, offset, FILE_CHUNK);
        if (chunk.length === 0) break;
        const wait = batcher.push(chunk, offset);
        offset += chunk.length;
        if (wait) await wait;
      }
    }
    delivered = offset;
    batcher.end(() => {
      flushHeld();
      send({ kind: 'ended', end: Math.max(delivered, opts.fromOffset) });
    });
  };

  const start = async () => {
    const log = store.getOutputLog(sessionId);
    if (!log) {
      send({ kind: 'error', message: `Session not found or it has no output log: ${sessionId}` });
      return;
    }
    const running = log.socketPath !== null && existsSync(log.socketPath);
    // A small log's history is sent from the file before the runner is asked for what follows (from
    // exactly where the file ended): the first screen then waits on one file read, not on round
    // trips through a runner that may be slow to wake with 100 sessions streaming (bench/ui.ts).
    // Appends reach the file before the runner sends them to anyone, so the two join byte-exact.
    if (running && opts.fromOffset === 0 && logSize(log.logPath) <= SNAPSHOT_ABOVE_BYTES) {
      let head: Buffer;
      try {
        head = readLogHeadSync(log.logPath, SNAPSHOT_ABOVE_BYTES);
      } catch {
        head = Buffer.alloc(0); // unreadable now: the runner sends everything instead
      }
      if (head.length > 0) {
        void batcher.push(head, 0);
        opts.fromOffset = delivered = head.length;
      }
    }
    if (running && log.socketPath) {
      try {
        client = await connectRunner(log.socketPath);
      } catch {
        client = null; // finished between the check and the connect: the file has everything
      }
    }
    if (closed) {
      client?.close();
      return;
    }
    if (!client) return replayFile(log.logPath);
    const c = client;
    if (opts.fromOffset === 0) {
      const plan = await planAttach(c, log.logPath, { cols: 80, rows: 24 }).catch(() => null);
      if (closed) return;
      if (plan?.snapshot) {
        // The snapshot holds no queries (history never makes the xterm type a reply).
        emitOutput(plan.snapshot.data, plan.snapshot.end);
        opts.fromOffset = delivered = plan.snapshot.end;
        batcher = makeBatcher(plan.snapshot.end);
      }
    }
    // Only an interactive session's view sends what its xterm types to the agent, so only then
    // may the runner leave live queries to it.
    const terminal = store.getSession(sessionId)?.mode === 'interactive';
    c.attach(
      opts.fromOffset,
      (chunk, offset, mode) => {
        const nowAnswering = mode.live && mode.answering;
        const last = switches.length ? switches[switches.length - 1]!.answering : answering;
        if (nowAnswering !== last) switches.push({ offset, answering: nowAnswering });
        delivered = offset + chunk.length;
        return batcher.push(chunk, offset);
      },
      (info) => {
        exited = true;
        batcher.end(() => {
          flushHeld();
          send({ kind: 'exit', end: delivered, exitCode: info.exitCode, signal: info.signal });
        });
      },
      { terminal },
    );
    // A runner that quits without an exit frame (killed): finish from the file.
    void c.closed.then(() => {
      if (closed || exited || batcher.isStopped) return;
      setTimeout(() => {
        if (!closed && !exited && !batcher.isStopped && client === c) {
          client = null;
          opts.fromOffset = delivered;
          // The rest comes from the file: history, whatever this terminal answered before.
          const last = switches.length ? switches[switches.length - 1]!.answering : answering;
          if (last) switches.push({ offset: delivered, answering: false });
          void replayFile(log.logPath);
        }
      }, 50);
    });
  };

  void start().catch((error: unknown) => send({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
  return () => {
    closed = true;
    batcher.stop();
    client?.close();
  };
}
