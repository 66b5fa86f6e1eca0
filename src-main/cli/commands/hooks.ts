// `hook-event` (hidden): called by an agent's hooks to report what it is doing. The agent's hook
// adapter (engine/agents/<agent>/hooks.ts) turns the payload into session events, which
// engine/sessions/agent-events.ts stores. The CLI entry usually answers it on a fast path
// (../hook-event.ts); this registration serves other spellings of the same command.
import type { Command } from 'commander';
import { readHookPayload, recordHookEvent } from '../hook-event';
import type { ContextFactory } from '../program';

export function registerHookCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('hook-event', { hidden: true })
    .description("Record an agent hook (the hook's JSON payload arrives on standard input)")
    .requiredOption('--session-id <id>')
    .requiredOption('--event <name>')
    .option('--agent <name>', 'the agent whose hook fired', 'claude')
    .action(async (opts: { sessionId: string; event: string; agent: string }) => {
      const c = ctx();
      const payload = await readHookPayload();
      // Never fail the agent's hook (and print nothing on stdout): report problems on stderr, exit 0.
      try {
        const deps = c.sessionDeps();
        recordHookEvent(deps, opts, payload);
      } catch (error) {
        c.io.err(`switchyard hook-event: ${(error as Error).message}`);
      }
    });
}
