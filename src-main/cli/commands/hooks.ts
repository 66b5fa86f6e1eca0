// `hook-event` (hidden): called by an agent's hooks to report what it is doing (see engine/sessions/hooks.ts).
import type { Command } from 'commander';
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
    .action(async (opts: { sessionId: string; event: string }) => {
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
        applyHookEvent(c.sessionDeps(), opts.sessionId, opts.event, payload);
      } catch (error) {
        c.io.err(`switchyard hook-event: ${(error as Error).message}`);
      }
    });
}
