// `hook-event` (hidden): called by an agent's hooks to report what it is doing (see engine/sessions/hooks.ts).
import type { Command } from 'commander';
import { hookAdapterFor, isHookAgent } from '../../engine/agents/hooks';
import { applyAgentEvents } from '../../engine/sessions/agent-events';
import { applyHookEvent } from '../../engine/sessions/hooks';
import type { HookPayload } from '../../engine/sessions/hooks';
import type { ContextFactory } from '../program';

async function readStdin(limitBytes = 1024 * 1024): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) break;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function registerHookCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('hook-event', { hidden: true })
    .description("Record an agent hook (the hook's JSON payload arrives on standard input)")
    .requiredOption('--session-id <id>')
    .requiredOption('--event <name>')
    .option('--agent <name>', 'the agent whose hook fired', 'claude')
    .action(async (opts: { sessionId: string; event: string; agent: string }) => {
      const c = ctx();
      let payload: HookPayload = {};
      try {
        const text = await readStdin();
        if (text.trim()) payload = JSON.parse(text) as HookPayload;
      } catch {
        // A malformed payload still tells us which event fired.
      }
      // Never fail the agent's hook: report problems on stderr and exit 0.
      try {
        if (!isHookAgent(opts.agent)) throw new Error(`unknown agent "${opts.agent}"`);
        const deps = c.sessionDeps();
        if (opts.agent === 'claude') applyHookEvent(deps, opts.sessionId, opts.event, payload);
        const events = hookAdapterFor(opts.agent).fromHook(opts.event, payload as Record<string, unknown>);
        applyAgentEvents(deps, opts.sessionId, events);
      } catch (error) {
        c.io.err(`switchyard hook-event: ${(error as Error).message}`);
      }
    });
}
