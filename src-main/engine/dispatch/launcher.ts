// How schedules, remote requests and templates start a session: a port over `startSession`, so
// the daemon, the CLI and tests share one path (tests inject a recorder through SessionDeps.spawnRunner).
import type { Session } from '../model';
import { startSession, type StartSessionRequest } from '../sessions/create';
import type { SessionDeps } from '../sessions/deps';

export type SessionLauncher = (req: StartSessionRequest) => Promise<Session>;

export function sessionLauncher(deps: SessionDeps): SessionLauncher {
  return (req) => startSession(deps, req);
}

/** The outermost message of an error (what ECC2 stores for failed requests). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
