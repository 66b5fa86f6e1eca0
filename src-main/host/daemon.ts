// The daemon inside a host process (browser mode, the desktop app). Another daemon holding the
// data home's lock is not an error: the host serves without its own and says so.
import type { DaemonState } from '../api';
import { Daemon, DaemonLockedError, createDaemonDeps } from '../engine/daemon';
import { delegationAssignPort, engineDaemonSlots } from '../engine/daemon/wiring';
import type { SessionDeps } from '../engine/sessions/deps';

export interface HostDaemon {
  readonly state: DaemonState;
  stop(): Promise<void>;
}

export async function startHostDaemon(deps: SessionDeps, owner: string, log: (line: string) => void): Promise<HostDaemon> {
  try {
    const daemon = await Daemon.start(createDaemonDeps(deps, { assign: delegationAssignPort(deps), log }), {
      owner,
      slots: engineDaemonSlots(deps),
    });
    return {
      state: { state: 'running', message: `daemon running in this process (every ${daemon.intervalMs / 1000}s)` },
      stop: () => daemon.stop(),
    };
  } catch (error) {
    if (error instanceof DaemonLockedError) {
      return { state: { state: 'external', message: `not running the daemon here: ${error.message}` }, stop: async () => undefined };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { state: { state: 'off', message: `the daemon could not start: ${message}` }, stop: async () => undefined };
  }
}
