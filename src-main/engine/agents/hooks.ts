// Interactive sessions report through the agent's own hooks (or plugin): each hook runs
// `switchyard hook-event --agent A --event E` with the hook's JSON payload on standard input, and
// the agent's hook adapter turns it into normalized session events (events.ts), which
// sessions/agent-events.ts stores. Adapters are pure: no I/O except reading a transcript file the
// payload names.
import type { HarnessKind } from '../harness/kinds';
import { createClaudeHookAdapter } from './claude/hooks';
import { createCodexHookAdapter } from './codex/hooks';
import type { SessionEvent } from './events';
import { createGeminiHookAdapter } from './gemini/hooks';
import { createOpencodeHookAdapter } from './opencode/hooks';

export type HookPayload = Record<string, unknown>;

/** Where an adapter may keep what it must remember between hooks (each hook is a new process). */
export interface HookContext {
  /** The session's private folder (paths.ts sessionDir), created on demand 0700. */
  stateDir?: string;
}

export interface HookAdapter {
  /** The events one hook invocation stands for (none for a hook it does not know). */
  fromHook(event: string, payload: HookPayload): SessionEvent[];
}

export const HOOK_AGENTS = ['claude', 'codex', 'opencode', 'gemini'] as const satisfies readonly HarnessKind[];
export type HookAgent = (typeof HOOK_AGENTS)[number];

export function isHookAgent(name: string): name is HookAgent {
  return (HOOK_AGENTS as readonly string[]).includes(name);
}

export function hookAdapterFor(agent: HookAgent, ctx: HookContext = {}): HookAdapter {
  switch (agent) {
    case 'claude':
      return createClaudeHookAdapter(ctx);
    case 'codex':
      return createCodexHookAdapter();
    case 'opencode':
      return createOpencodeHookAdapter();
    case 'gemini':
      return createGeminiHookAdapter();
  }
}

/** POSIX single-quoting: agents run hook commands through a shell, so every word is quoted. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The argument words of the hook command for one event: `command` runs this CLI ([node, cli.js] or
 * Electron's), `home` is the data home the session lives in.
 */
export function hookCommandWords(command: readonly string[], home: string, sessionId: string, agent: HookAgent, event: string): string[] {
  return [...command, '--home', home, 'hook-event', '--agent', agent, '--session-id', sessionId, '--event', event];
}
