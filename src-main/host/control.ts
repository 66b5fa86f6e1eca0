// Input and resize go through one cached runner connection per session (not one per keystroke).
import { existsSync } from 'node:fs';
import { connectRunner } from '../engine/runner';
import type { RunnerClient } from '../engine/runner';
import type { Store } from '../engine/store';

export class TerminalControl {
  private readonly clients = new Map<string, Promise<RunnerClient | null>>();

  constructor(private readonly store: Store) {}

  /** Runs `fn` on the session's runner; false when no runner is there to take it. */
  async with(sessionId: string, fn: (client: RunnerClient) => void): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const client = await this.client(sessionId);
      if (!client) return false;
      try {
        fn(client);
        return true;
      } catch {
        this.clients.delete(sessionId); // closed under us: reconnect once
      }
    }
    return false;
  }

  private client(sessionId: string): Promise<RunnerClient | null> {
    let pending = this.clients.get(sessionId);
    if (!pending) {
      const socket = this.store.getOutputLog(sessionId)?.socketPath;
      pending = !socket || !existsSync(socket) ? Promise.resolve(null) : connectRunner(socket).catch(() => null);
      this.clients.set(sessionId, pending);
      void pending.then((c) => {
        if (!c) this.clients.delete(sessionId);
        else void c.closed.then(() => this.clients.get(sessionId) === pending && this.clients.delete(sessionId));
      });
    }
    return pending;
  }

  dispose(): void {
    for (const pending of this.clients.values()) void pending.then((c) => c?.close());
    this.clients.clear();
  }
}
