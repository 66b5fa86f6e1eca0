// The OS caps command lines, and the task travels as one argument. Check before spawning so the
// user gets a reason and a fix instead of a bare E2BIG.
import type { AgentCommand } from './command';

/** Linux MAX_ARG_STRLEN: one argument, its terminating NUL included, is at most 32 pages. */
export const LINUX_MAX_ARG_BYTES = 128 * 1024;
/** Windows CreateProcess: the whole command line is at most 32,767 UTF-16 units. */
export const WINDOWS_MAX_COMMAND_LINE = 32_767;
/** macOS ARG_MAX (arguments and environment together). */
export const DARWIN_ARG_MAX = 1024 * 1024;

const FIX = 'shorten the task, or put the details in a file in the working directory and refer to it';

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** A message naming the problem and the fix when the command cannot be executed as built, else null. */
export function commandLineProblem(
  cmd: Pick<AgentCommand, 'program' | 'args'>,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (platform === 'win32') {
    const length = [cmd.program, ...cmd.args].reduce((sum, arg) => sum + arg.length + 3, 0);
    if (length <= WINDOWS_MAX_COMMAND_LINE) return null;
    return `The ${cmd.program} command line is ${length} characters; Windows allows ${WINDOWS_MAX_COMMAND_LINE}: ${FIX}.`;
  }
  if (platform === 'darwin') {
    const bytes = [cmd.program, ...cmd.args].reduce((sum, arg) => sum + Buffer.byteLength(arg) + 1, 0);
    if (bytes < DARWIN_ARG_MAX) return null;
    return `The ${cmd.program} arguments take ${kib(bytes)}; macOS allows ${kib(DARWIN_ARG_MAX)} with the environment: ${FIX}.`;
  }
  for (const arg of cmd.args) {
    const bytes = Buffer.byteLength(arg) + 1;
    if (bytes > LINUX_MAX_ARG_BYTES) {
      return `An argument to ${cmd.program} (usually the task) is ${kib(bytes)}; Linux allows ${kib(LINUX_MAX_ARG_BYTES)} per argument: ${FIX}.`;
    }
  }
  return null;
}
