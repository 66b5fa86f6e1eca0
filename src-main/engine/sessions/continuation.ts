// Whether a run continues the agent's own conversation: a built-in agent that reported its
// conversation id resumes it (claude --resume, codex resume, opencode --session, gemini --resume).
// A configured runner has no resume flag, so it always starts over with the task.
import type { Config } from '../config/types';
import { harnessRunner, runnerKey } from '../harness/kinds';
import type { Session } from '../model';

export function continuesConversation(config: Config, session: Pick<Session, 'agentType' | 'harnessSessionId'>): boolean {
  return session.harnessSessionId !== null && harnessRunner(config, runnerKey(session.agentType)) === undefined;
}

/** Sent to a headless agent that continues its conversation without a follow-up (resume of a stopped or failed run). */
export const CONTINUE_PROMPT = 'Continue where you left off: your previous run was interrupted before it finished.';

/**
 * What the agent is told: the task on a first run (or by an agent that cannot continue). A run that
 * continues the agent's own conversation gets the pending follow-up (resume --prompt, allow) or,
 * headless, a "continue" note; an interactive one gets no prompt (the person types). The task is
 * never sent twice into one conversation.
 */
export function promptFor(config: Config, session: Pick<Session, 'agentType' | 'harnessSessionId' | 'task' | 'mode'>, followUp: string | null): string {
  if (!continuesConversation(config, session)) return followUp ?? session.task;
  if (followUp !== null) return followUp;
  return session.mode === 'interactive' ? '' : CONTINUE_PROMPT;
}
