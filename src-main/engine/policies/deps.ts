// What the policies need: the store, the config, the event bus, a clock and two process ports
// (stop a session keeping its worktree; kill a pid), so tests can swap the real ones for recorders.
import type { Config } from '../config/types';
import type { EventBus } from '../events';
import { killProcessGroup } from '../runner';
import type { SessionDeps } from '../sessions/deps';
import { STOP_GRACE_MS, stopSession } from '../sessions/lifecycle';
import type { Store } from '../store';

export interface PolicyDeps {
  store: Store;
  config: Config;
  events: EventBus;
  now?: () => Date;
  /** Stops a live session (processes terminated, state stopped with `reason`); never removes its worktree. */
  stopSession(sessionId: string, reason: string): Promise<void>;
  /** Terminates a process group (heartbeat auto-terminate). */
  terminate(pid: number): Promise<void>;
}

export function policyNow(deps: { now?: () => Date }): Date {
  return deps.now ? deps.now() : new Date();
}

/** The real ports, built on the session lifecycle (stop without cleanup keeps the worktree). */
export function policyDepsFromSession(deps: SessionDeps, events: EventBus): PolicyDeps {
  return {
    store: deps.store,
    // Read through, so a host that reloads its config (the settings view) is seen on the next tick.
    get config() {
      return deps.config;
    },
    events,
    now: deps.now,
    stopSession: async (sessionId, reason) => {
      await stopSession(deps, sessionId, { reason });
    },
    terminate: (pid) => killProcessGroup(pid, STOP_GRACE_MS),
  };
}
