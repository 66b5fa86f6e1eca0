// Interactive Claude's hooks → normalized session events (see ../hooks.ts). Payload fields as the
// real Claude Code 2.1.330 sends them (captured with a recording hook):
// - every hook: session_id, transcript_path, cwd, hook_event_name (+ permission_mode, prompt_id)
// - SessionStart{source, model}; UserPromptSubmit{prompt}
// - PostToolUse{tool_name, tool_input, tool_response, tool_use_id, duration_ms}; a Write's
//   tool_response.type is "create" or "update"
// - PostToolUseFailure{tool_name, tool_input, tool_use_id, error, is_interrupt}
// - PermissionRequest{tool_name, tool_input, permission_suggestions} (no tool_use_id), fired just
//   before the dialog is drawn; Notification{message, notification_type} about 6 s later
//   ("Claude needs your permission", permission_prompt) or after a minute idle (idle_prompt)
// - PermissionDenied (auto mode's classifier refused a call){tool_name, tool_input, tool_use_id}
// - Stop{last_assistant_message, background_tasks}; SessionEnd{reason}
// - SubagentStop{agent_id, agent_transcript_path, last_assistant_message}: sub-agents run in the
//   background and may end after the parent's Stop; their usage is in their own transcript
// A call the user rejects in the dialog, or an interrupted turn, fires no hook at all.
// Tokens come from the transcript (./transcript.ts), read on PostToolUse, Stop and SessionEnd.
import type { SessionEvent } from '../events';
import type { HookAdapter, HookContext, HookPayload } from '../hooks';
import { transcriptEvents } from './transcript';

/** Tools whose call writes one file, and the input field that names it. */
const FILE_TOOLS: Readonly<Record<string, string>> = {
  Write: 'file_path',
  Edit: 'file_path',
  MultiEdit: 'file_path',
  NotebookEdit: 'notebook_path',
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function clip(text: string, max = 200): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The file, command, URL or pattern a call is about. */
export function claudeToolTarget(input: Record<string, unknown>): string | null {
  for (const key of ['command', 'file_path', 'notebook_path', 'path', 'url', 'pattern', 'query', 'prompt']) {
    const value = str(input[key]);
    if (value) return clip(value, 500);
  }
  return null;
}

function toolCall(p: HookPayload): Extract<SessionEvent, { kind: 'tool_call' }> | null {
  const tool = str(p.tool_name);
  const id = str(p.tool_use_id);
  if (!tool || !id) return null;
  const input = obj(p.tool_input);
  return { kind: 'tool_call', id, tool, input, target: claudeToolTarget(input) };
}

function fileEvent(p: HookPayload, call: Extract<SessionEvent, { kind: 'tool_call' }>): SessionEvent[] {
  const field = FILE_TOOLS[call.tool];
  const response = obj(p.tool_response);
  const path = field ? (str(call.input[field]) ?? str(response.filePath)) : null;
  if (!path) return [];
  // Claude says whether a Write made the file ("create") or replaced it ("update"); edits modify.
  const action = call.tool === 'Write' && response.type === 'create' ? 'create' : 'modify';
  return [{ kind: 'file', path, action, tool: call.tool, callId: call.id }];
}

function permissionPrompt(p: HookPayload): string {
  const tool = str(p.tool_name) ?? 'a tool';
  const target = claudeToolTarget(obj(p.tool_input));
  return clip(`Claude asks permission to use ${tool}${target ? `: ${target}` : ''}`);
}

/**
 * Not a Claude hook: after Stop, hook-event reads the transcript once more in the background,
 * because Claude fires Stop before the turn's last lines are in the file (anthropics/claude-code#15812,
 * #40655) and they would otherwise be counted only at the next hook.
 */
export const TRANSCRIPT_SETTLE = 'SwitchyardTranscriptSettle';

/** Notification types that are not a question to the user (idle reminders, login done). */
const NOT_A_QUESTION = new Set(['idle_prompt', 'auth_success']);

export function createClaudeHookAdapter(ctx: HookContext = {}): HookAdapter {
  const transcript = (p: HookPayload) => transcriptEvents(p.transcript_path, ctx.stateDir);

  return {
    fromHook(event, p) {
      const out: SessionEvent[] = [];
      const sessionId = str(p.session_id);
      if (sessionId) out.push({ kind: 'session_id', id: sessionId });
      switch (event) {
        case 'SessionStart':
          out.push({ kind: 'agent_started', hook: event });
          break;
        case 'UserPromptSubmit':
          out.push({ kind: 'turn_started' });
          break;
        case 'PostToolUse': {
          const call = toolCall(p);
          if (call) out.push(call, { kind: 'tool_result', id: call.id, status: 'ok' }, ...fileEvent(p, call));
          out.push(...transcript(p));
          break;
        }
        case 'PostToolUseFailure': {
          const call = toolCall(p);
          if (call) out.push(call, { kind: 'tool_result', id: call.id, status: 'error' });
          break;
        }
        case 'PermissionRequest':
          out.push({ kind: 'needs_input', prompt: permissionPrompt(p) });
          break;
        case 'PermissionDenied': {
          const tool = str(p.tool_name);
          if (tool) out.push({ kind: 'denied', tool, input: obj(p.tool_input), callId: str(p.tool_use_id) });
          break;
        }
        case 'Notification': {
          const type = str(p.notification_type);
          if (type && NOT_A_QUESTION.has(type)) break;
          // A permission reminder repeats what PermissionRequest already said in more detail.
          out.push({ kind: 'needs_input', prompt: clip(str(p.message) ?? 'Claude needs your attention'), generic: true });
          break;
        }
        case 'Stop':
          out.push(...transcript(p), { kind: 'result', text: str(p.last_assistant_message), isError: false }, { kind: 'turn_ended' });
          break;
        case 'StopFailure':
          // The turn ended on an API error: the agent waits for input again.
          out.push(...transcript(p), { kind: 'error', message: clip(str(p.error) ?? str(p.message) ?? 'the turn ended with an error') }, { kind: 'turn_ended' });
          break;
        case TRANSCRIPT_SETTLE:
          // Switchyard's own late read after Stop (hook-event starts it, once the file grew).
          out.push(...transcript(p));
          break;
        case 'SubagentStop':
          // A sub-agent (the Agent tool, run in the background) keeps its own transcript.
          out.push(...transcriptEvents(p.agent_transcript_path, ctx.stateDir));
          break;
        case 'SessionEnd':
          out.push(...transcript(p));
          break;
        default:
          break;
      }
      return out;
    },
  };
}
