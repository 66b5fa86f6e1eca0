// Gemini's interactive hooks (settings hooks, see interactive.ts) → normalized session events
// (see ../hooks.ts). Payloads of Gemini CLI 0.61 (samples in the shared spec's agent-streams/):
//   SessionStart{session_id, transcript_path, cwd, source}  -> agent_started
//   BeforeAgent{prompt}                                     -> turn_started
//   AfterTool{tool_name, tool_input, tool_response}         -> tool_call, tool_result, file
//   Notification{notification_type: "ToolPermission", message, details} -> needs_input
//   AfterAgent{prompt, prompt_response}                     -> usage, result, turn_ended
// Token counts are in none of them: each AfterTool and AfterAgent reads the conversation file the
// payload names (transcript.ts) for the running totals and the model. The session id is reported
// once that file shows a model answer: before that Gemini has nothing it could `--resume`. A
// refused approval fires no hook at all; the window title covers it (interactive.ts fromTitle).
import { isAbsolute, resolve } from 'node:path';
import type { SessionEvent } from '../events';
import type { HookAdapter, HookPayload } from '../hooks';
import { sha256Hex } from '../../lazy-crypto';
import { readGeminiTranscript } from './transcript';

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The hooks Switchyard installs, in the order a turn fires them. */
export const GEMINI_HOOK_EVENTS = ['SessionStart', 'BeforeAgent', 'AfterTool', 'Notification', 'AfterAgent'] as const;

/** Gemini's tools that write the file named by `file_path`. */
const WRITING_TOOLS = new Set(['write_file', 'replace']);

/** What a call is about, for the tool log: the file, the command, the directory, the URL or the pattern. */
function targetOf(params: Json): string | null {
  for (const key of ['file_path', 'command', 'dir_path', 'path', 'url', 'pattern', 'query']) {
    const v = str(params[key]);
    if (v) return v;
  }
  return null;
}

/**
 * AfterTool carries no call id; one made of the payload's own fields keeps a hook that runs twice
 * from counting twice, while two identical calls (different timestamps) stay two.
 */
function callIdOf(payload: HookPayload, tool: string, input: Json): string {
  const key = JSON.stringify([payload.session_id ?? null, payload.timestamp ?? null, tool, input]);
  return `hook-${sha256Hex(key).slice(0, 24)}`;
}

function afterTool(payload: HookPayload): SessionEvent[] {
  const tool = str(payload.tool_name);
  if (!tool) return [];
  const input = isObject(payload.tool_input) ? payload.tool_input : {};
  const response = isObject(payload.tool_response) ? payload.tool_response : {};
  const id = callIdOf(payload, tool, input);
  const failed = response.error !== undefined && response.error !== null;
  const events: SessionEvent[] = [
    { kind: 'tool_call', id, tool, input, target: targetOf(input) },
    { kind: 'tool_result', id, status: failed ? 'error' : 'ok' },
  ];
  const file = str(input.file_path);
  if (!failed && file && WRITING_TOOLS.has(tool)) {
    const cwd = str(payload.cwd);
    const path = isAbsolute(file) || !cwd ? file : resolve(cwd, file);
    const display = isObject(response.returnDisplay) ? response.returnDisplay : {};
    events.push({ kind: 'file', path, action: display.isNewFile === true ? 'create' : 'modify', tool, callId: id });
  }
  return events;
}

/** "Confirm Shell Command: echo hi > a.txt": the dialog's title and what it is about. */
export function permissionPrompt(payload: HookPayload): string {
  const details = isObject(payload.details) ? payload.details : {};
  const title = str(details.title);
  let subject: string | null = null;
  switch (details.type) {
    case 'exec':
      subject = str(details.command);
      break;
    case 'edit':
      subject = str(details.filePath) ?? str(details.fileName);
      break;
    case 'mcp': {
      const name = str(details.toolDisplayName) ?? str(details.toolName);
      subject = [str(details.serverName), name].filter(Boolean).join(' ') || null;
      break;
    }
    case 'info':
      subject = str(details.prompt);
      break;
    default:
      break;
  }
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (title && subject) return oneLine(title.includes(subject) ? title : `${title}: ${subject}`);
  return oneLine(title ?? str(payload.message) ?? 'Gemini asks for permission to use a tool');
}

/** Usage (running totals) and, once the model has answered, the session id. */
function fromTranscript(payload: HookPayload): { usage: SessionEvent[]; id: SessionEvent[]; answer: string | null } {
  const path = str(payload.transcript_path);
  const t = path ? readGeminiTranscript(path) : null;
  const sessionId = str(payload.session_id);
  if (!t) return { usage: [], id: [], answer: null };
  const { input, output, cached, thoughts, tool } = t.tokens;
  const usage: SessionEvent[] =
    input + output + thoughts + tool > 0
      ? [
          {
            kind: 'usage',
            // `input` is the whole prompt, cached part included; tool-use prompt tokens are billed as input.
            input: Math.max(0, input - cached) + tool,
            output,
            cacheRead: cached,
            cacheWrite: 0,
            reasoning: thoughts,
            cumulative: true,
            ...(t.model ? { model: t.model } : {}),
          },
        ]
      : [];
  return { usage, id: t.answered && sessionId ? [{ kind: 'session_id', id: sessionId }] : [], answer: t.lastAnswer };
}

export function createGeminiHookAdapter(): HookAdapter {
  return {
    fromHook(event, payload) {
      switch (event) {
        case 'SessionStart':
          return [{ kind: 'agent_started' }];
        case 'BeforeAgent':
          return [{ kind: 'turn_started' }];
        case 'AfterTool': {
          const t = fromTranscript(payload);
          return [...t.id, ...afterTool(payload), ...t.usage];
        }
        case 'Notification':
          if (payload.notification_type !== 'ToolPermission') return [];
          return [...fromTranscript(payload).id, { kind: 'needs_input', prompt: permissionPrompt(payload) }];
        case 'AfterAgent': {
          const t = fromTranscript(payload);
          // The conversation file's last answer: prompt_response repeats streamed pieces in 0.61.
          const text = t.answer ?? str(payload.prompt_response)?.trim() ?? null;
          const sessionId = str(payload.session_id);
          // Without a readable conversation file, an answer in the payload shows the model answered.
          const id: SessionEvent[] = t.id.length > 0 ? t.id : text && sessionId ? [{ kind: 'session_id', id: sessionId }] : [];
          return [...id, ...t.usage, { kind: 'result', text, isError: false }, { kind: 'turn_ended' }];
        }
        default:
          return [];
      }
    },
  };
}
