// Codex's interactive hooks → normalized session events (see ../hooks.ts). Payloads as Codex 0.171
// sends them on stdin: every hook has `session_id` (the thread id), `transcript_path`, `cwd`,
// `model`; UserPromptSubmit has `prompt`; Pre/PostToolUse `tool_name` (Bash, apply_patch, mcp__…),
// `tool_input.command`, `tool_use_id`, PostToolUse `tool_response`; PermissionRequest
// `tool_input{command, description}`; Stop `last_assistant_message`. Token counts are not in any
// hook: they come from the rollout transcript (rollout.ts).
import type { SessionEvent } from '../events';
import type { HookAdapter, HookPayload } from '../hooks';
import { patchedFiles } from './patch';
import { lastTokenTotals, threadSource } from './rollout';

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

/**
 * The events Switchyard installs hooks for (interactive.ts). Codex waits for each hook (0.171 skips
 * `async` ones), and a hook-event process costs about half a second, more on a busy machine. So no
 * PreToolUse: it would delay every tool call and, before an approval, the PermissionRequest that
 * flags the session; PostToolUse reports the call once it ran.
 */
export const CODEX_HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PostToolUse', 'PermissionRequest', 'Stop'] as const;

/** Codex calls its shell tool "Bash" in hooks; the headless stream and the tool log call it "shell". */
function toolName(name: string): string {
  return name === 'Bash' ? 'shell' : name;
}

function shortPatchTarget(patch: string, cwd: string | null): string {
  const files = patchedFiles(patch, cwd).map((f) => f.path);
  return files.length > 0 ? files.join(', ') : 'a patch';
}

/** What the call is about: the command for a shell call, the files for a patch. */
function targetOf(tool: string, input: Json, cwd: string | null): string | null {
  const command = str(input.command);
  if (tool === 'apply_patch') return command ? shortPatchTarget(command, cwd) : null;
  return command ?? str(input.file_path) ?? str(input.path) ?? str(input.url);
}

/**
 * Whether a finished call failed. Codex passes the tool's output text (`Exit code: N …` for a patch,
 * the command's output for Bash); an object may carry an exit code.
 */
function failed(response: unknown): boolean {
  const text = typeof response === 'string' ? response : null;
  if (text !== null) {
    const m = /^Exit code: (-?\d+)/m.exec(text);
    return m !== null && m[1] !== '0';
  }
  const o = obj(response);
  const code = o?.exit_code ?? o?.exitCode;
  return typeof code === 'number' && code !== 0;
}

/** The needs-input prompt for an approval request, in the words of Codex's own dialog. */
function approvalPrompt(tool: string, input: Json, cwd: string | null): string {
  const command = str(input.command);
  const description = str(input.description);
  let ask: string;
  if (tool === 'apply_patch') ask = `Codex asks to edit ${command ? shortPatchTarget(command, cwd) : 'files'}`;
  else if (tool === 'shell') ask = command ? `Codex asks to run: ${command}` : 'Codex asks to run a command';
  else ask = `Codex asks to use ${tool}${command ? `: ${command}` : ''}`;
  return description ? `${ask} (${description})` : ask;
}

function usageFrom(transcript: string | null, model: string | null): SessionEvent[] {
  const totals = transcript ? lastTokenTotals(transcript) : null;
  if (!totals) return [];
  // The same reading as the headless stream (stream.ts): input includes the cached part.
  return [
    {
      kind: 'usage',
      input: totals.input,
      output: totals.output,
      cacheRead: totals.cachedInput,
      cacheWrite: totals.cacheWrite,
      reasoning: totals.reasoning,
      cumulative: true,
      ...(model ? { model } : {}),
    },
  ];
}

function toolEvents(event: string, payload: Json, cwd: string | null): SessionEvent[] {
  const rawName = str(payload.tool_name);
  if (!rawName) return [];
  const tool = toolName(rawName);
  const input = obj(payload.tool_input) ?? {};
  // Pre and Post of one call share tool_use_id; the store keeps one row per id.
  const id = str(payload.tool_use_id) ?? `${str(payload.turn_id) ?? 'turn'}:${rawName}:${str(input.command) ?? ''}`;
  const out: SessionEvent[] = [{ kind: 'tool_call', id, tool, input, target: targetOf(tool, input, cwd) }];
  if (event !== 'PostToolUse') return out;
  const bad = failed(payload.tool_response);
  out.push({ kind: 'tool_result', id, status: bad ? 'error' : 'ok' });
  const patch = str(input.command);
  // A failed patch changed nothing.
  if (tool === 'apply_patch' && patch && !bad) {
    for (const f of patchedFiles(patch, cwd)) out.push({ kind: 'file', path: f.path, action: f.action, tool, callId: id });
  }
  return out;
}

/**
 * Is this the thread the person works in? Codex may run side threads (title generation, helpers);
 * their turns and token totals are not the session's. A thread with no transcript is not
 * persisted, so not the user's; one whose transcript names another origin is not either.
 */
function isUserThread(transcript: string | null): boolean {
  if (!transcript) return false;
  const source = threadSource(transcript);
  return source === null || source === 'user';
}

export function createCodexHookAdapter(): HookAdapter {
  return {
    fromHook(event: string, payload: HookPayload): SessionEvent[] {
      const p = payload as Json;
      const threadId = str(p.session_id);
      const transcript = str(p.transcript_path);
      const cwd = str(p.cwd);
      const model = str(p.model);
      const own = isUserThread(transcript);
      const out: SessionEvent[] = [];
      if (own && threadId) out.push({ kind: 'session_id', id: threadId });
      switch (event) {
        case 'SessionStart':
          // Past any start-up dialog (trust, model notices): the runner's prompt watch can stop.
          // Codex 0.171 starts the thread, and fires this, only with the first prompt: a TUI started
          // or resumed without one reports nothing until the person types.
          if (own) out.push({ kind: 'agent_started', hook: 'SessionStart' });
          break;
        case 'UserPromptSubmit':
          if (own) out.push({ kind: 'turn_started' });
          break;
        case 'PreToolUse':
        case 'PostToolUse':
          // A side thread's edits still happened in the session's folder: they count.
          out.push(...toolEvents(event, p, cwd));
          if (own && event === 'PostToolUse') out.push(...usageFrom(transcript, model));
          break;
        case 'PermissionRequest': {
          const tool = toolName(str(p.tool_name) ?? 'a tool');
          out.push({ kind: 'needs_input', prompt: approvalPrompt(tool, obj(p.tool_input) ?? {}, cwd) });
          break;
        }
        case 'Stop':
          if (!own) break;
          out.push(...usageFrom(transcript, model));
          out.push({ kind: 'turn_ended' });
          out.push({ kind: 'result', text: str(p.last_assistant_message), isError: false });
          break;
        default:
          return [];
      }
      return out;
    },
  };
}
