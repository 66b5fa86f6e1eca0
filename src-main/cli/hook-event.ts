// `switchyard hook-event`: an agent runs it on every hook (each tool call, each turn) and waits for
// it, so besides the registered command (commands/hooks.ts) the CLI entry takes a fast path for it
// that loads only the config, the store and the agents' hook adapters — not the whole CLI.
import { existsSync } from 'node:fs';
import { hookAdapterFor, isHookAgent, type HookPayload } from '../engine/agents/hooks';
import { loadConfig } from '../engine/config';
import type { Config } from '../engine/config/types';
import { resolveDataHome, sessionDir } from '../engine/paths';
import { applyAgentEvents } from '../engine/sessions/agent-events';
import { openStore, type Store } from '../engine/store';

export interface HookEventArgs {
  home?: string;
  config?: string;
  agent: string;
  sessionId: string;
  event: string;
}

/**
 * The exact words hooks are installed with (agents/hooks.ts hookCommandWords):
 * `[--home H] [--config F] hook-event [--agent A] --session-id S --event E`; anything else is
 * null and goes through the full CLI (which explains usage errors).
 */
export function parseHookEventArgv(argv: readonly string[]): HookEventArgs | null {
  const globals: Record<string, string> = {};
  let i = 0;
  while (i < argv.length && (argv[i] === '--home' || argv[i] === '--config')) {
    const value = argv[i + 1];
    if (value === undefined) return null;
    globals[argv[i]!.slice(2)] = value;
    i += 2;
  }
  if (argv[i] !== 'hook-event') return null;
  const opts: Record<string, string> = { agent: 'claude' };
  for (i += 1; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined || !['--agent', '--session-id', '--event'].includes(flag)) return null;
    opts[flag.slice(2)] = value;
  }
  if (!opts['session-id'] || !opts.event) return null;
  return { home: globals.home, config: globals.config, agent: opts.agent!, sessionId: opts['session-id'], event: opts.event };
}

/** The hook's JSON payload from standard input ({} when absent or malformed: the event still counts). */
export async function readHookPayload(stdin: NodeJS.ReadStream = process.stdin, limitBytes = 1024 * 1024): Promise<HookPayload> {
  if (stdin.isTTY) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) break;
    chunks.push(buf);
  }
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    const v: unknown = text.trim() ? JSON.parse(text) : {};
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as HookPayload) : {};
  } catch {
    return {};
  }
}

/** Runs the agent's hook adapter on the payload and stores the events. Unknown sessions are ignored. */
export function recordHookEvent(deps: { home: string; config: Config; store: Store }, args: HookEventArgs, payload: HookPayload): void {
  if (!isHookAgent(args.agent)) throw new Error(`unknown agent "${args.agent}"`);
  const session = deps.store.getSession(args.sessionId);
  if (!session || session.id !== args.sessionId) return;
  const adapter = hookAdapterFor(args.agent, { stateDir: sessionDir(deps.home, session.id) });
  applyAgentEvents(deps, session.id, adapter.fromHook(args.event, payload));
}

/** The fast path. Never fails the agent's hook and prints nothing on stdout (some agents read it as a decision). */
export async function runHookEventFast(args: HookEventArgs, cwd = process.cwd(), env = process.env): Promise<void> {
  const payload = await readHookPayload();
  try {
    const home = resolveDataHome(args.home, env);
    const { config } = loadConfig({ home, cwd, configFile: args.config });
    // A hook for a data home that has no database has no session to report to: create nothing.
    if (!existsSync(config.db_path)) return;
    const store = openStore(config.db_path);
    try {
      recordHookEvent({ home, config, store }, args, payload);
    } finally {
      store.close();
    }
  } catch (error) {
    process.stderr.write(`switchyard hook-event: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
