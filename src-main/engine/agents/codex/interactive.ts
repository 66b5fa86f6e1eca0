// Interactive Codex (the TUI): Switchyard's hooks passed on the command line for one session
// (`-c hooks.<Event>=[…]`, a config layer of its own, so the user's own hooks still run beside
// them), each running `switchyard hook-event --agent codex`. Checked against Codex 0.171:
// - hooks that are not trusted are skipped silently, and trust is saved per hook in the user's
//   config; `--dangerously-bypass-hook-trust` runs them for this invocation instead (and, as its
//   name says, any other enabled hook too: the user's own or a trusted project's);
// - Codex runs a hook's `command` through a POSIX shell (not $SHELL: hooks still run with
//   SHELL=/bin/false), so its words are POSIX-quoted;
// - `--no-daemon`: the TUI then runs its app server in-process, so `stop` (which ends the agent's
//   process group) leaves nothing of it running.
import { hookCommandWords, shellQuote } from '../hooks';
import type { InteractiveAgent, InteractiveReportingContext } from '../interactive';
import { CODEX_HOOK_EVENTS } from './hooks';

/** Seconds Codex waits for one hook; hook-event answers in well under a second. */
const HOOK_TIMEOUT_SECS = 30;

/** A TOML basic string (`-c` values are parsed as TOML): JSON's escapes, minus the ones TOML lacks. */
export function tomlString(s: string): string {
  // JSON.stringify escapes quotes, backslashes and C0 controls with sequences TOML shares; TOML
  // also forbids a raw DEL, and has no `\/` (JSON never emits it).
  return JSON.stringify(s).replace(/\u007f/g, '\\u007F');
}

/** The `-c hooks.<Event>=…` overrides for one session. */
export function codexHookOverrides(ctx: Pick<InteractiveReportingContext, 'hookCommand' | 'home' | 'sessionId'>): string[] {
  const args: string[] = [];
  for (const event of CODEX_HOOK_EVENTS) {
    const command = hookCommandWords(ctx.hookCommand, ctx.home, ctx.sessionId, 'codex', event).map(shellQuote).join(' ');
    args.push('-c', `hooks.${event}=[{hooks=[{type="command",command=${tomlString(command)},timeout=${HOOK_TIMEOUT_SECS}}]}]`);
  }
  return args;
}

export const codexInteractive: InteractiveAgent = {
  reportsThroughHooks: true,
  prepare: (ctx) => ({
    args: ['--dangerously-bypass-hook-trust', '--no-daemon', ...codexHookOverrides(ctx)],
    env: {},
  }),
};
