// Checks made before forking the PTY. node-pty reports a bad cwd or a missing program only as
// "exit code 1" plus a perror line inside the terminal, so we check first and fail with a reason.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
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
  if (program.includes('/')) {
    const full = isAbsolute(program) ? program : resolve(cwd, program);
    if (!isExecutableFile(full)) {
      throw new RunnerError('program_not_found', `Cannot start the agent: ${full} does not exist or is not an executable file. Check the path, or install the agent CLI.`);
    }
    return full;
  }
  const pathVar = env.PATH ?? process.env.PATH ?? '';
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = resolve(cwd, join(dir, program));
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new RunnerError('program_not_found', `Cannot start the agent: program "${program}" was not found on PATH. Install it, or configure its full path.`);
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
