// Interactive Claude: Switchyard's hooks in a per-session `--settings` JSON (no file, no change to
// the user's own settings). Each hook runs `switchyard hook-event --agent claude`.
import { hookCommandWords, shellQuote } from '../hooks';
import type { InteractiveAgent } from '../interactive';

// What each is for: ./hooks.ts. PermissionRequest hooks print nothing, so Claude still shows its dialog.
export const CLAUDE_HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'PermissionDenied',
  'Notification',
  'Stop',
  'StopFailure',
  'SubagentStop',
  'SessionEnd',
] as const;

const HOOK_TIMEOUT_SECS = 30;

/** The `--settings` JSON whose hooks call back into this CLI (`command` = [node, cli.js] or Electron's). */
export function claudeHookSettings(command: readonly string[], home: string, sessionId: string): string {
  const hooks: Record<string, unknown> = {};
  for (const event of CLAUDE_HOOK_EVENTS) {
    const words = hookCommandWords(command, home, sessionId, 'claude', event);
    // Claude waits for each hook (up to 10 minutes by default): a stuck one must not freeze the session.
    hooks[event] = [{ hooks: [{ type: 'command', command: words.map(shellQuote).join(' '), timeout: HOOK_TIMEOUT_SECS }] }];
  }
  return JSON.stringify({ hooks });
}

export const claudeInteractive: InteractiveAgent = {
  reportsThroughHooks: true,
  prepare: (ctx) => ({ args: ['--settings', claudeHookSettings(ctx.hookCommand, ctx.home, ctx.sessionId)], env: {} }),
};
