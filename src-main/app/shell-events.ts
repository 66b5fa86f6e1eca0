// Requests from the desktop shell to the page (a notification was clicked: open that session; the
// tray's "New session…"). Served to the page as the contract's `shell` event stream, when the
// contract has one, through the IPC bridge's local streams. Requests made before the page subscribed
// (a click that launched the window) are kept until it does.
import type { LocalStream } from './ipc-bridge';

export type ShellRequest = { kind: 'openSession'; id: string } | { kind: 'newSession' };

export const SHELL_STREAM = 'shell';

export class ShellEvents {
  private readonly listeners = new Set<(payload: unknown) => void>();
  private pending: ShellRequest[] = [];

  emit(request: ShellRequest): void {
    if (this.listeners.size === 0) {
      // Only the latest request matters once the page comes up.
      this.pending = [request];
      return;
    }
    for (const l of [...this.listeners]) l(request);
  }

  readonly stream: LocalStream = (_params, listener) => {
    this.listeners.add(listener);
    const queued = this.pending;
    this.pending = [];
    for (const r of queued) listener(r);
    return () => void this.listeners.delete(listener);
  };
}
