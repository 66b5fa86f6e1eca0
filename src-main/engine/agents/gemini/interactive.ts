// Interactive Gemini: Switchyard's settings hooks (hooksConfig.enabled, SessionStart, BeforeAgent,
// AfterTool, Notification, AfterAgent) in a Gemini home of the session's own (cli-home.ts). Each
// hook runs `switchyard hook-event --agent gemini`, which prints nothing: Gemini reads a hook's
// stdout (or, when that is empty, its stderr) as the hook's answer, so stderr is discarded too —
// a warning there would be shown to the user as a hook message. Gemini loads these hooks only in
// a trusted folder (`--skip-trust` counts, see harness/trust.ts).
import { join } from 'node:path';
import type { SessionEvent } from '../events';
import { hookCommandWords, shellQuote } from '../hooks';
import type { InteractiveAgent, InteractiveReportingContext } from '../interactive';
import { prepareSessionGeminiHome, userGeminiBase } from './cli-home';
import { GEMINI_HOOK_EVENTS } from './hooks';

/** Long enough for a busy machine; Gemini waits for each hook before it goes on. */
const HOOK_TIMEOUT_MS = 30_000;

/**
 * Gemini expands `$NAME` and `${NAME}` in every settings string before the shell sees it; inside
 * single quotes `$''` is the same `$` to the shell and no variable to Gemini.
 */
function protectDollars(command: string): string {
  return command.replace(/\$/g, () => "$''");
}

export function geminiHookCommand(ctx: Pick<InteractiveReportingContext, 'hookCommand' | 'home' | 'sessionId'>, event: string): string {
  const words = hookCommandWords(ctx.hookCommand, ctx.home, ctx.sessionId, 'gemini', event);
  return `${protectDollars(words.map(shellQuote).join(' '))} 2>/dev/null`;
}

/**
 * Gemini's window titles: "◇  Ready (<dir>)", "✦  Working… (<dir>)", "✋  Action Required (<dir>)".
 * No hook fires when a tool approval is refused (the turn is cancelled), so "Ready" is what ends
 * such a turn; "Working" keeps the two in step when a late title and a hook cross.
 */
export function geminiTitleEvents(title: string): SessionEvent[] {
  if (/^\S+\s+Ready\b/u.test(title)) return [{ kind: 'turn_ended' }];
  if (/^\S+\s+Working\b/u.test(title)) return [{ kind: 'turn_started' }];
  return [];
}

export const geminiInteractive: InteractiveAgent = {
  reportsThroughHooks: true,
  fromTitle: geminiTitleEvents,
  prepare: (ctx) => {
    const hooks = GEMINI_HOOK_EVENTS.map((event) => ({ event, command: geminiHookCommand(ctx, event) }));
    const home = prepareSessionGeminiHome(join(ctx.sessionDir, 'gemini-home'), ctx.processEnv, hooks, HOOK_TIMEOUT_MS);
    return {
      args: [],
      env: {
        GEMINI_CLI_HOME: home.home,
        // A folder trusted in this session's trust dialog is trusted in the user's own file.
        GEMINI_CLI_TRUSTED_FOLDERS_PATH:
          ctx.processEnv.GEMINI_CLI_TRUSTED_FOLDERS_PATH || join(userGeminiBase(ctx.processEnv), '.gemini', 'trustedFolders.json'),
      },
    };
  },
};
