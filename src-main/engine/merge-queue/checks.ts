// Running the configured check command in a scratch worktree: `sh -c <command>` (the user's own
// command, written as shell text), in its own process group so a timeout ends every process it
// started, with stdout and stderr streamed to a log file and to a progress callback.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type CheckOutcome = 'passed' | 'failed' | 'timed_out' | 'not_found';

export interface CheckRunResult {
  outcome: CheckOutcome;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The last lines of output (what a card and a failure message show). */
  tail: string;
  /** One line for people: "passed in 3s", "exited with 1", "timed out after 5s". */
  summary: string;
}

export interface CheckRunRequest {
  command: string;
  cwd: string;
  timeoutSecs: number;
  logPath: string;
  /** Called with the tail of the output as it grows (throttled by the caller). */
  onOutput?: (tail: string) => void;
  /** Reports the process group id once started (tests assert it is gone after a timeout). */
  onStart?: (pgid: number) => void;
}

export const TAIL_LINES = 30;
const TAIL_BYTES = 16_384;
/** After SIGTERM at the timeout, the group gets this long before SIGKILL. */
const KILL_GRACE_MS = 3000;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * The check's environment: ours without GIT_* (a git hook or IDE that started Switchyard exports
 * GIT_DIR and friends, which would point the check's git commands at the user's checkout).
 */
function checkEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toUpperCase().startsWith('GIT_')) env[k] = v;
  return env;
}

export function tailOf(text: string, lines = TAIL_LINES): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

export function runCheck(req: CheckRunRequest): Promise<CheckRunResult> {
  mkdirSync(dirname(req.logPath), { recursive: true });
  const log = createWriteStream(req.logPath, { flags: 'a', mode: 0o600 });
  log.write(`$ ${req.command}\n# in ${req.cwd}\n`);
  const started = Date.now();
  // Only the last bytes are kept in memory: a check may print megabytes.
  let recent = '';
  return new Promise((resolvePromise) => {
    const child = spawn('sh', ['-c', req.command], { cwd: req.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: checkEnv() });
    const pgid = child.pid ?? 0;
    if (pgid) req.onStart?.(pgid);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pgid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pgid, 'SIGKILL'), KILL_GRACE_MS);
    }, req.timeoutSecs * 1000);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      recent = (recent + chunk.toString('utf8')).slice(-TAIL_BYTES);
      req.onOutput?.(tailOf(recent));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    let settled = false;
    const finish = (code: number | null, signal: string | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      const durationMs = Date.now() - started;
      let outcome: CheckOutcome;
      let summary: string;
      if (spawnError) {
        outcome = 'not_found';
        summary = `could not start sh: ${spawnError.message}`;
      } else if (timedOut) {
        outcome = 'timed_out';
        summary = `timed out after ${req.timeoutSecs}s (check_timeout_secs); its process group was killed`;
      } else if (code === 0) {
        outcome = 'passed';
        summary = `passed in ${seconds(durationMs)}`;
      } else if (code === 127 || code === 126) {
        outcome = 'not_found';
        summary = `the check command could not run (exit ${code}: ${code === 127 ? 'command not found' : 'not executable'})`;
      } else {
        outcome = 'failed';
        summary = code === null ? `killed by ${signal}` : `exited with ${code} after ${seconds(durationMs)}`;
      }
      log.end(`\n# ${summary}\n`, () => resolvePromise({ outcome, exitCode: code, signal, durationMs, tail: tailOf(recent), summary }));
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('exit', (code, signal) => {
      // A check that left processes behind (a server it started, a child that ignored SIGTERM)
      // must not outlive it: they would hold the scratch worktree and the output pipes open.
      killGroup(pgid, 'SIGKILL');
      // 'close' follows once the pipes drain (all output is in the log); a process that escaped
      // the group could hold them open, so the result does not wait for it forever.
      const fallback = setTimeout(() => finish(code, signal), 5000);
      child.once('close', () => {
        clearTimeout(fallback);
        finish(code, signal);
      });
    });
  });
}
