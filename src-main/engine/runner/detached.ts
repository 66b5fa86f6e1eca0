// Starting a runner that outlives its caller (ECC2's spawn_session_runner_for_program, spec §3.3).
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_FILE_MODE, mkdirPrivate } from '../private-fs';

export interface SpawnDetachedRunnerOptions {
  /** The runner executable and any fixed leading arguments: [execPath, ...prefixArgs]. */
  command: string[];
  /** The runner's own arguments, appended after `command`. */
  args: string[];
  /** Where the runner's stderr is appended (its stdin and stdout go to the null device). */
  stderrLogPath: string;
  /** The runner's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The runner's working directory (default: inherited); the runner finds switchyard.toml from here. */
  cwd?: string;
}

/**
 * Spawns the runner in its own session (setsid), so closing the CLI or the app does not end it.
 * Resolves once the OS has started it; the runner is not awaited.
 */
export async function spawnDetachedRunner(opts: SpawnDetachedRunnerOptions): Promise<{ pid: number }> {
  const [program, ...prefix] = opts.command;
  if (!program) throw new Error('Failed to spawn ECC runner from an empty command');
  const dir = dirname(opts.stderrLogPath);
  try {
    mkdirPrivate(dir);
  } catch (err) {
    throw new Error(`Failed to create ECC runner log directory ${dir}`, { cause: err });
  }
  let fd: number;
  try {
    // Private like the session log: the runner's errors can quote what the session was doing.
    fd = openSync(opts.stderrLogPath, 'a', PRIVATE_FILE_MODE);
  } catch (err) {
    throw new Error(`Failed to open ECC runner stderr log ${opts.stderrLogPath}`, { cause: err });
  }
  try {
    const child = spawn(program, [...prefix, ...opts.args], {
      detached: true,
      stdio: ['ignore', 'ignore', fd],
      env: opts.env ?? process.env,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    // 'spawn' or 'error' fires once the exec outcome is known; a missing program is an 'error'.
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (err) => reject(new Error(`Failed to spawn ECC runner from ${program}: ${err.message}`, { cause: err })));
    });
    child.on('error', () => undefined); // nothing to report once it runs; never crash the caller
    child.unref();
    if (child.pid === undefined) throw new Error('ECC runner did not expose a process id');
    return { pid: child.pid };
  } catch (err) {
    if (err instanceof Error && /^(Failed to spawn|ECC runner did not)/.test(err.message)) throw err;
    throw new Error(`Failed to spawn ECC runner from ${program}: ${(err as Error).message}`, { cause: err });
  } finally {
    closeSync(fd); // the child holds its own copy
  }
}
