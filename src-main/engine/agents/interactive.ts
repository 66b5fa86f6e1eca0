// How an interactive session of a built-in agent reports what it does: each agent's module says
// whether it reports through hooks (then the output-activity guess is off) and prepares the
// arguments and environment that install Switchyard's hooks for one session (files it needs go
// in the session's own folder under the data home).
import type { HarnessKind } from '../harness/kinds';
import type { SessionEvent } from './events';
import { claudeInteractive } from './claude/interactive';
import { codexInteractive } from './codex/interactive';
import { geminiInteractive } from './gemini/interactive';
import { opencodeInteractive } from './opencode/interactive';

export interface InteractiveReportingContext {
  sessionId: string;
  /** The data home; hook commands name it with --home. */
  home: string;
  /** Program and leading arguments that run this CLI, e.g. [node, out/main/cli.js]. */
  hookCommand: readonly string[];
  workingDir: string;
  /** This session's private folder (paths.ts sessionDir); an agent that needs files there creates it 0700. */
  sessionDir: string;
  /** The environment the agent will see (e.g. to find the user's own agent config). */
  processEnv: NodeJS.ProcessEnv;
}

export interface InteractiveReporting {
  /** Global options, placed before everything else on the agent's command line. */
  args: string[];
  /** Added to the agent's environment. */
  env: Record<string, string>;
}

export interface InteractiveAgent {
  /** True once the agent's hooks report running/idle/needs-input (no output-activity guess). */
  reportsThroughHooks: boolean;
  prepare(ctx: InteractiveReportingContext): InteractiveReporting | Promise<InteractiveReporting>;
  /**
   * Events a terminal title stands for, where the hooks leave a state out (sessions/title-tap.ts);
   * read only once the hooks have reported the agent's start.
   */
  fromTitle?(title: string): SessionEvent[];
}

const AGENTS: Partial<Record<HarnessKind, InteractiveAgent>> = {
  claude: claudeInteractive,
  codex: codexInteractive,
  opencode: opencodeInteractive,
  gemini: geminiInteractive,
};

export function interactiveAgentFor(harness: HarnessKind): InteractiveAgent | null {
  return AGENTS[harness] ?? null;
}
