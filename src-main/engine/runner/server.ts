// The runner's local socket: accepts clients, fans PTY output out to them and, once the agent has
// exited, waits until every client has its replay and exit frame before closing.
import { unlinkSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server } from 'node:net';
import { withPrivateUmask } from '../private-fs';
import { ClientConnection } from './client-connection';
import type { RunnerHub } from './client-connection';
import { RunnerError, errnoCode } from './errors';
import { prepareSocketDir } from './paths';

export interface RunnerServerOptions {
  /** How long a client that never attached may stay after the agent exited. */
  unattachedGraceMs: number;
  /** After the agent exited, a client that takes no data for this long is dropped. */
  clientStallMs: number;
}

export class RunnerServer {
  private readonly clients = new Set<ClientConnection>();
  private exited = false;
  private allGone: (() => void) | null = null;
  private stallTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly server: Server,
    private readonly socketPath: string,
    private readonly hub: RunnerHub,
    private readonly options: RunnerServerOptions,
  ) {
    server.on('connection', (socket) => {
      const client = new ClientConnection(socket, hub, (c) => this.onClientClosed(c));
      this.clients.add(client);
      if (this.exited) this.scheduleUnattachedExit(client);
    });
  }

  static async listen(socketPath: string, hub: RunnerHub, options: RunnerServerOptions): Promise<RunnerServer> {
    await clearStaleSocket(socketPath);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new Error(`Failed to listen on the runner socket ${socketPath}: ${err.message}`, { cause: err })));
      // The bind happens inside listen(), so the socket file is created 0600 rather than narrowed later.
      withPrivateUmask(() => server.listen(socketPath, () => resolve()));
    });
    return new RunnerServer(server, socketPath, hub, options);
  }

  /**
   * Sends a PTY chunk (`bytes` in `pieces`, one frame) to the live clients. Returns true when a client's terminal received it live
   * and answers its terminal queries; otherwise the runner must answer them itself.
   *
   * At most one terminal answers (two would both reply to every query): the most recently
   * attached terminal client that is live and level with this chunk. A terminal that has fallen
   * behind is not chosen, since it only sees the chunk later, from the log, as history.
   */
  broadcast(pieces: Buffer[], offset: number, bytes: number): boolean {
    let responder: ClientConnection | null = null;
    for (const client of this.clients) {
      if (client.terminal && client.isLevelAt(offset) && (!responder || client.attachSeq > responder.attachSeq)) responder = client;
    }
    for (const client of this.clients) {
      client.setAnswering(client === responder);
      client.pushLive(pieces, offset, bytes);
    }
    return responder !== null && responder.receivedLive(offset + bytes);
  }

  /** Fails every client (the log broke): they get an error frame and are closed. */
  abortClients(message: string): void {
    for (const client of this.clients) client.sendError(message);
  }

  /**
   * The agent has exited and the log is flushed. Resolves when every client got its exit frame (or
   * disconnected, or stalled), then stops listening and removes the socket file.
   */
  async finish(): Promise<void> {
    this.exited = true;
    for (const client of this.clients) {
      if (client.attached) client.agentExited();
      else this.scheduleUnattachedExit(client);
    }
    this.stallTimer = setInterval(() => this.dropStalled(), Math.min(1000, this.options.clientStallMs));
    if (this.clients.size > 0) await new Promise<void>((resolve) => (this.allGone = resolve));
    clearInterval(this.stallTimer);
    await this.close();
  }

  /** Stops listening and removes the socket file without waiting for clients. */
  async close(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    try {
      unlinkSync(this.socketPath);
    } catch {
      // Already removed by the server's close.
    }
  }

  private scheduleUnattachedExit(client: ClientConnection): void {
    setTimeout(() => {
      if (!client.attached) client.sendExitAndEnd();
    }, this.options.unattachedGraceMs);
  }

  private dropStalled(): void {
    const now = Date.now();
    for (const client of this.clients) {
      if (now - client.lastProgressAt > this.options.clientStallMs) client.destroy();
    }
  }

  private onClientClosed(client: ClientConnection): void {
    this.clients.delete(client);
    if (this.exited && this.clients.size === 0) this.allGone?.();
  }
}

/** A socket file left by a crashed runner is removed; a live one means the session already runs. */
async function clearStaleSocket(socketPath: string): Promise<void> {
  prepareSocketDir(socketPath); // a folder another user controls is refused, naming it
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) {
    throw new RunnerError('already_running', `A session runner is already listening on ${socketPath}. Attach to it, or stop it before starting another.`);
  }
  try {
    unlinkSync(socketPath);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw new Error(`Failed to remove the stale runner socket ${socketPath}: ${(err as Error).message}`, { cause: err });
  }
}
