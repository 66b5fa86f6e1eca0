// Stopping an agent: SIGTERM its whole process group, give it a grace period, then SIGKILL.
// node-pty makes the agent a session leader, so its pid is also its process group id and the
// group holds whatever the agent spawned (shells, test runners, language servers).
import { errnoCode } from './errors';

/** ECC2's grace between SIGTERM and SIGKILL. */
export const DEFAULT_STOP_GRACE_MS = 1200;
const POLL_MS = 50;

export type KillFn = (pid: number, signal?: NodeJS.Signals | number) => boolean | void;

/**
 * SIGTERM the group `-pid`, wait up to `graceMs` for it to disappear, then SIGKILL it.
 * "No such process" counts as success; other failures throw "Failed to kill process {pid}".
 * Unlike ECC2 it stops waiting as soon as the group is gone (probed with signal 0), so a
 * cooperative agent does not cost the full grace period.
 */
export async function killProcessGroup(pid: number, graceMs: number = DEFAULT_STOP_GRACE_MS, kill: KillFn = process.kill): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`Failed to kill process ${pid}: not a valid process id`);
  if (!signalGroup(pid, 'SIGTERM', kill)) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    if (!signalGroup(pid, 0, kill)) return;
  }
  signalGroup(pid, 'SIGKILL', kill);
}

/**
 * Returns false when neither the group nor the process exists. A child stopped right after it
 * was forked may not have called setsid() yet, so it has no group of its own: signal the pid.
 */
function signalGroup(pid: number, signal: NodeJS.Signals | 0, kill: KillFn): boolean {
  for (const target of [-pid, pid]) {
    try {
      kill(target, signal);
      return true;
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ESRCH') continue;
      // Signal 0 reports EPERM for a process we may not signal; treat that as still alive.
      if (signal === 0 && code === 'EPERM') return true;
      throw new Error(`Failed to kill process ${pid}: ${(err as Error).message}`, { cause: err });
    }
  }
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a process exists (EPERM means it does, owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}
