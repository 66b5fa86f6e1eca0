// Which agent's machine stream a session prints, if any: decided before the metrics parser (and
// its price tables) is loaded, so a runner whose session prints none never loads them.
import type { Config, RunnerOutputFormat } from '../config/types';
import { harnessFromAgentType, harnessRunner, runnerKey } from '../harness/kinds';
import type { HarnessKind } from '../harness/kinds';
import type { Session } from '../model';

const FORMAT_STREAMS: Record<RunnerOutputFormat, HarnessKind> = {
  'claude-stream-json': 'claude',
  'codex-json': 'codex',
  'opencode-json': 'opencode',
  'gemini-stream-json': 'gemini',
};

/** Whose machine stream the session's output is, or null when it prints none Switchyard reads. */
export function outputStreamOf(config: Config, session: Pick<Session, 'agentType' | 'mode'>): HarnessKind | null {
  const runner = harnessRunner(config, runnerKey(session.agentType));
  if (runner?.output_format) return FORMAT_STREAMS[runner.output_format];
  // A runner named after a built-in agent (`[harness_runners.claude]`, say, for another program
  // path) is still read as that agent's headless stream; lines that are not JSON are skipped.
  return session.mode === 'headless' ? harnessFromAgentType(session.agentType) : null;
}
