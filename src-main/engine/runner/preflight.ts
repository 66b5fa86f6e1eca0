// Checks made before forking the PTY. node-pty reports a bad cwd or a missing program only as
// "exit code 1" plus a perror line inside the terminal, so we check first and fail with a reason.
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { resolveProgram as findProgram } from '../harness/program';
import { RunnerError } from './errors';

export function checkWorkingDir(cwd: string): void {
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    throw new RunnerError('cwd_missing', `Cannot start the agent: working directory ${cwd} does not exist. Create it, or start the session in an existing directory.`);
  }
  if (!isDir) throw new RunnerError('cwd_missing', `Cannot start the agent: ${cwd} is not a directory.`);
}

/** Resolves `program` the way execvp will (PATH from the agent's env), or throws a clear error. */
export function resolveProgram(program: string, cwd: string, env: Record<string, string | undefined>): string {
  if (program.length === 0) throw new RunnerError('program_not_found', 'Cannot start the agent: the program name is empty. Check the harness configuration.');
  const found = findProgram(program, env.PATH ?? process.env.PATH ?? '', cwd);
  if (found) return found;
  if (program.includes('/')) {
    const full = isAbsolute(program) ? program : resolve(cwd, program);
    throw new RunnerError('program_not_found', `Cannot start the agent: ${full} does not exist or is not an executable file. Check the path, or install the agent CLI.`);
  }
  throw new RunnerError('program_not_found', `Cannot start the agent: program "${program}" was not found on PATH. Install it, or configure its full path.`);
}
