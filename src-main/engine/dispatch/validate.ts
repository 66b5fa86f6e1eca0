// A queued request runs later, unattended; anything that would make it fail then (an unknown agent
// or profile, a task no command line can carry) is refused now, naming the field, so the sender
// hears about it instead of finding a failed session in the morning.
import { resolveAgentProfile } from '../config';
import type { Config, ResolvedAgentProfile } from '../config/types';
import { agentProgram, buildAgentCommand, canonicalAgentType, commandLineProblem } from '../harness';
import { nulByteProblem } from '../sessions/task-text';
import { FieldError } from './intake-body';

export interface RequestCheck {
  /** What the agent will be given. */
  task: string;
  /** The body field the task came from ("task", or "goal" for computer use). */
  taskField: string;
  agent: string;
  profile?: string;
  cwd: string;
}

function profileOf(config: Config, name: string | undefined): ResolvedAgentProfile | undefined {
  if (name === undefined) return undefined;
  try {
    return resolveAgentProfile(config, name);
  } catch (error) {
    throw new FieldError('profile', `${(error as Error).message}; use a profile defined under [agent_profiles] in config.toml`);
  }
}

export function checkRequest(config: Config, req: RequestCheck): void {
  const nul = nulByteProblem(req.task, req.taskField);
  if (nul) throw new FieldError(req.taskField, nul);
  const profile = profileOf(config, req.profile);
  const field = profile?.agent ? 'profile' : 'agent';
  const agentType = canonicalAgentType(profile?.agent ?? req.agent);
  // `auto` picks the agent from the working directory when the request runs.
  if (agentType === 'auto') return;
  let program: string;
  try {
    program = agentProgram(config, agentType);
  } catch (error) {
    throw new FieldError(
      field,
      `unknown agent "${profile?.agent ?? req.agent}" (${(error as Error).message}); use claude, codex, opencode, gemini, cursor or auto, or a runner configured under [harness_runners] in config.toml`,
    );
  }
  const command = buildAgentCommand({ config, agentType, program, task: req.task, sessionId: '00000000', workingDir: req.cwd, profile, mode: config.default_mode });
  const tooLong = commandLineProblem(command);
  if (tooLong) throw new FieldError(req.taskField, `the ${req.taskField} is too large to hand to the agent: ${tooLong}`);
}
