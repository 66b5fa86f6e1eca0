// buildAgentCommand: the program, argument array, environment overlay and cwd that launch one
// agent session. Spawn it with an argument array (never a shell): the task is a single argument.
import type { Config, ResolvedAgentProfile, SessionMode } from '../config/types';
import { builtinAgentArgs } from './builtin-args';
import { configuredRunnerArgs } from './configured-args';
import { sharedHarnessEnv } from './env';
import { harnessFromAgentType, harnessRunner, runnerKey } from './kinds';
import { choosePosture } from './posture';

export interface AgentCommand {
  program: string;
  args: string[];
  /** Overlay to apply on top of process.env. */
  env: Record<string, string>;
  cwd: string;
  /** Written to the agent's standard input (headless built-in agents: the task). */
  stdin?: string;
}

export interface BuildAgentCommandOptions {
  config: Config;
  agentType: string;
  /** Usually `agentProgram(config, agentType)`, or its resolved absolute path. */
  program: string;
  task: string;
  sessionId: string;
  workingDir: string;
  profile?: ResolvedAgentProfile;
  mode: SessionMode;
  /** The agent runs in a Switchyard worktree: the worktree write posture applies (see posture.ts). */
  inWorktree?: boolean;
  /** Flags that carry the repository's folder trust to this worktree (harness/trust.ts), interactive only. */
  trustWorktree?: string[];
  /** The agent's own conversation id to continue (Claude `--resume`). */
  resumeSessionId?: string;
  /** Switchyard's hooks for an interactive session (agents/interactive.ts): global options first, env added. */
  reporting?: { args: string[]; env: Record<string, string> };
  /** Where to look for the ECC plugin root; defaults to process.execPath and the package root. */
  pluginRootSeeds?: string[];
  /** Read for CLAUDE_PACKAGE_MANAGER; defaults to process.env. */
  processEnv?: NodeJS.ProcessEnv;
  /** Holds `.claude/package-manager.json`; defaults to os.homedir(). */
  homeDir?: string;
}

export function buildAgentCommand(opts: BuildAgentCommandOptions): AgentCommand {
  const env = sharedHarnessEnv(opts);
  const runner = harnessRunner(opts.config, runnerKey(opts.agentType));
  let args: string[];
  let stdin: string | undefined;
  if (runner) {
    // Runner env comes after the shared variables so a runner can override them.
    for (const [name, value] of Object.entries(runner.env)) {
      if (value.trim() !== '') env[name] = value;
    }
    args = configuredRunnerArgs(runner, opts);
  } else {
    const harness = harnessFromAgentType(opts.agentType);
    const posture = choosePosture(harness, opts.config.worktree_permission_mode, opts.profile, opts.inWorktree === true);
    ({ args, stdin } = builtinAgentArgs(harness, { ...opts, permissionMode: posture.mode }));
    // Trust flags and hooks go first: they are global options of the CLI, before any positional prompt.
    if (opts.mode === 'interactive' && opts.trustWorktree?.length) args = [...opts.trustWorktree, ...args];
    if (opts.reporting) {
      args = [...opts.reporting.args, ...args];
      Object.assign(env, opts.reporting.env);
    }
  }
  return { program: opts.program, args, env, cwd: opts.workingDir, ...(stdin !== undefined ? { stdin } : {}) };
}
