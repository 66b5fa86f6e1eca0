// A terminal subscription: the session's log replayed from an offset, then live output, through
// the runner socket while the runner runs, else straight from the log file.
import { existsSync } from 'node:fs';
import type { TerminalEvent } from '../api';
import { connectRunner, readLogFrom } from '../engine/runner';
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

/** Starts streaming; the returned function stops it (closing the runner connection). */
export function openTerminalStream(opts: TerminalStreamOptions): () => void {
  const { store, sessionId, listener } = opts;
  let closed = false;
  let client: RunnerClient | null = null;
  const send = (event: TerminalEvent) => {
    if (!closed) listener(event);
  };
  const batcher = new OutputBatcher(opts.fromOffset, {
    emit: (b) => send({ kind: 'output', offset: b.offset, end: b.end, data: b.data.toString('utf8') }),
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
    batcher.end(() => send({ kind: 'ended', end: Math.max(delivered, opts.fromOffset) }));
  };

  const start = async () => {
    const log = store.getOutputLog(sessionId);
    if (!log) {
      send({ kind: 'error', message: `Session not found or it has no output log: ${sessionId}` });
      return;
    }
    if (log.socketPath && existsSync(log.socketPath)) {
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
    c.attach(
      opts.fromOffset,
      (chunk, offset) => {
        delivered = offset + chunk.length;
        return batcher.push(chunk, offset);
      },
      (info) => {
        exited = true;
        batcher.end(() => send({ kind: 'exit', end: delivered, exitCode: info.exitCode, signal: info.signal }));
      },
    );
    // A runner that quits without an exit frame (killed): finish from the file.
    void c.closed.then(() => {
      if (closed || exited || batcher.isStopped) return;
      setTimeout(() => {
        if (!closed && !exited && !batcher.isStopped && client === c) {
          client = null;
          opts.fromOffset = delivered;
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
