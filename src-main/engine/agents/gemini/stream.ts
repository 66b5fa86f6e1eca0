// Reads headless Gemini CLI's `-o stream-json` (0.61; samples in the shared spec's agent-streams/)
// into session events:
//   init{session_id, model}                  -> turn_started; session_id once the model has answered
//   message{role: assistant, content, delta} -> text (the text after the last tool call is the answer)
//   tool_use{tool_name, tool_id, parameters} -> tool_call
//   tool_result{tool_id, status}             -> tool_result, plus file for write_file / replace
//   result{status, error, stats}             -> usage (cumulative), result or error, turn_ended
// Gemini reports no cost, so there is no cost event. Lines arrive through a PTY: warnings between
// them, CRLF ends and chunks cut mid-line are the splitter's job; nothing here throws on input.
import type { SessionEvent, StreamAdapter } from '../events';
import { JsonLineSplitter } from '../../metrics/json-lines';

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Gemini's tools that write a file named by `file_path`; neither says whether the file existed. */
const WRITING_TOOLS = new Set(['write_file', 'replace']);

/** What a call is about, for the tool log: the file, the command, the directory, the URL or the pattern. */
function targetOf(params: Json): string | null {
  for (const key of ['file_path', 'command', 'dir_path', 'path', 'url', 'pattern', 'query']) {
    const v = str(params[key]);
    if (v) return v;
  }
  return null;
}

function toolStatus(status: unknown): 'ok' | 'error' | 'denied' {
  if (status === 'success') return 'ok';
  // Not seen from 0.61 headless yet; kept apart from failures should a refusal be reported so.
  if (status === 'cancelled' || status === 'denied' || status === 'rejected') return 'denied';
  return 'error';
}

/**
 * The model that did the work: the one with the most tokens in result.stats.models (the CLI's
 * router makes small side calls on another model), else init's model unless it is "auto".
 */
function mainModel(stats: Json, initModel: string | null): string | null {
  const models = isObject(stats.models) ? stats.models : {};
  let best: string | null = null;
  let most = 0;
  for (const [name, m] of Object.entries(models)) {
    const total = isObject(m) ? (num(m.total_tokens) ?? (num(m.input_tokens) ?? 0) + (num(m.output_tokens) ?? 0)) : 0;
    if (total > most) [best, most] = [name, total];
  }
  return best ?? (initModel && initModel !== 'auto' ? initModel : null);
}

export interface GeminiStreamOptions {
  /** The model Gemini was launched with (-m, GEMINI_MODEL), used when its stream names none. */
  model?: string | null;
}

export class GeminiStreamAdapter implements StreamAdapter {
  private readonly splitter = new JsonLineSplitter();
  private initModel: string | null = null;

  constructor(private readonly opts: GeminiStreamOptions = {}) {}
  private readonly calls = new Map<string, { tool: string; input: Json }>();
  /** Assistant text since the last tool call: the final answer once the run ends. */
  private answer = '';
  /**
   * Gemini's id from `init`, held back until the model has answered: a conversation whose first
   * request failed is not saved, and `--resume` of it is a fatal error, so such a run must leave
   * no id to resume.
   */
  private pendingId: string | null = null;

  push(chunk: Buffer): SessionEvent[] {
    return this.splitter.push(chunk).flatMap((obj) => this.onLine(obj));
  }

  end(): SessionEvent[] {
    return this.splitter.end().flatMap((obj) => this.onLine(obj));
  }

  private onLine(obj: Json): SessionEvent[] {
    switch (obj.type) {
      case 'init':
        this.pendingId = str(obj.session_id);
        this.initModel = str(obj.model);
        return [{ kind: 'turn_started' }];
      case 'message': {
        if (obj.role !== 'assistant' || typeof obj.content !== 'string') return [];
        // `delta: true` pieces add up; a message without it is whole.
        this.answer = obj.delta === true ? this.answer + obj.content : obj.content;
        const text: SessionEvent[] = obj.content ? [{ kind: 'text', text: obj.content, ...(obj.delta === true ? { delta: true } : {}) }] : [];
        return [...this.confirmedId(), ...text];
      }
      case 'tool_use':
        return [...this.confirmedId(), ...this.onToolUse(obj)];
      case 'tool_result':
        return this.onToolResult(obj);
      case 'result':
        return [...(obj.status === 'success' ? this.confirmedId() : []), ...this.onResult(obj)];
      default:
        return [];
    }
  }

  /** The held-back session id, once: the model has answered, so Gemini has saved the conversation. */
  private confirmedId(): SessionEvent[] {
    const id = this.pendingId;
    this.pendingId = null;
    return id ? [{ kind: 'session_id', id }] : [];
  }

  private onToolUse(obj: Json): SessionEvent[] {
    const id = str(obj.tool_id);
    const tool = str(obj.tool_name);
    if (!id || !tool) return [];
    const input = isObject(obj.parameters) ? obj.parameters : {};
    this.calls.set(id, { tool, input });
    this.answer = '';
    return [{ kind: 'tool_call', id, tool, input, target: targetOf(input) }];
  }

  private onToolResult(obj: Json): SessionEvent[] {
    const id = str(obj.tool_id);
    if (!id) return [];
    const status = toolStatus(obj.status);
    // Not in 0.61's samples, but read when present: a result's output or error text.
    const output = str(obj.output) ?? (isObject(obj.error) ? str(obj.error.message) : str(obj.error));
    const events: SessionEvent[] = [{ kind: 'tool_result', id, status, ...(output ? { output } : {}) }];
    const call = this.calls.get(id);
    this.calls.delete(id);
    const path = call ? str(call.input.file_path) : null;
    if (status === 'ok' && call && path && WRITING_TOOLS.has(call.tool)) {
      // The stream does not say whether write_file created the file: "modify" is the safe reading
      // (conflict detection treats both alike).
      events.push({ kind: 'file', path, action: 'modify', tool: call.tool, callId: id });
    }
    return events;
  }

  private onResult(obj: Json): SessionEvent[] {
    const events: SessionEvent[] = [];
    const stats = isObject(obj.stats) ? obj.stats : null;
    if (stats) {
      // input_tokens is the prompt including cached tokens; `input` is the fresh part.
      const prompt = num(stats.input_tokens) ?? 0;
      const cached = num(stats.cached) ?? 0;
      const model = mainModel(stats, this.initModel) ?? this.opts.model ?? null;
      events.push({
        kind: 'usage',
        input: num(stats.input) ?? Math.max(0, prompt - cached),
        output: num(stats.output_tokens) ?? 0,
        cacheRead: cached,
        cacheWrite: 0,
        reasoning: 0,
        cumulative: true,
        ...(model ? { model } : {}),
      });
    }
    if (obj.status === 'success') {
      events.push({ kind: 'result', text: this.answer.trim() || null, isError: false });
    } else {
      // The error is not an answer: it must not become the commit message body.
      const message = isObject(obj.error) ? str(obj.error.message) : str(obj.error);
      events.push({ kind: 'error', message: message ?? `gemini ended with status ${String(obj.status)}` }, { kind: 'result', text: null, isError: true });
    }
    events.push({ kind: 'turn_ended' });
    return events;
  }
}

export function createGeminiStreamAdapter(opts: GeminiStreamOptions = {}): StreamAdapter {
  return new GeminiStreamAdapter(opts);
}
