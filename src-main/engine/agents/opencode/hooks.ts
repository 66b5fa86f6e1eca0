// What Switchyard's OpenCode plugin (plugin.ts) sends → normalized session events (see ../hooks.ts).
// The plugin forwards OpenCode's bus events (names and fields as OpenCode 1.18.33 has them) and a
// few of its own: `usage` (the session's running totals), `tool` (a finished tool call), `batch`
// (several of these at once, in order).
import type { SessionEvent } from '../events';
import type { HookAdapter, HookPayload } from '../hooks';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : []);

/** What OpenCode's dialog says each permission is about (its TUI: "← Access external directory …"). */
const PERMISSION_WORDS: Record<string, string> = {
  bash: 'run a command',
  edit: 'edit',
  write: 'write',
  read: 'read',
  external_directory: 'access an external directory',
  webfetch: 'fetch',
  websearch: 'search the web for',
  task: 'start a sub-agent',
  doom_loop: 'keep repeating a tool call',
};

/** A one-line prompt for permission.asked{permission, patterns, metadata}. */
export function permissionPrompt(payload: Obj): string {
  const permission = str(payload.permission) ?? 'a tool';
  const metadata = obj(payload.metadata) ?? {};
  const what = PERMISSION_WORDS[permission] ?? `use ${permission}`;
  const target =
    str(metadata.command) ?? str(metadata.parentDir) ?? str(metadata.filepath) ?? str(metadata.url) ?? strings(payload.patterns).join(', ');
  const patterns = strings(payload.patterns);
  const also = patterns.length > 0 && !patterns.includes(target) ? ` (${patterns.join(', ')})` : '';
  return `OpenCode asks permission to ${what}${target ? `: ${target}` : ''}${also}`;
}

function questionPrompt(payload: Obj): string {
  const questions = Array.isArray(payload.questions) ? payload.questions.map(obj) : [];
  const first = questions.find((q) => q !== null && str(q.question) !== null);
  return first ? `OpenCode asks: ${str(first.question)}` : 'OpenCode asks a question';
}

/** What a call is about, for the tool log: the file, the command, the pattern or URL. */
function targetOf(tool: string, input: Obj): string | null {
  if (tool === 'bash') return str(input.command);
  return str(input.filePath) ?? str(input.path) ?? str(input.pattern) ?? str(input.url);
}

/** OpenCode's wording when a permission rule (not the user's answer) refused the call. */
const RULE_DENIED = /rule which prevents you from using/i;
const REJECTED = /rejected permission|prevents you from using/i;

function toolEvents(payload: Obj): SessionEvent[] {
  const tool = str(payload.tool) ?? 'unknown';
  const id = str(payload.callID);
  if (!id) return [];
  const input = obj(payload.input) ?? {};
  const out: SessionEvent[] = [{ kind: 'tool_call', id, tool, input, target: targetOf(tool, input) }];
  if (payload.status === 'completed') {
    out.push({ kind: 'tool_result', id, status: 'ok' });
    return out;
  }
  const error = str(payload.error) ?? '';
  out.push({ kind: 'tool_result', id, status: REJECTED.test(error) ? 'denied' : 'error' });
  // The user's own "Reject" in the dialog is an answer, not a refusal by the agent's rules.
  if (RULE_DENIED.test(error)) out.push({ kind: 'denied', tool, input, callId: id });
  return out;
}

function usageEvents(payload: Obj): SessionEvent[] {
  const model = str(payload.model);
  return [
    {
      kind: 'usage',
      input: num(payload.input),
      output: num(payload.output),
      reasoning: num(payload.reasoning),
      cacheRead: num(payload.cacheRead),
      cacheWrite: num(payload.cacheWrite),
      cumulative: true,
      ...(model ? { model } : {}),
    },
    { kind: 'cost', usd: num(payload.cost), cumulative: true },
  ];
}

function fromEvent(event: string, payload: Obj): SessionEvent[] {
  const session = str(payload.sessionID);
  const sessionId: SessionEvent[] = session ? [{ kind: 'session_id', id: session }] : [];
  switch (event) {
    case 'batch':
      return (Array.isArray(payload.events) ? payload.events : []).flatMap((e) => {
        const one = obj(e);
        const name = str(one?.event);
        return one && name && name !== 'batch' ? fromEvent(name, obj(one.payload) ?? {}) : [];
      });
    case 'plugin.loaded':
      // OpenCode has no dialog before its session: once the plugin runs, the TUI is up. Without a
      // prompt it waits for the user's first message.
      return [{ kind: 'agent_started', hook: 'plugin.loaded' }, ...(payload.prompted === false ? [{ kind: 'turn_ended' } as const] : [])];
    case 'session.status':
      // "retry" (a failed request about to be retried) is still the turn going on.
      return [...sessionId, obj(payload.status)?.type === 'idle' ? { kind: 'turn_ended' } : { kind: 'turn_started' }];
    case 'session.idle':
      return [...sessionId, { kind: 'turn_ended' }];
    case 'permission.asked':
      return [{ kind: 'needs_input', prompt: permissionPrompt(payload) }];
    case 'question.asked':
      return [{ kind: 'needs_input', prompt: questionPrompt(payload) }];
    case 'permission.replied':
    case 'question.replied':
    case 'question.rejected':
      // Answered: the turn goes on (clears needs-input); a rejection then ends it with session.idle.
      return [{ kind: 'turn_started' }];
    case 'tool':
      return toolEvents(payload);
    case 'file.edited': {
      const path = str(payload.file);
      if (!path) return [];
      const action = payload.existed === false ? 'create' : 'modify';
      return [{ kind: 'file', path, action, tool: str(payload.tool) ?? 'edit', callId: str(payload.callID) }];
    }
    case 'usage':
      return usageEvents(payload);
    default:
      return [];
  }
}

export function createOpencodeHookAdapter(): HookAdapter {
  return {
    fromHook: (event: string, payload: HookPayload) => fromEvent(event, payload),
  };
}
