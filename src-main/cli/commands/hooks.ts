// `hook-event` (hidden): called by an agent's hooks to report what it is doing. The agent's hook
// adapter (engine/agents/<agent>/hooks.ts) turns the payload into session events, which
// engine/sessions/agent-events.ts stores.
import type { Command } from 'commander';
import { hookAdapterFor, isHookAgent, type HookPayload } from '../../engine/agents/hooks';
import { sessionDir } from '../../engine/paths';
import { applyAgentEvents } from '../../engine/sessions/agent-events';
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

function asPayload(v: unknown): HookPayload {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as HookPayload) : {};
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
        if (text.trim()) payload = asPayload(JSON.parse(text));
      } catch {
        // A malformed payload still tells us which event fired.
      }
      // Never fail the agent's hook (and print nothing on stdout, which some agents read as a
      // decision): report problems on stderr and exit 0.
      try {
        if (!isHookAgent(opts.agent)) throw new Error(`unknown agent "${opts.agent}"`);
        const deps = c.sessionDeps();
        const session = deps.store.getSession(opts.sessionId);
        if (!session || session.id !== opts.sessionId) return;
        const adapter = hookAdapterFor(opts.agent, { stateDir: sessionDir(deps.home, session.id) });
        applyAgentEvents(deps, session.id, adapter.fromHook(opts.event, payload));
      } catch (error) {
        c.io.err(`switchyard hook-event: ${(error as Error).message}`);
      }
    });
}
