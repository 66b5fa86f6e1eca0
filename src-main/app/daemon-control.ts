// The daemon inside the desktop app, with pause and resume for the tray. Another process holding
// the data home's daemon lock is not an error: the app then runs without its own daemon.
import { Daemon, DaemonLockedError, createDaemonDeps } from '../engine/daemon';
import { delegationAssignPort, engineDaemonSlots } from '../engine/daemon/wiring';
import type { SessionDeps } from '../engine/sessions/deps';
import type { DaemonStatus } from './tray-model';

export interface DaemonControl {
  readonly status: DaemonStatus;
  readonly message: string;
  start(): Promise<DaemonStatus>;
  pause(): Promise<DaemonStatus>;
  /** Pause when running, start otherwise. */
  toggle(): Promise<DaemonStatus>;
  stop(): Promise<void>;
}

export function createDaemonControl(deps: SessionDeps, log: (line: string) => void, owner = 'desktop app'): DaemonControl {
  let daemon: Daemon | null = null;
  let status: DaemonStatus = 'paused';
  let message = 'the daemon has not started yet';
  let busy: Promise<unknown> = Promise.resolve();
  // Start/pause clicks are serialised: a second click waits for the first to finish.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = busy.then(fn, fn);
    busy = next.catch(() => undefined);
    return next;
  };

  const start = () =>
    serial(async () => {
      if (daemon && !daemon.isStopped) return status;
      try {
        daemon = await Daemon.start(createDaemonDeps(deps, { assign: delegationAssignPort(deps), log }), { owner, slots: engineDaemonSlots(deps) });
        status = 'running';
        message = `daemon running in the app (every ${daemon.intervalMs / 1000}s)`;
      } catch (error) {
        daemon = null;
        if (error instanceof DaemonLockedError) {
          status = 'elsewhere';
          message = error.message;
        } else {
          status = 'unavailable';
          message = `the daemon could not start: ${error instanceof Error ? error.message : String(error)}`;
        }
        log(`switchyard: ${message}`);
      }
      return status;
    });

  const pause = () =>
    serial(async () => {
      const running = daemon;
      daemon = null;
      if (running) await running.stop();
      if (status === 'running') {
        status = 'paused';
        message = 'daemon paused from the tray';
      }
      return status;
    });

  return {
    get status() {
      return daemon?.isStopped ? 'unavailable' : status;
    },
    get message() {
      return message;
    },
    start,
    pause,
    toggle: () => (status === 'running' ? pause() : start()),
    stop: async () => {
      await pause();
    },
  };
}
