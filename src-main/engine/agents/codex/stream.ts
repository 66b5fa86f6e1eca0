// Reads `codex exec --json` (JSONL on stdout, through the runner's PTY) into session events.
// Checked against Codex 0.171: thread.started{thread_id}, turn.started, item.started|updated|
// completed{item}, turn.completed{usage}, turn.failed{error}, error{message}.
import path from 'node:path';
import { JsonLineSplitter } from '../../metrics/json-lines';
import type { SessionEvent, StreamAdapter } from '../events';

type Json = Record<string, unknown>;
type FileEventAction = Extract<SessionEvent, { kind: 'file' }>['action'];

const FILE_KIND: Record<string, FileEventAction> = { add: 'create', update: 'modify', delete: 'delete' };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

export interface CodexStreamOptions {
  /** The session's working directory: relative change paths are resolved against it. */
  cwd?: string;
  /** The model Codex was launched with (its stream names none): usage reports it, for pricing. */
  model?: string | null;
}

export function createCodexStreamAdapter(opts: CodexStreamOptions = {}): StreamAdapter {
  const splitter = new JsonLineSplitter();
  // Items arrive as started/updated/completed; a tool call is counted once, on the first sighting.
  const seenCalls = new Set<string>();
  const finishedCalls = new Set<string>();
  let lastMessage: string | null = null;
  let resultSent = false;

  // exec --json has no "result" record: the turn's last agent message is the final answer (the
  // commit message body). exec runs one turn, so one result.
  const result = (isError: boolean): SessionEvent[] => {
    if (resultSent) return [];
    resultSent = true;
    return [{ kind: 'result', text: lastMessage, isError }];
  };

  const absolute = (p: string): string => (path.isAbsolute(p) || !opts.cwd ? p : path.resolve(opts.cwd, p));

  const onItem = (type: string, item: Json, out: SessionEvent[]): void => {
    const id = str(item.id) ?? '';
    const done = type === 'item.completed';
    switch (item.type) {
      case 'agent_message': {
        const text = str(item.text);
        // Only the completed message: started/updated carry partial text of the same message.
        if (done && text) {
          out.push({ kind: 'text', text });
          lastMessage = text;
        }
        break;
      }
      case 'command_execution': {
        const command = str(item.command) ?? '';
        if (!seenCalls.has(id)) {
          seenCalls.add(id);
          out.push({ kind: 'tool_call', id, tool: 'shell', input: { command }, target: command });
        }
        if (done && !finishedCalls.has(id)) {
          finishedCalls.add(id);
          const ok = item.status === 'completed' && (item.exit_code === 0 || item.exit_code === null || item.exit_code === undefined);
          const output = str(item.aggregated_output);
          out.push({ kind: 'tool_result', id, status: item.status === 'declined' ? 'denied' : ok ? 'ok' : 'error', ...(output ? { output } : {}) });
        }
        break;
      }
      case 'file_change': {
        const changes = (Array.isArray(item.changes) ? item.changes : []).map(obj).filter((c): c is Json => c !== null);
        const paths = changes.map((c) => absolute(str(c.path) ?? '')).filter((p) => p !== '');
        if (!seenCalls.has(id)) {
          seenCalls.add(id);
          out.push({ kind: 'tool_call', id, tool: 'apply_patch', input: { changes: changes.map((c) => ({ path: absolute(str(c.path) ?? ''), kind: str(c.kind) })) }, target: paths.join(', ') || null });
        }
        if (done && !finishedCalls.has(id)) {
          finishedCalls.add(id);
          const ok = item.status === 'completed';
          out.push({ kind: 'tool_result', id, status: ok ? 'ok' : 'error' });
          // Files count only once the patch applied: a failed patch changed nothing.
          if (ok) {
            for (const c of changes) {
              const p = str(c.path);
              const action = FILE_KIND[str(c.kind) ?? ''];
              if (p && action) out.push({ kind: 'file', path: absolute(p), action, tool: 'apply_patch', callId: id });
            }
          }
        }
        break;
      }
      case 'error':
        // Item-level "errors" are warnings Codex keeps going after (fallback model metadata,
        // hook-trust notices): shown as text, not as a failure of the session.
        if (done && str(item.message)) out.push({ kind: 'text', text: `warning: ${str(item.message)}` });
        break;
      default:
        break;
    }
  };

  const onRecord = (rec: Json, out: SessionEvent[]): void => {
    const type = str(rec.type);
    switch (type) {
      case 'thread.started': {
        const id = str(rec.thread_id);
        if (id) out.push({ kind: 'session_id', id });
        break;
      }
      case 'turn.started':
        out.push({ kind: 'turn_started' });
        break;
      case 'turn.completed': {
        const u = obj(rec.usage);
        if (u) {
          // Codex 0.171 reports the thread's running totals here (a resumed thread's first turn
          // includes the earlier runs), so the latest report wins rather than being added up.
          out.push({
            kind: 'usage',
            input: num(u.input_tokens),
            output: num(u.output_tokens),
            cacheRead: num(u.cached_input_tokens),
            cacheWrite: num(u.cache_write_input_tokens),
            reasoning: num(u.reasoning_output_tokens),
            cumulative: true,
            ...(opts.model ? { model: opts.model } : {}),
          });
        }
        out.push({ kind: 'turn_ended' });
        out.push(...result(false));
        break;
      }
      case 'turn.failed': {
        out.push({ kind: 'error', message: str(obj(rec.error)?.message) ?? 'Codex turn failed' });
        out.push({ kind: 'turn_ended' });
        out.push(...result(true));
        break;
      }
      case 'error': {
        const message = str(rec.message);
        if (message) out.push({ kind: 'error', message });
        break;
      }
      case 'item.started':
      case 'item.updated':
      case 'item.completed': {
        const item = obj(rec.item);
        if (item) onItem(type, item, out);
        break;
      }
      default:
        break;
    }
  };

  const run = (records: Json[]): SessionEvent[] => {
    const out: SessionEvent[] = [];
    for (const rec of records) onRecord(rec, out);
    return out;
  };

  return {
    push: (chunk) => run(splitter.push(chunk)),
    end: () => {
      const out = run(splitter.end());
      // A run cut off before its turn ended still leaves what the agent last said.
      if (lastMessage !== null) out.push(...result(false));
      return out;
    },
  };
}
