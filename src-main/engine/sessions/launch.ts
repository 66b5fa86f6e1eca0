// Starting the detached runner (`runner.cjs ...`, or `switchyard run-session ...`) for a pending session.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runnerStderrLogPath } from '../harness';
import { mkdirPrivate } from '../private-fs';
import type { Session } from '../model';
import { spawnDetachedRunner } from '../runner';
import type { SessionDeps } from './deps';

/**
 * The runner's argv after its command prefix (the runner entry takes the same words as the CLI), in ECC2's order (spec §3.3) with one deliberate
 * difference: no `--task <text>`. A command line is readable by every local user (`ps`,
 * /proc/<pid>/cmdline), and the task is already in the session's row, which the runner reads.
 */
export function runSessionArgs(deps: SessionDeps, session: Session): string[] {
  return [
    '--home',
    deps.home,
    ...(deps.runner.configFile ? ['--config', deps.runner.configFile] : []),
    'run-session',
    '--session-id',
    session.id,
    '--agent',
    session.agentType,
    '--cwd',
    session.workingDir,
  ];
}

/**
 * The runner's stderr log lives in the working directory (ECC2's path). A `.gitignore` of `*` beside it
 * keeps the folder out of `git status`, so a log never makes a worktree look dirty.
 */
function prepareStderrLog(path: string): void {
  const dir = dirname(path);
  mkdirPrivate(dir);
  const ignore = `${dirname(dir)}/.gitignore`;
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
}

export async function launchRunner(deps: SessionDeps, session: Session): Promise<{ pid: number }> {
  const spawn = deps.spawnRunner ?? spawnDetachedRunner;
  const stderrLogPath = runnerStderrLogPath(session.workingDir, session.id);
  prepareStderrLog(stderrLogPath);
  const { pid } = await spawn({
    command: deps.runner.entry ?? deps.runner.command,
    args: runSessionArgs(deps, session),
    stderrLogPath,
    env: deps.runner.env ? { ...process.env, ...deps.runner.env } : undefined,
    cwd: deps.runner.cwd ?? session.workingDir,
  });
  deps.store.setRunnerPid(session.id, pid);
  return { pid };
}
