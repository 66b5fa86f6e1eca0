// `switchyard hook-event`: an agent runs it on every hook (each tool call, each turn) and waits for
// it, so besides the registered command (commands/hooks.ts) the CLI entry takes a fast path for it
// that loads only the config, the store and the agents' hook adapters — not the whole CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSCRIPT_SETTLE } from '../engine/agents/claude/hooks';
import { waitForTranscriptGrowth } from '../engine/agents/claude/transcript';
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

/**
 * One session's hooks are recorded one at a time: the agent runs them in turn, but the late
 * transcript read below runs beside them, and usage totals are read-modify-write.
 */
function withSessionLock<T>(dir: string, fn: () => T): T {
  const lock = join(dir, 'hook-event.lock');
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const started = Date.now();
  let held = false;
  for (;;) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      mkdirSync(lock, { mode: 0o700 });
      held = true;
      break;
    } catch {
      // Held: wait for it; a holder that died long ago is forgotten.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 15_000) rmdirSync(lock);
      } catch {
        // released meanwhile
      }
      if (Date.now() - started > 10_000) break; // never hold the agent's hook up for ever
      Atomics.wait(sleeper, 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    if (held) {
      try {
        rmdirSync(lock);
      } catch {
        // taken over as stale meanwhile: nothing left to release
      }
    }
  }
}

/**
 * After Claude's Stop, the turn's last transcript lines arrive only after the hook returned: read
 * them from a detached process once the file grew, so the turn's tokens are counted now rather than
 * at the next hook.
 */
function startLateTranscriptRead(args: HookEventArgs, payload: HookPayload): void {
  const path = payload.transcript_path;
  const script = process.argv[1];
  if (typeof path !== 'string' || !script) return;
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  const globals = [...(args.home ? ['--home', args.home] : []), ...(args.config ? ['--config', args.config] : [])];
  const child = spawn(process.execPath, [script, ...globals, 'hook-event', '--agent', 'claude', '--session-id', args.sessionId, '--event', TRANSCRIPT_SETTLE], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(JSON.stringify({ session_id: payload.session_id, transcript_path: path, settle_from_size: size }));
  child.unref();
}

/** The fast path. Never fails the agent's hook and prints nothing on stdout (some agents read it as a decision). */
export async function runHookEventFast(args: HookEventArgs, cwd = process.cwd(), env = process.env): Promise<void> {
  const payload = await readHookPayload();
  try {
    if (args.event === TRANSCRIPT_SETTLE) waitForTranscriptGrowth(payload.transcript_path, typeof payload.settle_from_size === 'number' ? payload.settle_from_size : 0);
    const home = resolveDataHome(args.home, env);
    const { config } = loadConfig({ home, cwd, configFile: args.config });
    // A hook for a data home that has no database has no session to report to: create nothing.
    if (!existsSync(config.db_path)) return;
    const store = openStore(config.db_path);
    try {
      // Session ids are short tokens; anything else names no session (and no folder to lock).
      if (!/^[\w-]{1,64}$/.test(args.sessionId)) return;
      // Only Claude's hooks have a reader beside them (the late transcript read below).
      const record = () => recordHookEvent({ home, config, store }, args, payload);
      if (args.agent === 'claude') withSessionLock(sessionDir(home, args.sessionId), record);
      else record();
    } finally {
      store.close();
    }
    if (args.agent === 'claude' && (args.event === 'Stop' || args.event === 'StopFailure')) startLateTranscriptRead(args, payload);
  } catch (error) {
    process.stderr.write(`switchyard hook-event: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
