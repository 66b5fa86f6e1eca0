// Where a detached session runner's stderr goes: inside the session's working dir, one file per
// session, so concurrent runners never interleave.
import path from 'node:path';

export function runnerStderrLogPath(workingDir: string, sessionId: string): string {
  return path.join(workingDir, '.claude', 'ecc2', 'logs', `${sessionId}.runner-stderr.log`);
}
